import { Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { BackgroundJobs } from './background-jobs.js';
import { AllExceptionsFilter } from './exception.filter.js';
import { IdempotencyService } from './idempotency.service.js';
import { RateLimitService } from './rate-limit.service.js';

/** Plumbing every feature uses: the error shape, background jobs, idempotency records, rate-limit counters. */
@Global()
@Module({
  providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }, BackgroundJobs, IdempotencyService, RateLimitService],
  exports: [BackgroundJobs, IdempotencyService, RateLimitService],
})
export class CommonModule {}
