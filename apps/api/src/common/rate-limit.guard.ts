import { createHash } from 'node:crypto';
import { applyDecorators, type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { type RateLimitCheck, RateLimitService } from './rate-limit.service.js';

export type RateLimitKind = 'login' | 'file' | 'upload';

const RATE_LIMIT = 'rate-limit:kind';
const MINUTE = 60_000;
const HOUR = 3_600_000;

/**
 * Counts the route against its limits before it runs (after authentication, before the body is validated or an
 * upload is read); a refused request gets 429 RATE_LIMITED with Retry-After and writes nothing.
 *  - login: per client address and per username (staff) / openid (demo login), RATE_LIMIT_LOGIN_PER_MIN a minute;
 *  - file, upload: a resident per account and per address, RATE_LIMIT_FILE_PER_HOUR / RATE_LIMIT_UPLOAD_PER_HOUR
 *    an hour. Several residents may share one address (carrier NAT), so the address gets RATE_LIMIT_ADDRESS_FACTOR
 *    times the account's limit. Staff (operators registering calls all day, from the centre's one address) count
 *    per account only, with the address-sized limit.
 */
export const RateLimit = (kind: RateLimitKind) => applyDecorators(SetMetadata(RATE_LIMIT, kind), UseGuards(RateLimitGuard));

type Request = FastifyRequest & { principal?: Principal };

/** Free text from the body (a username) hashed into a bounded, case-insensitive key. */
const subjectOf = (value: unknown): string | null =>
  typeof value === 'string' && value.length > 0
    ? createHash('sha256').update(value.trim().toLowerCase()).digest('hex').slice(0, 40)
    : null;

@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly limits: RateLimitService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const { enabled, loginPerMinute, filePerHour, uploadPerHour, addressFactor } = this.config.rateLimits;
    const kind = this.reflector.get<RateLimitKind | undefined>(RATE_LIMIT, ctx.getHandler());
    if (!enabled || !kind) return true;
    const request = ctx.switchToHttp().getRequest<Request>();
    const address = request.ip.slice(0, 64);
    const checks: RateLimitCheck[] = [];
    if (kind === 'login') {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const subject = subjectOf(typeof body === 'object' ? (body.username ?? body.openid) : undefined);
      checks.push({ key: `login:addr:${address}`, limit: loginPerMinute * addressFactor, windowMs: MINUTE });
      if (subject) checks.push({ key: `login:user:${subject}`, limit: loginPerMinute, windowMs: MINUTE });
    } else {
      const perHour = kind === 'file' ? filePerHour : uploadPerHour;
      const p = request.principal;
      if (!p) return true; // the auth guard already refused anonymous callers
      if (p.kind === 'resident') {
        checks.push({ key: `${kind}:user:${p.id}`, limit: perHour, windowMs: HOUR });
        checks.push({ key: `${kind}:addr:${address}`, limit: perHour * addressFactor, windowMs: HOUR });
      } else {
        checks.push({ key: `${kind}:user:${p.id}`, limit: perHour * addressFactor, windowMs: HOUR });
      }
    }
    await this.limits.consume(checks);
    return true;
  }
}
