import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './config.js';

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
    [{ NODE_ENV: 'production', TOKEN_SECRET: 'x'.repeat(32), AUTH_DEV_LOGIN: 'true' }, 'AUTH_DEV_LOGIN'],
    [{ NODE_ENV: 'production', TOKEN_SECRET: 'x'.repeat(32), SEED_DEMO: 'true' }, 'SEED_DEMO'],
  ])('names the variable in error: %o', (env, variable) => {
    const found = problems(env);
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((p) => p.startsWith(`${variable}:`))).toBe(true);
  });

  it('never seeds demo data in production', () => {
    const c = loadConfig({ NODE_ENV: 'production', TOKEN_SECRET: 'x'.repeat(32) });
    expect(c.seedDemo).toBe(false);
    expect(c.token.isEphemeral).toBe(false);
  });
});
