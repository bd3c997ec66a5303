import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ResidentEntity } from '../src/database/entities.js';
import { DEMO_PASSWORD, startTestApp, type TestApp } from './support/test-app.js';

describe('auth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('logs staff in with the demo password and names their role and unit', async () => {
    const res = await t.request('POST', '/api/v1/auth/staff', { body: { username: 'supervisor', password: DEMO_PASSWORD } });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ role: 'supervisor', username: 'supervisor' });
    expect(res.body.token).toEqual(expect.any(String));
    const me = await t.request('GET', '/api/v1/tickets', { token: res.body.token });
    expect(me.status).toBe(200);
  });

  it('refuses a wrong password and an unknown user with one answer', async () => {
    const wrong = await t.request('POST', '/api/v1/auth/staff', { body: { username: 'operator', password: 'wrong-password' } });
    const unknown = await t.request('POST', '/api/v1/auth/staff', { body: { username: 'nobody', password: 'wrong-password' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('stores passwords as slow hashes, never in clear', async () => {
    const rows: { passwordHash: string }[] = await t.db.query(
      t.driver === 'mysql' ? 'SELECT passwordHash FROM staff WHERE username = ?' : 'SELECT passwordHash FROM staff WHERE username = ?',
      ['operator'],
    );
    expect(rows[0]?.passwordHash).toMatch(/^scrypt\$\d+\$8\$1\$/);
    expect(rows[0]?.passwordHash).not.toContain(DEMO_PASSWORD);
  });

  it('logs a resident in through WeChat code2Session and reuses the account next time', async () => {
    const before = await t.count(ResidentEntity);
    const first = await t.request('POST', '/api/v1/auth/wechat', { body: { code: 'ok-li' } });
    expect(first.status).toBe(200);
    expect(first.body.user.role).toBe('resident');
    const again = await t.request('POST', '/api/v1/auth/wechat', { body: { code: 'ok-li' } });
    expect(again.body.user.id).toBe(first.body.user.id);
    expect(await t.count(ResidentEntity)).toBe(before + 1);
    const last = t.wechat.requests.at(-1);
    expect(last?.searchParams.get('appid')).toBe('wx-test-appid');
    expect(last?.searchParams.get('js_code')).toBe('ok-li');
  });

  it.each([
    ['bad-code', 401, 'WECHAT_CODE_INVALID'],
    ['used', 401, 'WECHAT_CODE_INVALID'],
    ['limited', 429, 'WECHAT_RATE_LIMITED'],
    ['busy', 502, 'WECHAT_UNAVAILABLE'],
  ])('maps WeChat code %s to %i %s and creates no resident', async (code, status, errorCode) => {
    const before = await t.count(ResidentEntity);
    const res = await t.request('POST', '/api/v1/auth/wechat', { body: { code } });
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(errorCode);
    expect(await t.count(ResidentEntity)).toBe(before);
  });

  it('answers 502 when WeChat cannot be reached', async () => {
    const down = await startTestApp({ WECHAT_API_BASE: 'http://127.0.0.1:9', WECHAT_TIMEOUT_MS: '500' });
    try {
      const res = await down.request('POST', '/api/v1/auth/wechat', { body: { code: 'ok-x' } });
      expect(res.status).toBe(502);
      expect(res.body.code).toBe('WECHAT_UNAVAILABLE');
    } finally {
      await down.close();
    }
  });

  it('refuses the demo login when AUTH_DEV_LOGIN is off', async () => {
    const off = await startTestApp({ AUTH_DEV_LOGIN: 'false' });
    try {
      const before = await off.count(ResidentEntity);
      const res = await off.request('POST', '/api/v1/auth/dev', { body: { openid: 'mallory' } });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('DEV_LOGIN_DISABLED');
      expect(await off.count(ResidentEntity)).toBe(before);
    } finally {
      await off.close();
    }
  });

  it('validates login bodies', async () => {
    const res = await t.request('POST', '/api/v1/auth/dev', { body: { openid: 'has space' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });
});
