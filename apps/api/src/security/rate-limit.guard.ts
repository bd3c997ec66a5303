import { applyDecorators, type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { LoginAddressEntity } from './security.entities.js';
import { loginAddressKey, loginSubjectKey } from './username.js';
import { type RateLimitCheck, RateLimitService } from '../common/rate-limit.service.js';

export type RateLimitKind = 'login' | 'file' | 'upload';

const RATE_LIMIT = 'rate-limit:kind';
const MINUTE = 60_000;
const HOUR = 3_600_000;

/**
 * Counts the route against its limits before it runs (after authentication, before the body is validated or an
 * upload is read); a refused request gets 429 RATE_LIMITED with Retry-After and writes nothing.
 *  - login: per client address (RATE_LIMIT_LOGIN_PER_MIN × RATE_LIMIT_ADDRESS_FACTOR a minute), per username
 *    (normalised: every spelling a collation treats as equal shares it) AND address (RATE_LIMIT_LOGIN_PER_MIN a
 *    minute), and per username from all addresses (× RATE_LIMIT_ADDRESS_FACTOR) unless this username has logged in
 *    from this address before: guessers spread over many addresses are slowed, and cannot lock the owner out.
 *  - file, upload: a resident per account and per address, RATE_LIMIT_FILE_PER_HOUR / RATE_LIMIT_UPLOAD_PER_HOUR
 *    an hour. Several residents may share one address (carrier NAT), so the address gets RATE_LIMIT_ADDRESS_FACTOR
 *    times the account's limit. Staff (operators registering calls all day, from the centre's one address) count
 *    per account only, with the address-sized limit.
 */
export const RateLimit = (kind: RateLimitKind) => applyDecorators(SetMetadata(RATE_LIMIT, kind), UseGuards(RateLimitGuard));

type Request = FastifyRequest & { principal?: Principal };


@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly limits: RateLimitService,
    @InjectDataSource() private readonly db: DataSource,
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
      const name = typeof body === 'object' ? (body.username ?? body.openid) : undefined;
      checks.push({ key: `login:addr:${address}`, limit: loginPerMinute * addressFactor, windowMs: MINUTE });
      if (typeof name === 'string' && name.length > 0 && name.length <= 256) {
        const pair = loginAddressKey(name, address);
        checks.push({ key: `login:pair:${pair.slice(0, 40)}`, limit: loginPerMinute, windowMs: MINUTE });
        const known = await this.db.getRepository(LoginAddressEntity).existsBy({ key: pair });
        if (!known) checks.push({ key: `login:user:${loginSubjectKey(name)}`, limit: loginPerMinute * addressFactor, windowMs: MINUTE });
      }
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
