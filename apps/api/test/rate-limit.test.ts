import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { MemoryRateLimitStore, RateLimitService, RedisRateLimitStore } from '../src/common/rate-limit.service.js';
import { ConfigError, loadConfig } from '../src/config/config.js';
import { AttachmentEntity, IdempotencyKeyEntity, TicketEntity, TicketEventEntity } from '../src/database/entities.js';
import { solid, upload } from './support/images.js';
import { DEMO_PASSWORD, startTestApp, type TestApp, type TestResponse } from './support/test-app.js';
import { describeOnMysql, dropDatabase, migratedDatabase } from './support/migrated-database.js';

const appeal = { type: 'complaint', description: '楼道灯坏了很久，晚上上下楼很危险', confidential: false };
const HOUR = 3_600_000;
/** A fixed instant 10 s into an hour, so no test straddles a window boundary by accident. */
const T0 = Date.UTC(2026, 2, 2, 3, 0, 10);

function expectLimited(res: TestResponse, maxRetryAfter: number) {
  expect(res.status).toBe(429);
  expect(res.body.code).toBe('RATE_LIMITED');
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxRetryAfter);
}

const SMALL_LIMITS = {
  RATE_LIMIT_LOGIN_PER_MIN: '3',
  RATE_LIMIT_FILE_PER_HOUR: '2',
  RATE_LIMIT_UPLOAD_PER_HOUR: '2',
  RATE_LIMIT_ADDRESS_FACTOR: '2',
};
/** Redis runs on the project's machines (docs/adr/0006-rate-limits-off-the-database.md). */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('rate limits (429 RATE_LIMITED with Retry-After, counted in the process by default)', () => {
  let t: TestApp;
  let clock: number;

  beforeAll(async () => {
    t = await startTestApp(SMALL_LIMITS);
    clock = T0;
    t.app.get(RateLimitService).now = () => clock;
    expect(t.app.get(RateLimitService).store).toBeInstanceOf(MemoryRateLimitStore);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Each test works in an hour of its own, so the counters of one never leak into another. */
  let hour = 0;
  const nextHour = () => {
    hour += 1;
    clock = T0 + hour * HOUR;
  };
  /** The client address, as the reverse proxy in front of the API reports it. */
  const from = (address: string) => ({ 'x-forwarded-for': address });
  const staffLogin = (app: TestApp, username: string, address: string, password = DEMO_PASSWORD) =>
    app.request('POST', '/api/v1/auth/staff', { body: { username, password }, headers: from(address) });
  const devLogin = (openid: string, address: string) => t.request('POST', '/api/v1/auth/dev', { body: { openid }, headers: from(address) });
  const fileAs = (app: TestApp, token: string, address: string, headers: Record<string, string> = {}) =>
    app.request('POST', '/api/v1/tickets', { token, body: appeal, headers: { ...from(address), ...headers } });

  async function counts() {
    return {
      tickets: await t.count(TicketEntity),
      events: await t.count(TicketEventEntity),
      keys: await t.count(IdempotencyKeyEntity),
      attachments: await t.count(AttachmentEntity),
    };
  }

  it('login: a username gets 3 attempts a minute per address, 3 × 2 from addresses it never logged in from', async () => {
    nextHour();
    for (let i = 0; i < 3; i++) expect((await staffLogin(t, 'operator', '10.1.0.1', 'wrong-password')).status).toBe(401);
    expectLimited(await staffLogin(t, 'operator', '10.1.0.1'), 60);
    // The same bucket whatever the case or padding of the name.
    expectLimited(await staffLogin(t, ' OPERATOR ', '10.1.0.1'), 60);
    // Guesses spread over addresses meet the per-account limit (docs/security.md: the owner's known address skips it).
    for (let i = 0; i < 3; i++) expect((await staffLogin(t, 'operator', '10.1.0.2', 'wrong-password')).status).toBe(401);
    expectLimited(await staffLogin(t, 'operator', '10.1.0.3'), 60);
    // Another account from the same address still logs in; the next minute the first one does again.
    expect((await staffLogin(t, 'supervisor', '10.1.0.1')).status).toBe(200);
    clock += 60_000;
    expect((await staffLogin(t, 'operator', '10.1.0.1')).status).toBe(200);
  });

  it('login: an address gets 3 × 2 attempts a minute across usernames and login routes', async () => {
    nextHour();
    const address = '10.2.0.1';
    for (let i = 0; i < 4; i++) expect((await staffLogin(t, `nobody-${i}`, address)).status).toBe(401);
    expect((await devLogin('rl-dev-1', address)).status).toBe(200);
    expect((await t.request('POST', '/api/v1/auth/wechat', { body: { code: 'not-a-code' }, headers: from(address) })).status).not.toBe(429);
    expectLimited(await staffLogin(t, 'supervisor', address), 60);
    expectLimited(await devLogin('rl-dev-2', address), 60);
    expectLimited(await t.request('POST', '/api/v1/auth/wechat', { body: { code: 'x' }, headers: from(address) }), 60);
    // Another address is not affected.
    expect((await staffLogin(t, 'supervisor', '10.2.0.2')).status).toBe(200);
  });

  it('login: the demo login counts per openid (3 × 2 a minute across addresses)', async () => {
    nextHour();
    for (let i = 0; i < 6; i++) expect((await devLogin('rl-openid', `10.3.0.${i + 1}`)).status).toBe(200);
    expectLimited(await devLogin('rl-openid', '10.3.0.9'), 60);
  });

  it('filing: a resident files 2 an hour; the refused request writes nothing; an hour later it files again', async () => {
    nextHour();
    const alice = (await t.resident('rl-alice')).token;
    for (let i = 0; i < 2; i++) expect((await fileAs(t, alice, '10.4.0.1')).status).toBe(201);
    const before = await counts();
    const refused = await fileAs(t, alice, '10.4.0.2', { 'idempotency-key': 'rl-refused-1' });
    expectLimited(refused, 3600);
    expect(await counts()).toEqual(before);
    clock += HOUR;
    expect((await fileAs(t, alice, '10.4.0.1')).status).toBe(201);
  });

  it('filing: an address files 2 × 2 an hour across residents', async () => {
    nextHour();
    const address = '10.5.0.1';
    const tokens = await Promise.all(['rl-a', 'rl-b', 'rl-c'].map(async (o) => (await t.resident(o)).token));
    for (const token of tokens.slice(0, 2)) for (let i = 0; i < 2; i++) expect((await fileAs(t, token, address)).status).toBe(201);
    const before = await counts();
    expectLimited(await fileAs(t, tokens[2]!, address), 3600);
    expect(await counts()).toEqual(before);
    // The refused request gave back what it had counted against the resident: 2 filings left elsewhere.
    expect((await fileAs(t, tokens[2]!, '10.5.0.2')).status).toBe(201);
    expect((await fileAs(t, tokens[2]!, '10.5.0.3')).status).toBe(201);
    expectLimited(await fileAs(t, tokens[2]!, '10.5.0.4'), 3600);
  });

  it('filing: staff count per account with the address-sized limit, not per address', async () => {
    nextHour();
    const operator = (await t.login('operator')).token;
    const categories = await t.request('GET', '/api/v1/categories', { token: operator });
    const body = { ...appeal, channel: 'phone', categoryId: categories.body[0].id };
    const register = () => t.request('POST', '/api/v1/tickets', { token: operator, body, headers: from('10.6.0.1') });
    for (let i = 0; i < 4; i++) expect((await register()).status).toBe(201);
    expectLimited(await register(), 3600);
    // The centre's other operators share its address but not its limit.
    const operator2 = (await t.login('operator2')).token;
    expect((await t.request('POST', '/api/v1/tickets', { token: operator2, body, headers: from('10.6.0.1') })).status).toBe(201);
  });

  it('holds under concurrency: exactly the limit gets through', async () => {
    nextHour();
    const bob = (await t.resident('rl-bob')).token;
    const before = await counts();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => fileAs(t, bob, `10.7.0.${i + 1}`)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 429, 429, 429, 429, 429, 429]);
    const after = await counts();
    expect(after.tickets - before.tickets).toBe(2);
    expect(after.events - before.events).toBe(2);
  });

  it('uploads: a resident uploads 2 photos an hour; the refused one stores nothing', async () => {
    nextHour();
    const carol = (await t.resident('rl-carol')).token;
    for (let i = 0; i < 2; i++) expect((await upload(t, carol, await solid(16, 16, 40 + i).jpeg().toBuffer())).status).toBe(201);
    const before = await counts();
    expectLimited(await upload(t, carol, await solid(16, 16, 50).jpeg().toBuffer()), 3600);
    expect(await counts()).toEqual(before);
  });

  it('validates the limits like every other variable', () => {
    for (const [name, value] of [
      ['RATE_LIMIT_LOGIN_PER_MIN', '0'],
      ['RATE_LIMIT_FILE_PER_HOUR', 'many'],
      ['RATE_LIMIT_UPLOAD_PER_HOUR', '-1'],
      ['RATE_LIMIT_ENABLED', 'maybe'],
      ['RATE_LIMIT_ADDRESS_FACTOR', '1.5'],
    ]) {
      expect(() => loadConfig({ [name!]: value })).toThrow(ConfigError);
      try {
        loadConfig({ [name!]: value });
      } catch (err) {
        expect((err as ConfigError).problems.join('\n')).toContain(name);
      }
    }
    expect(loadConfig({}).rateLimits).toEqual({ enabled: true, loginPerMinute: 10, filePerHour: 20, uploadPerHour: 60, addressFactor: 5, redis: null });
    for (const value of ['http://127.0.0.1:6379', 'not a url', 'redis://127.0.0.1:6379/db']) {
      expect(() => loadConfig({ RATE_LIMIT_REDIS_URL: value })).toThrow(/RATE_LIMIT_REDIS_URL/);
    }
    expect(() => loadConfig({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ RATE_LIMIT_REDIS_URL: REDIS_URL, RATE_LIMIT_REDIS_PREFIX: 'a b' })).toThrow(/RATE_LIMIT_REDIS_PREFIX/);
    expect(loadConfig({ REDIS_URL: 'redis://cache:6380/2' }).rateLimits.redis).toEqual({ url: 'redis://cache:6380/2', prefix: 'jyg:rl:' });
    expect(loadConfig({ REDIS_URL: 'redis://a', RATE_LIMIT_REDIS_URL: 'rediss://b:6379', RATE_LIMIT_REDIS_PREFIX: 'x:' }).rateLimits.redis).toEqual({
      url: 'rediss://b:6379',
      prefix: 'x:',
    });
  });
});

const base = process.env.TEST_DATABASE_URL;

/**
 * Several API processes is the MySQL/MariaDB deployment (the embedded SQLite database serves one process, as in
 * two-processes.test.ts); the Redis store itself is tested on both below.
 */
(base ? describe : describe.skip)('rate limits shared by two API processes through Redis', () => {
  const prefix = `jyg:test:${process.pid}:${Math.random().toString(36).slice(2, 8)}:`;
  let t: TestApp;
  let second: TestApp; // another API process on the same database and the same Redis
  let redis: Redis;
  let clock = T0;

  beforeAll(async () => {
    const env = { ...SMALL_LIMITS, RATE_LIMIT_REDIS_URL: REDIS_URL, RATE_LIMIT_REDIS_PREFIX: prefix };
    t = await startTestApp(env);
    second = await startTestApp(env, t);
    for (const app of [t, second]) app.app.get(RateLimitService).now = () => clock;
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    const keys = await redis?.keys(`${prefix}*`);
    if (keys?.length) await redis.del(...keys);
    await redis?.quit();
    await second?.close();
    await t?.close();
  });

  const fileAs = (app: TestApp, token: string, address: string) =>
    app.request('POST', '/api/v1/tickets', { token, body: appeal, headers: { 'x-forwarded-for': address } });

  it('counts in Redis: exactly the limit gets through across both processes, under concurrency', async () => {
    clock = T0 + HOUR;
    expect(t.app.get(RateLimitService).store).toBeInstanceOf(RedisRateLimitStore);
    const bob = await t.resident('rl-redis-bob');
    const tickets = await t.count(TicketEntity);
    const events = await t.count(TicketEventEntity);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => fileAs(i % 2 ? second : t, bob.token, `10.8.0.${i + 1}`)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 429, 429, 429, 429, 429, 429]);
    for (const r of results.filter((x) => x.status === 429)) expectLimited(r, 3600);
    expect(await t.count(TicketEntity)).toBe(tickets + 2);
    expect(await t.count(TicketEventEntity)).toBe(events + 2);
    // The counter is the resident's, in the hour's window, and expires with it (plus a few seconds of clock slack).
    const key = `${prefix}file:user:${bob.user.id}:${T0 + HOUR - (T0 % HOUR)}`;
    expect(await redis.get(key)).toBe('2');
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(HOUR - (T0 % HOUR) - 60_000);
    expect(ttl).toBeLessThanOrEqual(HOUR - (T0 % HOUR) + 5_000);
    // The next hour both processes let the resident file again.
    clock += HOUR;
    expect((await fileAs(second, bob.token, '10.8.1.1')).status).toBe(201);
    expect((await fileAs(t, bob.token, '10.8.1.2')).status).toBe(201);
    expectLimited(await fileAs(second, bob.token, '10.8.1.3'), 3600);
  });

  it('login attempts made on one process count on the other', async () => {
    clock = T0 + 3 * HOUR;
    const attempt = (app: TestApp) =>
      app.request('POST', '/api/v1/auth/staff', { body: { username: 'operator', password: 'wrong-password' }, headers: { 'x-forwarded-for': '10.9.0.1' } });
    expect((await attempt(t)).status).toBe(401);
    expect((await attempt(second)).status).toBe(401);
    expect((await attempt(t)).status).toBe(401);
    expectLimited(await attempt(second), 60);
    expectLimited(await attempt(t), 60);
  });

});

describe('the in-process store of the rate limits', () => {
  it('forgets buckets whose window has ended, so its memory does not grow with every address ever seen', async () => {
    const store = new MemoryRateLimitStore();
    const now = T0;
    const windowStart = now - (now % HOUR);
    for (let i = 0; i < 9_999; i++) await store.hit([{ key: `old:${i}`, limit: 1, windowStart: windowStart - HOUR, windowMs: HOUR }], now);
    expect(store.size).toBe(9_999);
    expect(await store.hit([{ key: 'current', limit: 1, windowStart, windowMs: HOUR }], now)).toBe(-1); // the 10,000th hit sweeps
    expect(store.size).toBe(1);
    expect(await store.hit([{ key: 'current', limit: 1, windowStart, windowMs: HOUR }], now)).toBe(0);
  });
});

describe('the Redis store of the rate limits', () => {
  const prefix = `jyg:test:${process.pid}:${Math.random().toString(36).slice(2, 8)}:`;
  const log = new Logger('test');
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('two processes\' stores hitting at once: exactly the limit of each bucket, all buckets or none', async () => {
    const stores = [new RedisRateLimitStore(REDIS_URL, prefix, log), new RedisRateLimitStore(REDIS_URL, prefix, log)];
    for (const s of stores) await s.connect();
    const now = T0 + 7 * HOUR;
    const windowStart = now - (now % HOUR);
    const user = { key: 'race:user:a', limit: 3, windowStart, windowMs: HOUR };
    const address = { key: 'race:addr:a', limit: 5, windowStart, windowMs: HOUR };
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => stores[i % 2]!.hit([address, user], now)));
    expect(answers.filter((a) => a === -1)).toHaveLength(3);
    expect(answers.filter((a) => a === 1)).toHaveLength(7); // the user's bucket was full; the address's counted 3
    expect(await redis.get(`${prefix}race:addr:a:${windowStart}`)).toBe('3');
    expect(await redis.get(`${prefix}race:user:a:${windowStart}`)).toBe('3');
    for (const s of stores) await s.close();
  });

  it('a Redis that stops answering degrades to counting in the process: never a stalled or refused request', async () => {
    const store = new RedisRateLimitStore(REDIS_URL, prefix, log);
    await store.connect();
    const now = T0 + 5 * HOUR;
    const bucket = { key: 'fallback:user:x', limit: 2, windowStart: now - (now % HOUR), windowMs: HOUR };
    expect(await store.hit([bucket], now)).toBe(-1);
    store.client.disconnect(); // as if Redis went away
    const started = Date.now();
    expect(await store.hit([bucket], now)).toBe(-1);
    expect(await store.hit([bucket], now)).toBe(-1);
    expect(await store.hit([bucket], now)).toBe(0); // this process's own count is now full
    expect(Date.now() - started).toBeLessThan(1000);
    await store.close();
  });

  it('a configured Redis that does not answer at start-up stops the process with a clear message', async () => {
    const store = new RedisRateLimitStore('redis://127.0.0.1:1', prefix, log);
    await expect(store.connect()).rejects.toThrow(/RATE_LIMIT_REDIS_URL: Redis does not answer/);
  });
});

describe('rate limits switched off', () => {
  it('RATE_LIMIT_ENABLED=false lets every request through', async () => {
    const t = await startTestApp({ RATE_LIMIT_ENABLED: 'false', RATE_LIMIT_LOGIN_PER_MIN: '1' });
    try {
      for (let i = 0; i < 3; i++) expect((await t.request('POST', '/api/v1/auth/staff', { body: { username: 'x', password: 'y' } })).status).toBe(401);
    } finally {
      await t.close();
    }
  });
});

/** 0008 created the counters' table; 0017 drops it (the counters left the database: docs/adr/0005). */
describeOnMysql('rate_limits migrations (MySQL/MariaDB)', () => {
  let ds: DataSource;

  beforeAll(async () => {
    ds = await migratedDatabase('rl');
  });
  afterAll(() => dropDatabase(ds));

  const tableExists = async () =>
    Number(
      ((await ds.query("SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'rate_limits'")) as {
        n: number | string;
      }[])[0]!.n,
    ) > 0;
  const applied = async (name: string) => Number(((await ds.query('SELECT COUNT(*) AS n FROM migrations WHERE name = ?', [name])) as { n: number | string }[])[0]!.n) > 0;

  it('leaves no counters table; undoing 0017 brings 0008\'s back, and undoing 0008 drops it', async () => {
    expect(await tableExists()).toBe(false);
    for (let i = 0; i < ds.migrations.length && (await applied('SpeedRateLimitsOffDb1795857180000')); i++) await ds.undoLastMigration();
    expect(await tableExists()).toBe(true);
    for (let i = 0; i < ds.migrations.length && (await applied('RateLimits1795856200000')); i++) await ds.undoLastMigration();
    expect(await tableExists()).toBe(false);
  });
});
