import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';
import { loadConfig } from '../config/config.js';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, TokenService } from './token.service.js';

const SECRET = 'a'.repeat(40);
const sut = new TokenService(loadConfig({ TOKEN_SECRET: SECRET }));
const key = new TextEncoder().encode(SECRET);
const invalid = expect.objectContaining({ code: 'TOKEN_INVALID' });

describe('TokenService', () => {
  it('round-trips a staff principal and its account version', async () => {
    const { token } = await sut.issue({ kind: 'staff', id: 'S1', role: 'handler', unitId: 'U1' }, new Date(), 7);
    expect(await sut.decode(token)).toEqual({ principal: { kind: 'staff', id: 'S1', role: 'handler', unitId: 'U1' }, version: 7 });
  });

  it('refuses a token signed with another secret', async () => {
    const other = new TokenService(loadConfig({ TOKEN_SECRET: 'b'.repeat(40) }));
    const { token } = await other.issue({ kind: 'resident', id: 'R1', role: 'resident' });
    await expect(sut.verify(token)).rejects.toEqual(invalid);
  });

  it('refuses a token whose claims were edited', async () => {
    const { token } = await sut.issue({ kind: 'resident', id: 'R1', role: 'resident' });
    const [h, , s] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'R1', role: 'admin', unit: 'U', iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, iat: 0, exp: 9e9 })).toString('base64url');
    await expect(sut.verify(`${h}.${forged}.${s}`)).rejects.toEqual(invalid);
  });

  it('refuses an expired token', async () => {
    const { token } = await sut.issue({ kind: 'resident', id: 'R1', role: 'resident' }, new Date('2026-01-01T00:00:00Z'));
    await expect(sut.verify(token, new Date('2026-01-02T00:00:00Z'))).rejects.toEqual(expect.objectContaining({ code: 'TOKEN_EXPIRED' }));
  });

  it('refuses a token for another issuer or audience, and one without expiry, signed with the same secret', async () => {
    const base = () => new SignJWT({ role: 'admin', unit: 'U' }).setProtectedHeader({ alg: 'HS256' }).setSubject('S1').setIssuedAt();
    const tokens = [
      await base().setIssuer('another-service').setAudience(TOKEN_AUDIENCE).setExpirationTime('1h').sign(key),
      await base().setIssuer(TOKEN_ISSUER).setAudience('another-app').setExpirationTime('1h').sign(key),
      await base().setIssuer(TOKEN_ISSUER).setAudience(TOKEN_AUDIENCE).sign(key),
    ];
    for (const token of tokens) await expect(sut.verify(token)).rejects.toEqual(invalid);
  });

  it('refuses alg none and the hand-written format used before', async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const claims = b64({ sub: 'S1', role: 'admin', unit: 'U', iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, iat: 0, exp: 9e9 });
    await expect(sut.verify(`${b64({ alg: 'none', typ: 'JWT' })}.${claims}.`)).rejects.toEqual(invalid);
    const old = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'S1', role: 'admin', unit: 'U', iat: 0, exp: 9e9 })}`;
    await expect(sut.verify(`${old}.${createHmac('sha256', SECRET).update(old).digest('base64url')}`)).rejects.toEqual(invalid);
  });

  it('a token verified once is remembered, but still expires, and what it says cannot be changed by a caller', async () => {
    const fresh = new TokenService(loadConfig({ TOKEN_SECRET: SECRET }));
    const issued = new Date('2026-03-01T00:00:00Z');
    const { token, expiresAt } = await fresh.issue({ kind: 'staff', id: 'S2', role: 'operator', unitId: 'U2' }, issued, 3);
    const first = await fresh.decode(token, new Date(issued.getTime() + 1000));
    (first.principal as { role: string }).role = 'admin';
    expect(await fresh.decode(token, new Date(issued.getTime() + 2000))).toEqual({
      principal: { kind: 'staff', id: 'S2', role: 'operator', unitId: 'U2' },
      version: 3,
    });
    await expect(fresh.decode(token, expiresAt)).rejects.toEqual(expect.objectContaining({ code: 'TOKEN_EXPIRED' }));
    await expect(fresh.decode(token, new Date(expiresAt.getTime() - 1))).resolves.toEqual(expect.objectContaining({ version: 3 }));
    // A tampered copy of a remembered token is verified on its own, and refused.
    await expect(fresh.verify(`${token.slice(0, -2)}xx`, new Date(issued.getTime() + 3000))).rejects.toEqual(invalid);
  });
});
