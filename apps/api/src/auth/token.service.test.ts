import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../config/config.js';
import { TokenService } from './token.service.js';

const sut = new TokenService(loadConfig({ TOKEN_SECRET: 'a'.repeat(40) }));

describe('TokenService', () => {
  it('round-trips a staff principal', () => {
    const { token } = sut.issue({ kind: 'staff', id: 'S1', role: 'handler', unitId: 'U1' });
    expect(sut.verify(token)).toEqual({ kind: 'staff', id: 'S1', role: 'handler', unitId: 'U1' });
  });

  it('refuses a token signed with another secret', () => {
    const other = new TokenService(loadConfig({ TOKEN_SECRET: 'b'.repeat(40) }));
    const { token } = other.issue({ kind: 'resident', id: 'R1', role: 'resident' });
    expect(() => sut.verify(token)).toThrow(expect.objectContaining({ code: 'TOKEN_INVALID' }));
  });

  it('refuses a token whose claims were edited', () => {
    const { token } = sut.issue({ kind: 'resident', id: 'R1', role: 'resident' });
    const [h, , s] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'R1', role: 'admin', unit: 'U', iat: 0, exp: 9e9 })).toString('base64url');
    expect(() => sut.verify(`${h}.${forged}.${s}`)).toThrow(expect.objectContaining({ code: 'TOKEN_INVALID' }));
  });

  it('refuses an expired token', () => {
    const { token } = sut.issue({ kind: 'resident', id: 'R1', role: 'resident' }, new Date('2026-01-01T00:00:00Z'));
    expect(() => sut.verify(token, new Date('2026-01-02T00:00:00Z'))).toThrow(expect.objectContaining({ code: 'TOKEN_EXPIRED' }));
  });
});
