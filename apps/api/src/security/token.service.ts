import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, ROLES, STAFF_ROLES, type StaffRole } from '@jyg12345/shared';
import { errors, jwtVerify, SignJWT } from 'jose';
import { AppError } from '../common/app-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { Principal } from '../auth/principal.js';

/** Checked on every token, so a token minted for another service with the same secret is refused. */
export const TOKEN_ISSUER = 'jyg12345-api';
export const TOKEN_AUDIENCE = 'jyg12345';

interface Claims {
  role?: unknown;
  unit?: unknown;
  /** The account's tokenVersion when issued; a later bump (logout, password reset, disabling) ends the token. */
  ver?: unknown;
}

/** Past this many remembered tokens the memory starts over (a bound, not an eviction policy). */
const MAX_VERIFIED = 10_000;

/** HS256 JWTs (jose) with issuer, audience and expiry checked, so any API process can verify any token. */
@Injectable()
export class TokenService {
  /** Imported once: jose would otherwise import the raw secret on every sign and verify. */
  private readonly key: Promise<CryptoKey>;
  /**
   * Tokens this process has verified, with what they say, until they expire: a token's signature and claims never
   * change, and the HMAC (WebCrypto, a job per call) was the largest single cost of a read (docs/performance.md).
   * Only verified tokens enter; whether the account may still use it is SessionService's check, on every request.
   */
  private readonly verified = new Map<string, { principal: Principal; version: number; expiresAtMs: number }>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.key = crypto.subtle.importKey('raw', new TextEncoder().encode(config.token.secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  }

  async issue(p: Principal, now = new Date(), version = 0): Promise<{ token: string; expiresAt: Date }> {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + this.config.token.ttlHours * 3600;
    const claims: Claims = { role: p.role, ver: version };
    if (p.kind === 'staff') claims.unit = p.unitId;
    const token = await new SignJWT(claims as Record<string, unknown>)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(p.id)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(await this.key);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  async verify(token: string, now = new Date()): Promise<Principal> {
    return (await this.decode(token, now)).principal;
  }

  /** The principal as the token states it, and the account version it was issued under (checked by SessionService). */
  async decode(token: string, now = new Date()): Promise<{ principal: Principal; version: number }> {
    const known = this.verified.get(token);
    if (known && now.getTime() < known.expiresAtMs) return { principal: { ...known.principal }, version: known.version };
    const decoded = await this.verifySigned(token, now);
    if (this.verified.size >= MAX_VERIFIED) this.verified.clear();
    this.verified.set(token, decoded);
    return { principal: { ...decoded.principal }, version: decoded.version };
  }

  private async verifySigned(token: string, now: Date): Promise<{ principal: Principal; version: number; expiresAtMs: number }> {
    let payload: Claims & { sub?: string; exp?: number };
    try {
      ({ payload } = await jwtVerify<Claims>(token, await this.key, {
        algorithms: ['HS256'],
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        requiredClaims: ['sub', 'exp', 'iat'],
        currentDate: now,
        clockTolerance: 0,
      }));
    } catch (err) {
      throw new AppError(err instanceof errors.JWTExpired ? ErrorCode.TOKEN_EXPIRED : ErrorCode.TOKEN_INVALID);
    }
    const { sub, role, unit, ver, exp } = payload;
    if (typeof sub !== 'string' || !ROLES.includes(role as never)) throw new AppError(ErrorCode.TOKEN_INVALID);
    const version = typeof ver === 'number' ? ver : 0;
    const expiresAtMs = (exp as number) * 1000; // required, and checked to be a number, by jwtVerify
    if (role === 'resident') return { principal: { kind: 'resident', id: sub, role: 'resident' }, version, expiresAtMs };
    if (typeof unit !== 'string' || !STAFF_ROLES.includes(role as StaffRole)) throw new AppError(ErrorCode.TOKEN_INVALID);
    return { principal: { kind: 'staff', id: sub, role: role as StaffRole, unitId: unit }, version, expiresAtMs };
  }
}
