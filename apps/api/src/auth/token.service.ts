import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, ROLES, STAFF_ROLES, type StaffRole } from '@jyg12345/shared';
import { AppError } from '../common/app-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { Principal } from './principal.js';

interface Claims {
  sub: string;
  role: Principal['role'];
  unit?: string;
  iat: number;
  exp: number;
  /** The account's tokenVersion when issued; a later bump (logout, password reset, disabling) ends the token. */
  ver?: number;
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');
const HEADER = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

/** Stateless HS256 bearer tokens, so any API process can verify any token. */
@Injectable()
export class TokenService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  issue(p: Principal, now = new Date(), version = 0): { token: string; expiresAt: Date } {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + this.config.token.ttlHours * 3600;
    const claims: Claims = { sub: p.id, role: p.role, iat, exp, ver: version };
    if (p.kind === 'staff') claims.unit = p.unitId;
    const body = `${HEADER}.${b64(JSON.stringify(claims))}`;
    return { token: `${body}.${this.sign(body)}`, expiresAt: new Date(exp * 1000) };
  }

  verify(token: string, now = new Date()): Principal {
    return this.decode(token, now).principal;
  }

  /** The principal as the token states it, and the account version it was issued under (checked by SessionService). */
  decode(token: string, now = new Date()): { principal: Principal; version: number } {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER) throw new AppError(ErrorCode.TOKEN_INVALID);
    const [h, c, s] = parts as [string, string, string];
    const expected = Buffer.from(this.sign(`${h}.${c}`));
    const given = Buffer.from(s);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new AppError(ErrorCode.TOKEN_INVALID);
    let claims: Partial<Claims>;
    try {
      claims = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as Partial<Claims>;
    } catch {
      throw new AppError(ErrorCode.TOKEN_INVALID);
    }
    if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number' || !ROLES.includes(claims.role as never)) {
      throw new AppError(ErrorCode.TOKEN_INVALID);
    }
    if (claims.exp * 1000 <= now.getTime()) throw new AppError(ErrorCode.TOKEN_EXPIRED);
    const version = typeof claims.ver === 'number' ? claims.ver : 0;
    if (claims.role === 'resident') return { principal: { kind: 'resident', id: claims.sub, role: 'resident' }, version };
    if (typeof claims.unit !== 'string' || !STAFF_ROLES.includes(claims.role as StaffRole)) throw new AppError(ErrorCode.TOKEN_INVALID);
    return { principal: { kind: 'staff', id: claims.sub, role: claims.role as StaffRole, unitId: claims.unit }, version };
  }

  private sign(data: string): string {
    return createHmac('sha256', this.config.token.secret).update(data).digest('base64url');
  }
}
