import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AttachmentsService } from '../src/attachments/attachments.service.js';
import { DEVELOPMENT_TOKEN_SECRET, loadConfig } from '../src/config/config.js';
import { AttachmentEntity, ResidentEntity, StaffEntity, TicketEntity, TicketEventEntity } from '../src/database/entities.js';
import { SignJWT } from 'jose';
import { type DataSource, In } from 'typeorm';
import { BackgroundJobs } from '../src/common/background-jobs.js';
import { LoginAddressesService } from '../src/security/login-addresses.service.js';
import { LoginAddressEntity, SecurityEventEntity } from '../src/security/security.entities.js';
import { download, solid, upload } from './support/images.js';
import { DEMO_PASSWORD, act, startTestApp, type TestApp, type TestResponse } from './support/test-app.js';
import { describeOnMysql, dropDatabase, migratedDatabase } from './support/migrated-database.js';

/** docs/security.md names each test here next to the threat it proves stopped. */
const appeal = { type: 'complaint', description: '楼道灯坏了很久，晚上上下楼很危险', confidential: false };
const STRONG = 'Quiet-Harbour-Lantern-71';
let addressSeq = 0;
/** A fresh client address per call (the tests stand in for the reverse proxy), so no test trips another's limits. */
const fresh = () => ({ 'x-forwarded-for': `10.9.${Math.floor(addressSeq / 250)}.${(addressSeq++ % 250) + 1}` });

describe('security: rights taken back', () => {
  let t: TestApp;
  let second: TestApp; // another API process on the same database
  let admin: string;
  let units: { id: string; code: string }[];
  let categoryId: string;
  const unit = (code: string) => units.find((u) => u.code === code)!.id;

  beforeAll(async () => {
    t = await startTestApp({ AUTH_STATE_CACHE_MS: '300' });
    second = await startTestApp({ AUTH_STATE_CACHE_MS: '300' }, t);
    admin = (await t.login('admin')).token;
    units = (await t.request('GET', '/api/v1/units', { token: admin })).body;
    categoryId = (await t.request('GET', '/api/v1/categories', { token: admin })).body[0].id;
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  let staffSeq = 0;
  async function newStaff(role: string, unitCode = 'centre') {
    const username = `sec.${role}.${++staffSeq}`;
    const unitId = unitCode === 'centre' ? units.find((u) => (u as { kind?: string }).kind === 'centre')!.id : unit(unitCode);
    const created = await t.request('POST', '/api/v1/staff', { token: admin, body: { username, password: STRONG, role, unitId } });
    expect(created.status).toBe(201);
    const login = await t.request('POST', '/api/v1/auth/staff', { body: { username, password: STRONG }, headers: fresh() });
    expect(login.status).toBe(200);
    return { id: created.body.id as string, username, token: login.body.token as string };
  }
  const patchStaff = (id: string, body: Record<string, unknown>, token = admin) => t.request('PATCH', `/api/v1/staff/${id}`, { token, body });
  async function fileTicket() {
    const resident = (await t.resident(`sec-${Math.random().toString(36).slice(2, 8)}`)).token;
    const res = await t.request('POST', '/api/v1/tickets', { token: resident, body: appeal });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }
  const ticketRow = (id: string) => t.db.getRepository(TicketEntity).findOneByOrFail({ id });
  const eventsOf = (ticketId: string) => t.db.getRepository(TicketEventEntity).countBy({ ticketId });
  /** A new operator accepts and dispatches a new appeal to the unit: its id. */
  async function dispatchedTo(unitCode: string) {
    const op = await newStaff('operator');
    const id = await fileTicket();
    await t.request('POST', `/api/v1/tickets/${id}/actions/accept`, { token: op.token, body: { version: (await ticketRow(id)).version, categoryId } });
    const dispatched = await t.request('POST', `/api/v1/tickets/${id}/actions/dispatch`, {
      token: op.token,
      body: { version: (await ticketRow(id)).version, leadUnitId: unit(unitCode) },
    });
    expect(dispatched.status).toBe(200);
    return id;
  }

  it('a disabled operator can neither accept nor dispatch, and nothing is written', async () => {
    const op = await newStaff('operator');
    const id = await fileTicket();
    const accepted = await t.request('POST', `/api/v1/tickets/${id}/actions/accept`, { token: op.token, body: { version: (await ticketRow(id)).version, categoryId } });
    expect(accepted.status).toBe(200);
    expect((await patchStaff(op.id, { active: false })).status).toBe(200);
    const before = { row: await ticketRow(id), events: await eventsOf(id) };
    const dispatch = await t.request('POST', `/api/v1/tickets/${id}/actions/dispatch`, {
      token: op.token,
      body: { version: before.row.version, leadUnitId: unit('co.heating') },
    });
    expect(dispatch.status).toBe(403);
    expect(dispatch.body.code).toBe('ACCOUNT_DISABLED');
    expect(await ticketRow(id)).toEqual(before.row);
    expect(await eventsOf(id)).toBe(before.events);
    const other = await fileTicket();
    const accept = await t.request('POST', `/api/v1/tickets/${other}/actions/accept`, { token: op.token, body: { version: (await ticketRow(other)).version, categoryId } });
    expect(accept.status).toBe(403);
    expect((await ticketRow(other)).status).toBe('submitted');
    // Re-enabling does not revive the tokens issued before the account was disabled.
    expect((await patchStaff(op.id, { active: true })).status).toBe(200);
    expect((await t.request('GET', '/api/v1/tickets', { token: op.token })).body.code).toBe('SESSION_REVOKED');
  });

  it('a disabled admin can neither re-enable itself nor create an admin', async () => {
    const rogue = await newStaff('admin');
    expect((await patchStaff(rogue.id, { active: false })).status).toBe(200);
    const staffBefore = await t.count(StaffEntity);
    const reenable = await patchStaff(rogue.id, { active: true }, rogue.token);
    expect(reenable.status).toBe(403);
    expect(reenable.body.code).toBe('ACCOUNT_DISABLED');
    const create = await t.request('POST', '/api/v1/staff', {
      token: rogue.token,
      body: { username: 'sec.rogue.friend', password: STRONG, role: 'admin', unitId: units[0]!.id },
    });
    expect(create.status).toBe(403);
    expect(await t.count(StaffEntity)).toBe(staffBefore);
    expect((await t.db.getRepository(StaffEntity).findOneByOrFail({ id: rogue.id })).active).toBe(false);
  });

  it('a demoted admin loses admin rights at once, with the same token', async () => {
    const demoted = await newStaff('admin');
    expect((await t.request('GET', '/api/v1/staff', { token: demoted.token })).status).toBe(200);
    expect((await patchStaff(demoted.id, { role: 'operator' })).status).toBe(200);
    const list = await t.request('GET', '/api/v1/staff', { token: demoted.token });
    expect(list.status).toBe(403);
    expect(list.body.code).toBe('FORBIDDEN');
  });

  it("a handler moved to another unit loses the old unit's tickets at once, with the same token", async () => {
    const handler = await newStaff('handler', 'co.heating');
    const id = await dispatchedTo('co.heating');
    expect((await t.request('GET', `/api/v1/tickets/${id}`, { token: handler.token })).status).toBe(200);
    expect((await patchStaff(handler.id, { unitId: unit('dept.housing') })).status).toBe(200);
    const before = { row: await ticketRow(id), events: await eventsOf(id) };
    expect((await t.request('GET', `/api/v1/tickets/${id}`, { token: handler.token })).status).toBe(404);
    const sign = await t.request('POST', `/api/v1/tickets/${id}/actions/sign`, { token: handler.token, body: { version: before.row.version } });
    expect(sign.status).toBe(404);
    expect(await ticketRow(id)).toEqual(before.row);
    expect(await eventsOf(id)).toBe(before.events);
  });

  it("a handler disabled while a process still trusts its cached account cannot reply: the reply's transaction checks, and writes nothing", async () => {
    // This process keeps an account's state a minute: only the reply's own check stands between a disabled handler and
    // a reply under their name.
    const trusting = await startTestApp({ AUTH_STATE_CACHE_MS: '60000' }, t);
    try {
      const handler = await newStaff('handler', 'co.heating');
      const id = await dispatchedTo('co.heating');
      const signed = await trusting.request('POST', `/api/v1/tickets/${id}/actions/sign`, { token: handler.token, body: { version: (await ticketRow(id)).version } });
      expect(signed.status).toBe(200);
      // disabled behind every process's back: no process forgets its cached state
      await t.db.getRepository(StaffEntity).update({ id: handler.id }, { active: false });
      const before = { row: await ticketRow(id), events: await eventsOf(id) };
      const reply = await trusting.request('POST', `/api/v1/tickets/${id}/actions/reply`, {
        token: handler.token,
        body: { version: before.row.version, content: '已修复', handlerName: '张师傅', handlerPhone: '13800000000' },
      });
      expect(reply.status).toBe(403);
      expect(reply.body.code).toBe('ACCOUNT_DISABLED');
      expect(await ticketRow(id)).toEqual(before.row);
      expect(await eventsOf(id)).toBe(before.events);
    } finally {
      await trusting.close();
    }
  });

  it('another API process sees a disabled account within AUTH_STATE_CACHE_MS', async () => {
    const op = await newStaff('operator');
    expect((await second.request('GET', '/api/v1/tickets', { token: op.token })).status).toBe(200);
    expect((await patchStaff(op.id, { active: false })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 400));
    const res = await second.request('GET', '/api/v1/tickets', { token: op.token });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ACCOUNT_DISABLED');
  });

  it('logout ends the token (and the account logs in again)', async () => {
    const op = await newStaff('operator');
    const out = await t.request('POST', '/api/v1/auth/logout', { token: op.token });
    expect(out.status).toBe(204);
    const after = await t.request('GET', '/api/v1/tickets', { token: op.token });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('SESSION_REVOKED');
    expect((await t.request('POST', '/api/v1/auth/logout', {})).status).toBe(401);
    const again = await t.request('POST', '/api/v1/auth/staff', { body: { username: op.username, password: STRONG }, headers: fresh() });
    expect(again.status).toBe(200);
    expect((await t.request('GET', '/api/v1/tickets', { token: again.body.token })).status).toBe(200);
  });

  it('a password reset ends the old tokens', async () => {
    const op = await newStaff('operator');
    expect((await patchStaff(op.id, { password: 'Another-Quiet-Harbour-72' })).status).toBe(200);
    const res = await t.request('GET', '/api/v1/tickets', { token: op.token });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('SESSION_REVOKED');
  });

  it('a blocked resident is refused with an old token and at login; unblocked, logs in again', async () => {
    const openid = 'sec-blocked';
    const resident = await t.resident(openid);
    expect((await t.request('GET', '/api/v1/tickets', { token: resident.token })).status).toBe(200);
    const block = await t.request('PATCH', `/api/v1/residents/${resident.user.id}`, { token: admin, body: { blocked: true } });
    expect(block.status).toBe(200);
    const ticketsBefore = await t.count(TicketEntity);
    const filed = await t.request('POST', '/api/v1/tickets', { token: resident.token, body: appeal });
    expect(filed.status).toBe(403);
    expect(filed.body.code).toBe('ACCOUNT_DISABLED');
    expect(await t.count(TicketEntity)).toBe(ticketsBefore);
    const login = await t.request('POST', '/api/v1/auth/dev', { body: { openid } });
    expect(login.status).toBe(403);
    expect(login.body.code).toBe('ACCOUNT_DISABLED');
    expect((await t.db.getRepository(ResidentEntity).findOneByOrFail({ id: resident.user.id })).blocked).toBe(true);
    // Only admins block.
    const operator = (await t.login('operator')).token;
    expect((await t.request('PATCH', `/api/v1/residents/${resident.user.id}`, { token: operator, body: { blocked: false } })).status).toBe(403);
    expect((await t.request('PATCH', `/api/v1/residents/${resident.user.id}`, { token: admin, body: { blocked: false } })).status).toBe(200);
    expect((await t.request('POST', '/api/v1/auth/dev', { body: { openid } })).status).toBe(200);
    expect((await t.request('GET', '/api/v1/tickets', { token: resident.token })).body.code).toBe('SESSION_REVOKED');
  });

  it('audit: admins read the security events, append-only, and others cannot', async () => {
    const failed = await t.request('POST', '/api/v1/auth/staff', { body: { username: 'admin', password: 'not-the-password' }, headers: { 'x-forwarded-for': '10.99.0.7' } });
    expect(failed.status).toBe(401);
    const res = await t.request('GET', '/api/v1/security/events?limit=200', { token: admin });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const kinds = new Set(res.body.map((e: { kind: string }) => e.kind));
    for (const k of ['login_succeeded', 'login_failed', 'staff_created', 'staff_disabled', 'staff_enabled', 'role_changed', 'unit_changed', 'password_reset', 'logout', 'resident_blocked', 'resident_unblocked']) {
      expect(kinds).toContain(k);
    }
    expect(res.body.find((e: { kind: string }) => e.kind === 'role_changed').detail).toBe('admin→operator');
    expect(res.body.find((e: { kind: string }) => e.kind === 'login_failed')).toMatchObject({ username: 'admin', address: '10.99.0.7' });
    // Append-only: no route edits or deletes an event.
    const first = res.body[0].id as string;
    for (const method of ['PATCH', 'PUT', 'DELETE']) {
      expect((await t.request(method, `/api/v1/security/events/${first}`, { token: admin, body: {} })).status).toBe(404);
    }
    expect((await t.request('DELETE', '/api/v1/security/events', { token: admin })).status).toBe(404);
    const operator = (await t.login('operator')).token;
    expect((await t.request('GET', '/api/v1/security/events', { token: operator })).status).toBe(403);
    expect(await t.count(SecurityEventEntity)).toBeGreaterThanOrEqual(res.body.length);
  });
});

describe('security: login abuse', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_LOGIN_PER_MIN: '3', RATE_LIMIT_ADDRESS_FACTOR: '2' });
  });
  afterAll(() => t?.close());

  const login = (username: string, password: string, address: string) =>
    t.request('POST', '/api/v1/auth/staff', { body: { username, password }, headers: { 'x-forwarded-for': address } });
  const withoutId = (res: TestResponse) => ({ status: res.status, code: res.body.code, message: res.body.message, details: res.body.details });

  it('every spelling a collation treats as equal shares one bucket, and only the stored spelling logs in', async () => {
    const a = '10.2.0.1';
    expect((await login('ＯＰＥＲＡＴＯＲ', 'wrong-password', a)).status).toBe(401);
    expect((await login(' Operator ', 'wrong-password', a)).status).toBe(401);
    const accented = await login('opérator', DEMO_PASSWORD, a);
    expect(accented.status).toBe(401); // on MariaDB the collation finds `operator`; the exact spelling check refuses it
    const fourth = await login('OPÉRATOR', DEMO_PASSWORD, a);
    expect(fourth.status).toBe(429);
    // Full-width and padded spellings are the same account once normalised.
    expect((await login(' ｏｐｅｒａｔｏｒ ', DEMO_PASSWORD, '10.2.0.2')).status).toBe(200);
  });

  it('a stranger guessing from several addresses cannot lock the owner out of an address that logged in before', async () => {
    const owner = '10.3.0.9';
    expect((await login('supervisor', DEMO_PASSWORD, owner)).status).toBe(200); // the owner's address becomes known
    // 3 a minute per account and address…
    for (let i = 0; i < 3; i++) expect((await login('supervisor', 'wrong-password', '10.3.0.1')).status).toBe(401);
    expect((await login('supervisor', 'wrong-password', '10.3.0.1')).status).toBe(429);
    // …and 6 a minute per account from addresses it never logged in from (the owner's first login counted too).
    for (let i = 0; i < 2; i++) expect((await login('supervisor', 'wrong-password', '10.3.0.2')).status).toBe(401);
    expect((await login('supervisor', 'wrong-password', '10.3.0.2')).status).toBe(429);
    // The account is now closed to new addresses, right password or not…
    expect((await login('supervisor', DEMO_PASSWORD, '10.3.0.3')).status).toBe(429);
    // …but the owner's known address still gets in.
    expect((await login('supervisor', DEMO_PASSWORD, owner)).status).toBe(200);
  });

  it('a disabled account answers a correct password exactly like a wrong one', async () => {
    const admin = (await login('admin', DEMO_PASSWORD, '10.4.0.1')).body.token as string;
    const staff = (await t.request('GET', '/api/v1/staff', { token: admin })).body as { id: string; username: string }[];
    const target = staff.find((s) => s.username === 'operator2')!;
    expect((await t.request('PATCH', `/api/v1/staff/${target.id}`, { token: admin, body: { active: false } })).status).toBe(200);
    const right = await login('operator2', DEMO_PASSWORD, '10.4.0.2');
    const wrong = await login('operator2', 'wrong-password', '10.4.0.3');
    const unknown = await login('nobody.here', 'wrong-password', '10.4.0.4');
    expect(withoutId(right)).toEqual(withoutId(wrong));
    expect(withoutId(unknown)).toEqual(withoutId(wrong));
    expect(right.body.code).toBe('INVALID_CREDENTIALS');
  });
});

/** Speaks HTTP/1.1 by hand, so a test can be the slow or oversized client; resolves with what the server answered. */
function rawExchange(baseUrl: string, chunks: string[], waitMs = 8000): Promise<{ status: number; body: any; elapsedMs: number }> {
  const { port } = new URL(baseUrl);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => {
      for (const c of chunks) socket.write(c);
    });
    let data = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${waitMs} ms`));
    }, waitMs);
    socket.on('data', (d) => (data += d.toString('utf8')));
    socket.on('close', () => {
      clearTimeout(timer);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0);
      const text = data.slice(data.indexOf('\r\n\r\n') + 4);
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON
      }
      resolve({ status, body, elapsedMs: Date.now() - started });
    });
    socket.on('error', () => undefined);
  });
}

describe('security: secrets, passwords, slow clients, headers', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp({ HTTP_REQUEST_TIMEOUT_MS: '1500', HTTP_HEADERS_TIMEOUT_MS: '1000', BODY_LIMIT_BYTES: '2048' });
    admin = (await t.login('admin')).token;
  });
  afterAll(() => t?.close());

  it('production refuses the documented development token secret and weak ones at start', () => {
    for (const secret of [DEVELOPMENT_TOKEN_SECRET, 'x'.repeat(40), 'abcdefghijklmnopqrstuvwxyz0123456789']) {
      expect(() => loadConfig({ NODE_ENV: 'production', TOKEN_SECRET: secret })).toThrow(/TOKEN_SECRET: .*NODE_ENV=production/);
    }
    expect(() => loadConfig({ NODE_ENV: 'production', TOKEN_SECRET: 'r8Jq2vXbN5tLwE0yHcK7uPzA3mGd9sFi1oTe6WnQkRhV4jYx' })).not.toThrow();
  });

  it('refuses weak staff passwords and ones containing the username, with Chinese messages, writing nothing', async () => {
    const unitId = (await t.request('GET', '/api/v1/units', { token: admin })).body[0].id;
    const before = await t.count(StaffEntity);
    for (const password of ['12345678', 'password123', 'Sec.weakling-2026']) {
      const res = await t.request('POST', '/api/v1/staff', { token: admin, body: { username: 'sec.weakling', password, role: 'operator', unitId } });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details[0].path).toBe('password');
      expect(res.body.details[0].message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(await t.count(StaffEntity)).toBe(before);
    const staff = (await t.request('GET', '/api/v1/staff', { token: admin })).body as { id: string; username: string }[];
    const op = staff.find((s) => s.username === 'operator')!;
    const hash = (await t.db.getRepository(StaffEntity).findOneByOrFail({ id: op.id })).passwordHash;
    expect((await t.request('PATCH', `/api/v1/staff/${op.id}`, { token: admin, body: { password: 'operator2026' } })).status).toBe(400);
    expect((await t.db.getRepository(StaffEntity).findOneByOrFail({ id: op.id })).passwordHash).toBe(hash);
    // Usernames are stored in their one normalised spelling.
    const created = await t.request('POST', '/api/v1/staff', { token: admin, body: { username: ' ＳＥＣ.Normal ', password: STRONG, role: 'operator', unitId } });
    expect(created.status).toBe(201);
    expect(created.body.username).toBe('sec.normal');
  });

  it('refuses forged bearer tokens: edited claims, alg none, another audience or issuer, no expiry', async () => {
    const operator = (await t.login('operator')).token;
    expect((await t.request('GET', '/api/v1/tickets', { token: operator })).status).toBe(200);
    const [header, payload, signature] = operator.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const key = new TextEncoder().encode('test-secret-test-secret-test-secret-0123'); // the test app's TOKEN_SECRET
    const sign = (c: Record<string, unknown>) => new SignJWT(c).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key);
    const forged = [
      `${header}.${b64({ ...claims, role: 'admin' })}.${signature}`,
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, role: 'admin' })}.`,
      await sign({ ...claims, role: 'admin', aud: 'another-service' }),
      await sign({ ...claims, role: 'admin', iss: 'another-issuer' }),
      await sign(Object.fromEntries(Object.entries({ ...claims, role: 'admin' }).filter(([k]) => k !== 'exp'))),
    ];
    for (const token of forged) {
      const res = await t.request('GET', '/api/v1/staff', { token });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('TOKEN_INVALID');
    }
    // The same secret with every claim right does work: the refusals above are the checks, not a wrong key.
    expect((await t.request('GET', '/api/v1/tickets', { token: await sign({ ...claims }) })).status).toBe(200);
  });

  it('a client sending 10 bytes of a 1,000-byte body is cut off with 408 {code, message}', async () => {
    const res = await rawExchange(t.baseUrl, [
      'POST /api/v1/auth/staff HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"usernam',
    ]);
    expect(res.status).toBe(408);
    expect(res.body.code).toBe('REQUEST_TIMEOUT');
    expect(res.body.message).toEqual(expect.any(String));
    expect(res.elapsedMs).toBeLessThan(5000);
  });

  it('a client that never finishes its headers is cut off with 408', async () => {
    const res = await rawExchange(t.baseUrl, ['GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: a']);
    expect(res.status).toBe(408);
    expect(res.body.code).toBe('REQUEST_TIMEOUT');
    expect(res.elapsedMs).toBeLessThan(5000);
  });

  it('answers 413, 414 and 431 in the {code, message} shape', async () => {
    const big = await t.request('POST', '/api/v1/auth/staff', { body: { username: 'x', password: 'y'.repeat(4000) } });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
    const long = await t.request('GET', `/api/v1/tickets?q=${'a'.repeat(5000)}`, { token: admin });
    expect(long.status).toBe(414);
    expect(long.body).toMatchObject({ code: 'URI_TOO_LONG', message: expect.any(String) });
    // answered before routing, and still with the security headers
    expect(long.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const headers = await rawExchange(t.baseUrl, [`GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`]);
    expect(headers.status).toBe(431);
    expect(headers.body.code).toBe('HEADERS_TOO_LARGE');
  });

  it('sends CSP with frame-ancestors none, Referrer-Policy, and no HSTS without TLS', async () => {
    for (const url of ['/', '/api/v1/tickets']) {
      const res = await t.request('GET', url, { token: admin });
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('marks answers with personal data Cache-Control: no-store', async () => {
    const resident = (await t.resident('sec-cache')).token;
    const filed = await t.request('POST', '/api/v1/tickets', { token: resident, body: appeal });
    for (const [url, token] of [[`/api/v1/tickets/${filed.body.id}`, resident], ['/api/v1/tickets', admin], ['/api/v1/staff', admin]] as const) {
      const res = await t.request('GET', url, { token });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    const login = await t.request('POST', '/api/v1/auth/staff', { body: { username: 'admin', password: DEMO_PASSWORD }, headers: fresh() });
    expect(login.headers.get('cache-control')).toBe('no-store');
  });

  it('keeps a plain client x-request-id and replaces anything else', async () => {
    const plain = await t.request('GET', '/api/v1/health', { headers: { 'x-request-id': 'app-1.trace_2' } });
    expect(plain.headers.get('x-request-id')).toBe('app-1.trace_2');
    for (const bad of ['<script>alert(1)</script>', 'a'.repeat(65), 'line\tbreak']) {
      const res = await t.request('GET', '/api/v1/health', { headers: { 'x-request-id': bad } });
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe('security: production switches', () => {
  it('OpenAPI pages are off unless API_DOCS=true; HSTS only when configured', async () => {
    const t = await startTestApp({ API_DOCS: 'false', HSTS: 'true' });
    try {
      expect((await t.request('GET', '/api/docs')).status).toBe(404);
      expect((await t.request('GET', '/api/docs-json')).status).toBe(404);
      expect((await t.request('GET', '/api/v1/health')).headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
    } finally {
      await t.close();
    }
  });
});

describe('security: input', () => {
  let t: TestApp;
  let resident: string;
  beforeAll(async () => {
    t = await startTestApp();
    resident = (await t.resident('sec-input')).token;
  });
  afterAll(() => t?.close());

  it('refuses a description made only of invisible characters, and bidi overrides, writing nothing', async () => {
    const before = await t.count(TicketEntity);
    for (const description of ['\u200B\u200B\u200B\u200B\u200B\u200B', '\u3164\u3164\u3164\u3164\u3164', '  \uFE0F\u2060\u200D\u200C\u2800  ']) {
      const res = await t.request('POST', '/api/v1/tickets', { token: resident, body: { ...appeal, description } });
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { path: string }) => d.path)).toContain('description');
    }
    const bidi = await t.request('POST', '/api/v1/tickets', { token: resident, body: { ...appeal, title: '井盖\u202E丢失了', description: '楼道灯坏了很久，\u202E晚上上下楼很危险' } });
    expect(bidi.status).toBe(400);
    expect(bidi.body.details.map((d: { message: string }) => d.message)).toContain('不能包含文字方向控制字符');
    expect(await t.count(TicketEntity)).toBe(before);
    // Visible text with an emoji's variation selector still passes.
    expect((await t.request('POST', '/api/v1/tickets', { token: resident, body: { ...appeal, description: '井盖丢失 😡️ 请尽快处理' } })).status).toBe(201);
  });

  it('refuses form-encoded bodies on JSON endpoints with 415, but not on Open311', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const login = await t.request('POST', '/api/v1/auth/staff', { raw: `username=admin&password=${encodeURIComponent(DEMO_PASSWORD)}`, headers: form });
    expect(login.status).toBe(415);
    expect(login.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(login.headers.get('x-content-type-options')).toBe('nosniff');
    const before = await t.count(TicketEntity);
    const filed = await t.request('POST', '/api/v1/tickets', { token: resident, raw: 'type=complaint&description=xxxxxxxxxx&confidential=false', headers: form });
    expect(filed.status).toBe(415);
    expect(await t.count(TicketEntity)).toBe(before);
    const open311 = await t.request('POST', '/open311/v2/requests.json', { raw: 'api_key=nope&service_code=x', headers: form });
    expect(open311.status).not.toBe(415);
  });

  it('refuses a second file in one upload instead of dropping it', async () => {
    const before = await t.count(AttachmentEntity);
    const form = new FormData();
    for (const seed of [1, 2]) form.append('file', new Blob([new Uint8Array(await solid(16, 16, seed).jpeg().toBuffer())], { type: 'image/jpeg' }), `p${seed}.jpg`);
    const res = await fetch(`${t.baseUrl}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${resident}` }, body: form });
    const body = (await res.json()) as { code: string; details: { message: string }[] };
    expect(res.status).toBe(400);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details[0]!.message).toBe('一次只能上传一张图片');
    expect(await t.count(AttachmentEntity)).toBe(before);
    expect((await upload(t, resident, await solid(16, 16, 3).jpeg().toBuffer())).status).toBe(201);
  });

  it('uploading the same bytes again gives a photo that can be attached, sharing the stored files', async () => {
    const bytes = await solid(48, 40, 222).jpeg().toBuffer();
    const rows = t.db.getRepository(AttachmentEntity);
    const first = await upload(t, resident, bytes);
    expect(first.status).toBe(201);
    expect((await t.request('POST', '/api/v1/tickets', { token: resident, body: { ...appeal, attachmentIds: [first.body.id] } })).status).toBe(201);
    // The attack on the old code: the second upload answered the attached photo, and this filing failed.
    const again = await upload(t, resident, bytes);
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(first.body.id);
    const [a, b] = [await rows.findOneByOrFail({ id: first.body.id }), await rows.findOneByOrFail({ id: again.body.id })];
    expect(b).toMatchObject({ ticketId: null, storageKey: a.storageKey, thumbKey: a.thumbKey, sha256: a.sha256 });
    const filed = await t.request('POST', '/api/v1/tickets', { token: resident, body: { ...appeal, attachmentIds: [again.body.id] } });
    expect(filed.status).toBe(201);
    expect(filed.body.photos.map((p: { id: string }) => p.id)).toEqual([again.body.id]);
    // Not attached yet: the same copy is answered, no new row.
    const third = await upload(t, resident, bytes);
    const count = await t.count(AttachmentEntity);
    expect((await upload(t, resident, bytes)).body.id).toBe(third.body.id);
    expect(await t.count(AttachmentEntity)).toBe(count);
    // The sweep deletes the abandoned copy's row, not the files the attached ones still use.
    await new Promise((r) => setTimeout(r, 5));
    expect(await t.app.get(AttachmentsService).sweepUnattached(new Date())).toBeGreaterThanOrEqual(1);
    expect(await rows.findOneBy({ id: third.body.id })).toBeNull();
    for (const id of [first.body.id, again.body.id]) {
      const shown = await download(t, resident, `/api/v1/attachments/${id}`);
      expect(shown.status).toBe(200);
      expect(shown.bytes.length).toBeGreaterThan(0);
    }
  });
});

describe('security: a merge discloses nothing of the surviving ticket owner', () => {
  let t: TestApp;
  let operator: string;
  let heating: string;
  let heatingUnit: string;
  let categoryId: string;
  beforeAll(async () => {
    t = await startTestApp();
    operator = (await t.login('operator')).token;
    heating = (await t.login('handler.co.heating')).token;
    heatingUnit = (await t.request('GET', '/api/v1/units', { token: operator })).body.find((u: { code: string }) => u.code === 'co.heating').id;
    categoryId = (await t.request('GET', '/api/v1/categories', { token: operator })).body.find((c: { level3: string }) => c.level3 === '冬季采暖').id;
  });
  afterAll(() => t?.close());

  const owners = {
    type: 'complaint',
    title: '福民小区3号楼暖气不热',
    description: '我家在福民小区3号楼2单元501，暖气一直不热，家里有九十岁老人',
    location: { lat: 39.8023, lng: 98.2901, coordSystem: 'gcj02', address: '雄关区新华中路12号福民小区3号楼2单元501' },
    contact: { name: '赵秀兰', phone: '13811112222' },
    confidential: true,
  };
  const neighbours = {
    type: 'complaint',
    description: '福民小区暖气不热，整栋楼都冷',
    location: { lat: 39.8024, lng: 98.2902, coordSystem: 'gcj02', address: '雄关区新华中路14号' },
    contact: { name: '钱建国', phone: '13933334444' },
    confidential: false,
  };
  const version = async (id: string) => (await t.db.getRepository(TicketEntity).findOneByOrFail({ id })).version;
  const photo = async (token: string, seed: number) => {
    const res = await upload(t, token, await solid(32, 32, seed).jpeg().toBuffer());
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  it("the merged resident follows the progress and the reply, and reads none of the owner's data, photos included", async () => {
    const owner = (await t.resident('sec-merge-owner')).token;
    const neighbour = (await t.resident('sec-merge-neighbour')).token;
    const ownerPhoto = await photo(owner, 60);
    const survivor = await t.request('POST', '/api/v1/tickets', { token: owner, body: { ...owners, attachmentIds: [ownerPhoto] } });
    expect(survivor.status).toBe(201);
    const id = survivor.body.id as string;
    const supplementPhoto = await photo(owner, 120);
    await act(t, owner, id, 'supplement', { text: '补充：501室电话13811112222，白天有人', attachmentIds: [supplementPhoto] });
    const dup = await t.request('POST', '/api/v1/tickets', { token: neighbour, body: neighbours });
    expect(dup.status).toBe(201);
    await act(t, operator, dup.body.id, 'merge', { intoTicketId: id });
    await act(t, operator, id, 'accept', { categoryId });
    await act(t, operator, id, 'dispatch', { leadUnitId: heatingUnit });
    await act(t, heating, id, 'sign');
    const replyPhoto = await photo(heating, 180);
    const reply = { content: '已更换3号楼供暖阀门，室温恢复到20度', handlerName: '孙师傅', handlerPhone: '13755556666', attachmentIds: [replyPhoto] };
    await act(t, heating, id, 'reply', reply);
    await act(t, owner, id, 'rate', { satisfaction: 'satisfied', resolved: true, comment: '赵秀兰很满意，谢谢孙师傅' });

    // The attack: the neighbour reads the surviving ticket, its timeline and its photos.
    const seen = await t.request('GET', `/api/v1/tickets/${id}`, { token: neighbour });
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({
      id,
      status: 'closed',
      reply: { content: reply.content, handlerName: '孙师傅', handlerPhone: '13755556666' },
      title: null,
      description: '',
      location: null,
      wgs84: null,
      contact: { name: null, phone: null },
      streetId: null,
      communityId: null,
      rating: null,
      actions: [],
    });
    expect(seen.body.photos.map((p: { id: string; usage: string }) => [p.id, p.usage])).toEqual([[replyPhoto, 'reply']]);
    const timeline = await t.request('GET', `/api/v1/tickets/${id}/events`, { token: neighbour });
    expect(timeline.status).toBe(200);
    expect(timeline.body.map((e: { action: string }) => e.action)).toEqual(['accept', 'dispatch', 'sign', 'reply']);
    const leaked = JSON.stringify([seen.body, timeline.body]);
    for (const secret of ['赵秀兰', '13811112222', '2单元501', '501室', '新华中路12号', '九十岁', '39.8023', '98.2901', ownerPhoto, supplementPhoto]) {
      expect(leaked).not.toContain(secret);
    }
    for (const photoId of [ownerPhoto, supplementPhoto]) {
      for (const url of [`/api/v1/attachments/${photoId}`, `/api/v1/attachments/${photoId}/thumbnail`]) {
        const res = await download(t, neighbour, url);
        expect(res.status).toBe(404);
        expect(res.json.code).toBe('ATTACHMENT_NOT_FOUND');
      }
    }
    expect((await download(t, neighbour, `/api/v1/attachments/${replyPhoto}`)).status).toBe(200);
    const signed = await fetch(`${t.baseUrl}${seen.body.photos[0].thumbnailUrl}`);
    expect(signed.status).toBe(200);
    // Following gives no say over the ticket: a supplement is refused and writes nothing.
    const before = await t.db.getRepository(TicketEventEntity).countBy({ ticketId: id });
    const supplement = await t.request('POST', `/api/v1/tickets/${id}/actions/supplement`, { token: neighbour, body: { version: await version(id), text: '我也住这里，请一起处理' } });
    expect(supplement.status).toBe(403);
    expect(await t.db.getRepository(TicketEventEntity).countBy({ ticketId: id })).toBe(before);

    // The neighbour still sees all of their own appeal; the owner all of theirs; the handling unit the contact masked.
    const own = await t.request('GET', `/api/v1/tickets/${dup.body.id}`, { token: neighbour });
    expect(own.body).toMatchObject({ status: 'merged', mergedIntoId: id, contact: neighbours.contact, description: neighbours.description });
    const ownerView = await t.request('GET', `/api/v1/tickets/${id}`, { token: owner });
    expect(ownerView.body).toMatchObject({ contact: owners.contact, description: owners.description, location: { address: owners.location.address } });
    expect(ownerView.body.photos.map((p: { id: string }) => p.id)).toEqual([ownerPhoto, supplementPhoto, replyPhoto]);
    expect((await download(t, owner, `/api/v1/attachments/${ownerPhoto}`)).status).toBe(200);
    const unitView = await t.request('GET', `/api/v1/tickets/${id}`, { token: heating });
    expect(unitView.body.contact).toEqual({ name: '赵**', phone: '138****2222' });
    // Another resident, merged into nothing, still gets 404 as for a ticket that does not exist.
    const stranger = (await t.resident('sec-merge-stranger')).token;
    expect((await t.request('GET', `/api/v1/tickets/${id}`, { token: stranger })).status).toBe(404);
    expect((await download(t, stranger, `/api/v1/attachments/${replyPhoto}`)).status).toBe(404);
  });
});

describe('security: known login addresses are pruned', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_ADDRESS_RETENTION_DAYS: '30', LOGIN_ADDRESS_PRUNE_INTERVAL_MS: '200' });
  });
  afterAll(() => t?.close());

  it('a background job deletes pairs not seen for LOGIN_ADDRESS_RETENTION_DAYS; recent ones and the audit log stay', async () => {
    expect(t.app.get(BackgroundJobs).names()).toContain('login-address-prune');
    const repo = t.db.getRepository(LoginAddressEntity);
    const day = 86_400_000;
    const old = Array.from({ length: 5 }, (_, i) => ({ key: `old-${i}`.padEnd(64, '0'), lastSuccessAt: new Date(Date.now() - (31 + i) * day) }));
    await repo.insert([...old, { key: 'recent'.padEnd(64, '0'), lastSuccessAt: new Date(Date.now() - 29 * day) }]);
    // A real login from a fresh address is remembered, and stays.
    expect((await t.request('POST', '/api/v1/auth/staff', { body: { username: 'admin', password: DEMO_PASSWORD }, headers: fresh() })).status).toBe(200);
    const events = await t.count(SecurityEventEntity);
    for (let i = 0; i < 50 && (await repo.countBy({ key: In(old.map((o) => o.key)) })) > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await repo.countBy({ key: In(old.map((o) => o.key)) })).toBe(0);
    expect(await repo.existsBy({ key: 'recent'.padEnd(64, '0') })).toBe(true);
    expect(await repo.count()).toBe(2);
    expect(await t.count(SecurityEventEntity)).toBe(events);
    // Batches: 7 old rows in batches of 3 all go; a second pass (another process) finds nothing.
    await repo.insert(Array.from({ length: 7 }, (_, i) => ({ key: `batch-${i}`.padEnd(64, '0'), lastSuccessAt: new Date(Date.now() - 40 * day) })));
    const service = t.app.get(LoginAddressesService);
    const cutoff = new Date(Date.now() - 30 * day);
    const [a, b] = await Promise.all([service.prune(cutoff, 3), service.prune(cutoff, 3)]);
    expect(a + b).toBeLessThanOrEqual(7);
    expect(await repo.count()).toBe(2);
    expect(await service.prune(cutoff, 3)).toBe(0);
  });

  it('refuses a retention that is not a whole number of days between 1 and 3650 at start', () => {
    for (const value of ['0', '3651', '1.5', 'ninety']) {
      expect(() => loadConfig({ LOGIN_ADDRESS_RETENTION_DAYS: value })).toThrow(/LOGIN_ADDRESS_RETENTION_DAYS: must be a whole number of days/);
    }
    expect(() => loadConfig({ LOGIN_ADDRESS_PRUNE_INTERVAL_MS: '-1' })).toThrow(/LOGIN_ADDRESS_PRUNE_INTERVAL_MS/);
    expect(loadConfig({ LOGIN_ADDRESS_RETENTION_DAYS: '180' }).loginAddresses).toEqual({ retentionDays: 180, pruneIntervalMs: 3_600_000 });
  });
});

/** The hand-written security migrations must leave MySQL/MariaDB where the entities say (SQLite follows them itself). */
describeOnMysql('security: migrations (MySQL/MariaDB)', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await migratedDatabase('sec');
  });
  afterAll(() => dropDatabase(ds));

  it('no pending schema change for the security tables and attachment index; their migration rolls back and forth', async () => {
    const pending = async () =>
      (await ds.driver.createSchemaBuilder().log()).upQueries
        .map((q) => q.query)
        .filter((q) => /`(login_addresses|security_events)`|owner_sha256/.test(q))
        // MariaDB reports nullable columns with a default of 'NULL', so TypeORM re-declares each of them (every table alike).
        .filter((q) => !/^ALTER TABLE `\w+` CHANGE `(\w+)` `\1` [^`]+ NULL$/.test(q));
    expect(await pending()).toEqual([]);
    const indexes = async () => ((await ds.query('SHOW INDEX FROM `login_addresses`')) as { Key_name: string }[]).map((i) => i.Key_name);
    expect(await indexes()).toContain('ix_login_addresses_last');
    // undo down to (and including) the security migration; later ones (other features) come back with it
    const applied = async () => ((await ds.query('SELECT name FROM migrations')) as { name: string }[]).map((m) => m.name);
    while ((await applied()).some((m) => m.startsWith('SecurityUploadsRetention'))) await ds.undoLastMigration();
    expect(await indexes()).not.toContain('ix_login_addresses_last');
    await ds.runMigrations();
    expect(await pending()).toEqual([]);
  });
});
