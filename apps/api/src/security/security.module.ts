import { Module } from '@nestjs/common';
import { RateLimitGuard } from './rate-limit.guard.js';
import { SECURITY_CONTROLLERS, SECURITY_PROVIDERS } from './security.providers.js';
import { SessionService } from './session.service.js';
import { SecurityEventsService } from './security-events.service.js';
import { TokenService } from './token.service.js';

/** Tokens, sessions that can be taken back, rate limits, resident blocks and the security log (docs/security.md). */
@Module({
  controllers: SECURITY_CONTROLLERS,
  providers: [...SECURITY_PROVIDERS, TokenService, RateLimitGuard],
  exports: [TokenService, SessionService, SecurityEventsService, RateLimitGuard],
})
export class SecurityModule {}
