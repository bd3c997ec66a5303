import { Module } from '@nestjs/common';
import { LoginAddressesService } from './login-addresses.service.js';
import { RateLimitGuard } from './rate-limit.guard.js';
import { ResidentBlocksService } from './residents.service.js';
import { SecurityController } from './security.controller.js';
import { SecurityEventsService } from './security-events.service.js';
import { SessionService } from './session.service.js';
import { TokenService } from './token.service.js';

/** Tokens, sessions that can be taken back, rate limits, resident blocks and the security log (docs/security.md). */
@Module({
  controllers: [SecurityController],
  providers: [SessionService, SecurityEventsService, ResidentBlocksService, LoginAddressesService, TokenService, RateLimitGuard],
  exports: [TokenService, SessionService, SecurityEventsService, RateLimitGuard],
})
export class SecurityModule {}
