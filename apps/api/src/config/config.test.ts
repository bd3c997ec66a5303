import { describe, expect, it } from '@jest/globals';
import { ConfigError, DEVELOPMENT_TOKEN_SECRET, loadConfig } from './config.js';

/** What `openssl rand -base64 48` prints. */
const STRONG_SECRET = 'r8Jq2vXbN5tLwE0yHcK7uPzA3mGd9sFi1oTe6WnQkRhV4jYx';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('defaults to the embedded database with demo data outside production', () => {
    const c = loadConfig({});
    expect(c.database.driver).toBe('sqlite');
    expect(c.port).toBe(3000);
    expect(c.seedDemo).toBe(true);
    expect(c.devLogin).toBe(false);
  });

  it('uses MySQL for a mysql:// DATABASE_URL and then does not seed demo data unless asked', () => {
    const c = loadConfig({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/jyg' });
    expect(c.database).toMatchObject({ driver: 'mysql', url: 'mysql://root@127.0.0.1:3306/jyg' });
    expect(c.seedDemo).toBe(false);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'postgres://x' }, 'DATABASE_URL'],
    [{ AUTH_DEV_LOGIN: 'maybe' }, 'AUTH_DEV_LOGIN'],
    [{ TOKEN_SECRET: 'short' }, 'TOKEN_SECRET'],
    [{ PASSWORD_SCRYPT_COST: '1000' }, 'PASSWORD_SCRYPT_COST'],
    [{ WECHAT_APPID: 'wx1' }, 'WECHAT_SECRET'],
    [{ NODE_ENV: 'production' }, 'TOKEN_SECRET'],
    [{ NODE_ENV: 'production', TOKEN_SECRET: STRONG_SECRET, AUTH_DEV_LOGIN: 'true' }, 'AUTH_DEV_LOGIN'],
    [{ NODE_ENV: 'production', TOKEN_SECRET: STRONG_SECRET, SEED_DEMO: 'true' }, 'SEED_DEMO'],
  ])('names the variable in error: %o', (env, variable) => {
    const found = problems(env);
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((p) => p.startsWith(`${variable}:`))).toBe(true);
  });

  it.each([
    ['the documented development secret', DEVELOPMENT_TOKEN_SECRET],
    ['the test secret', 'test-secret-test-secret-test-secret-0123'],
    ['one character repeated', 'x'.repeat(40)],
    ['a run of letters and digits', 'abcdefghijklmnopqrstuvwxyz0123456789'],
    ['too short', 'r8Jq2vXbN5tLwE0yHcK7'],
  ])('refuses %s as TOKEN_SECRET in production', (_what, secret) => {
    expect(problems({ NODE_ENV: 'production', TOKEN_SECRET: secret }).some((p) => p.startsWith('TOKEN_SECRET:'))).toBe(true);
    // Outside production the same secret is allowed (tests and demos sign with it).
    if (secret.length >= 32) expect(problems({ TOKEN_SECRET: secret })).toEqual([]);
  });

  it('serves the OpenAPI pages outside production, and in production only with API_DOCS=true', () => {
    expect(loadConfig({}).apiDocs).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', TOKEN_SECRET: STRONG_SECRET }).apiDocs).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', TOKEN_SECRET: STRONG_SECRET, API_DOCS: 'true' }).apiDocs).toBe(true);
  });

  it('never seeds demo data in production', () => {
    const c = loadConfig({ NODE_ENV: 'production', TOKEN_SECRET: STRONG_SECRET });
    expect(c.seedDemo).toBe(false);
    expect(c.token.isEphemeral).toBe(false);
  });
});
