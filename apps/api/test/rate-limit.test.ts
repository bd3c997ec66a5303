import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { RateLimitService } from '../src/common/rate-limit.service.js';
import { ConfigError, loadConfig } from '../src/config/config.js';
import { ensureMysqlDatabase } from '../src/database/data-source.js';
import { createDataSource } from '../src/schema.js';
import { AttachmentEntity, IdempotencyKeyEntity, TicketEntity, TicketEventEntity } from '../src/database/entities.js';
import { solid, upload } from './support/images.js';
import { DEMO_PASSWORD, startTestApp, type TestApp, type TestResponse } from './support/test-app.js';

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

describe('rate limits (429 RATE_LIMITED with Retry-After, counted in the database)', () => {
  let t: TestApp;
  let second: TestApp; // another API process on the same database
  let clock: number;

  beforeAll(async () => {
    const env = {
      RATE_LIMIT_LOGIN_PER_MIN: '3',
      RATE_LIMIT_FILE_PER_HOUR: '2',
      RATE_LIMIT_UPLOAD_PER_HOUR: '2',
      RATE_LIMIT_ADDRESS_FACTOR: '2',
    };
    t = await startTestApp(env);
    second = await startTestApp(env, t);
    clock = T0;
    for (const app of [t, second]) app.app.get(RateLimitService).now = () => clock;
  });
  afterAll(async () => {
    await second?.close();
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

  it('holds across two API processes and under concurrency: exactly the limit gets through', async () => {
    nextHour();
    const bob = (await t.resident('rl-bob')).token;
    const before = await counts();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => fileAs(i % 2 ? second : t, bob, `10.7.0.${i + 1}`)));
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
    expect(loadConfig({}).rateLimits).toEqual({ enabled: true, loginPerMinute: 10, filePerHour: 20, uploadPerHour: 60, addressFactor: 5 });
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

const base = process.env.TEST_DATABASE_URL;

/** The hand-written 0008 migration must leave MySQL/MariaDB exactly where `RateLimitEntity` says. */
(base ? describe : describe.skip)('rate_limits migration (MySQL/MariaDB)', () => {
  const name = `jyg_t_${process.pid}_rl_${Math.random().toString(36).slice(2, 6)}`;
  const url = `${base?.replace(/\/+$/, '')}/${name}`;
  let ds: DataSource;

  beforeAll(async () => {
    await ensureMysqlDatabase(url);
    ds = createDataSource({ driver: 'mysql', url, poolSize: 2 });
    await ds.initialize();
    await ds.runMigrations();
  });
  afterAll(async () => {
    await ds?.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await ds?.destroy();
  });

  it('creates the table the entity describes, and down() drops it', async () => {
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query).filter((q) => /`rate_limits`/.test(q))).toEqual([]);
    const applied = async () => ((await ds.query("SELECT COUNT(*) AS n FROM migrations WHERE name = 'RateLimits1795856200000'")) as { n: number | string }[])[0]!.n;
    for (let i = 0; i < 20 && Number(await applied()) > 0; i++) await ds.undoLastMigration();
    const left = (await ds.query(
      "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'rate_limits'",
    )) as { n: number | string }[];
    expect(Number(left[0]!.n)).toBe(0);
  });
});
