import http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { APP_CONFIG, ConfigError, loadConfig } from '../src/config/config.js';
import { BackgroundJobs } from '../src/common/background-jobs.js';
import { TicketEntity, TicketEventEntity } from '../src/database/entities.js';
import { ProvinceClient } from '../src/province/province.client.js';
import { ProvinceOutboxEntity, ProvinceTicketEntity } from '../src/notifications/province.entities.js';
import { ProvinceDeliveryWorker, type ProvinceDeliveryReport } from '../src/province/province-delivery.worker.js';
import { type FakeProvince, signed, startFakeProvince } from './support/fake-province.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const SECRET = 'province-test-secret-province-test-secret';
const ROUTE = '/api/v1/province/tickets';

let seq = 0;
/** A fresh provincial number per forward, so the tests do not depend on each other. */
const provinceNumber = () => `GS12345-${Date.now().toString(36)}-${++seq}`;

function appeal(number: string, extra: Record<string, unknown> = {}) {
  return {
    provinceNumber: number,
    type: 'complaint',
    title: '供暖不热',
    description: '嘉峪关市雄关区某小区供暖不热，室温只有12度，省平台转办',
    contact: { name: '王女士', phone: '13900000001' },
    location: { lat: 39.8023, lng: 98.2901, coordSystem: 'gcj02', address: '雄关区新华中路' },
    urgent: true,
    forwardedAt: new Date().toISOString(),
    ...extra,
  };
}

describe('provincial 12345 platform', () => {
  let t: TestApp;
  let province: FakeProvince;
  let operator: string;
  let supervisor: string;
  let handler: string;
  const unit: Record<string, string> = {};

  beforeAll(async () => {
    province = await startFakeProvince({ secret: SECRET });
    t = await startTestApp({
      PROVINCE_SHARED_SECRET: SECRET,
      PROVINCE_API_URL: province.baseUrl,
      PROVINCE_INTERVAL_MS: '0',
      PROVINCE_TIMEOUT_MS: '300',
      PROVINCE_RETRY_BASE_MS: '100',
    });
    operator = (await t.login('operator')).token;
    supervisor = (await t.login('supervisor')).token;
    handler = (await t.login('handler.co.heating')).token;
    for (const u of (await t.request('GET', '/api/v1/units', { token: operator })).body) unit[u.code] = u.id;
  });
  afterAll(async () => {
    await t.close();
    await province.close();
  });

  const forward = (body: unknown, opts: { timestamp?: number; secret?: string; raw?: string } = {}) => {
    const s = signed(opts.secret ?? SECRET, opts.raw ?? body, { timestamp: opts.timestamp });
    return t.request('POST', ROUTE, { raw: s.body, headers: s.headers });
  };
  /** node:http, not fetch: the server answers 413 and closes before the upload ends, which fetch reports as an unhandled abort. */
  const postRaw = (headers: Record<string, string>, body: string, chunked: boolean) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      let answered: { status: number; body: string } | null = null;
      const bytes = Buffer.from(body);
      const req = http.request(
        `${t.baseUrl}${ROUTE}`,
        { method: 'POST', headers: chunked ? headers : { ...headers, 'content-length': String(bytes.length) } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString('utf8')));
          res.on('end', () => resolve((answered = { status: res.statusCode ?? 0, body: text })));
        },
      );
      // Only an error without an answer fails.
      req.on('error', (err) => setTimeout(() => (answered ? resolve(answered) : reject(err)), 500));
      for (let i = 0; i < bytes.length; i += 64 * 1024) req.write(bytes.subarray(i, i + 64 * 1024));
      req.end();
    });
  const worker = () => t.app.get(ProvinceDeliveryWorker);
  const outbox = () => t.db.getRepository(ProvinceOutboxEntity);
  const counts = async () => ({
    tickets: await t.count(TicketEntity),
    events: await t.count(TicketEventEntity),
    links: await t.count(ProvinceTicketEntity),
    outbox: await t.count(ProvinceOutboxEntity),
  });

  /** Runs the worker until nothing is due, an hour later each round (so backoff never holds a message). */
  async function drain(w: ProvinceDeliveryWorker = worker(), from = Date.now()): Promise<ProvinceDeliveryReport> {
    const total = { sent: 0, retried: 0, rejected: 0 };
    let now = from;
    for (let i = 0; i < 30; i++) {
      const r = await w.runOnce(new Date(now));
      total.sent += r.sent;
      total.retried += r.retried;
      total.rejected += r.rejected;
      if (r.sent + r.retried + r.rejected === 0) break;
      now += 3600_000;
    }
    return total;
  }

  async function step(token: string, id: string, action: string, body: Record<string, unknown> = {}) {
    const { body: current } = await t.request('GET', `/api/v1/tickets/${id}`, { token: operator });
    const res = await t.request('POST', `/api/v1/tickets/${id}/actions/${action}`, { token, body: { version: current.version, ...body } });
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  describe('inbound: POST /api/v1/province/tickets', () => {
    it('creates an accepted province ticket with its audit event, provincial number and first feedback message', async () => {
      const number = provinceNumber();
      const before = await counts();
      const res = await forward(appeal(number));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ provinceNumber: number, status: 'accepted', duplicate: false });
      expect(res.body.number).toMatch(/^JYG\d{14}$/);

      const ticket = await t.db.getRepository(TicketEntity).findOneByOrFail({ id: res.body.ticketId });
      expect(ticket).toMatchObject({
        channel: 'province',
        status: 'accepted',
        version: 1,
        type: 'complaint',
        urgent: true,
        title: '供暖不热',
        contactName: '王女士',
        contactPhone: '13900000001',
        residentId: null,
        coordSystem: 'gcj02',
      });
      expect(ticket.wgs84Lat).not.toBeNull();
      const events = await t.db.getRepository(TicketEventEntity).findBy({ ticketId: ticket.id });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ action: 'forward', fromStatus: null, toStatus: 'accepted', actorRole: 'system', actorId: null });
      expect(events[0]?.payload).toMatchObject({ channel: 'province', provinceNumber: number });
      expect(await t.db.getRepository(ProvinceTicketEntity).findOneBy({ ticketId: ticket.id })).toMatchObject({ provinceNumber: number });
      const messages = await outbox().findBy({ ticketId: ticket.id });
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({ event: 'accepted', status: 'pending', seq: 1, eventId: events[0]?.id });
      expect(await counts()).toEqual({
        tickets: before.tickets + 1,
        events: before.events + 1,
        links: before.links + 1,
        outbox: before.outbox + 1,
      });

      // The operators see it in their queue, like a call they registered, with the halved deadline policy ahead.
      const view = await t.request('GET', `/api/v1/tickets/${ticket.id}`, { token: operator });
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({ channel: 'province', status: 'accepted' });
      expect(view.body.actions).toEqual(expect.arrayContaining(['dispatch']));
    });

    it('returns the existing ticket (200) for a number forwarded again, and writes nothing', async () => {
      const number = provinceNumber();
      const first = await forward(appeal(number));
      expect(first.status).toBe(201);
      const before = await counts();
      // a retry a second later, even with edited text, is the same appeal
      const again = await forward(appeal(number, { description: '重复转办：供暖不热，室温只有12度' }), { timestamp: Math.floor(Date.now() / 1000) + 1 });
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ ...first.body, duplicate: true });
      expect(await counts()).toEqual(before);
    });

    it('creates exactly one ticket when the same number arrives concurrently', async () => {
      const number = provinceNumber();
      const before = await counts();
      const results = await Promise.all(Array.from({ length: 6 }, () => forward(appeal(number))));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 200, 200, 200, 200, 201]);
      expect(new Set(results.map((r) => r.body.ticketId)).size).toBe(1);
      expect(await counts()).toEqual({ tickets: before.tickets + 1, events: before.events + 1, links: before.links + 1, outbox: before.outbox + 1 });
    });

    it('refuses a bad signature or a stale timestamp with 401 and a stable code, writing nothing', async () => {
      const before = await counts();
      const body = appeal(provinceNumber());
      const good = signed(SECRET, body);
      const cases: [string, Record<string, string>, string, string][] = [
        ['wrong secret', signed('another-secret-another-secret-another', body).headers, good.body, 'PROVINCE_SIGNATURE_INVALID'],
        ['body changed after signing', good.headers, good.body.replace('12度', '22度'), 'PROVINCE_SIGNATURE_INVALID'],
        ['no signature', { 'content-type': 'application/json', 'x-province-timestamp': good.headers['x-province-timestamp']! }, good.body, 'PROVINCE_SIGNATURE_INVALID'],
        ['no timestamp', { 'content-type': 'application/json', 'x-province-signature': good.headers['x-province-signature']! }, good.body, 'PROVINCE_SIGNATURE_INVALID'],
        ['signature not hex', { ...good.headers, 'x-province-signature': 'zz'.repeat(32) }, good.body, 'PROVINCE_SIGNATURE_INVALID'],
        ['timestamp 6 minutes old', signed(SECRET, body, { timestamp: Math.floor(Date.now() / 1000) - 360 }).headers, good.body, 'PROVINCE_TIMESTAMP_STALE'],
        ['timestamp 6 minutes ahead', signed(SECRET, body, { timestamp: Math.floor(Date.now() / 1000) + 360 }).headers, good.body, 'PROVINCE_TIMESTAMP_STALE'],
        ['bearer token instead', { 'content-type': 'application/json', authorization: `Bearer ${operator}` }, good.body, 'PROVINCE_SIGNATURE_INVALID'],
      ];
      for (const [label, headers, raw, code] of cases) {
        const res = await t.request('POST', ROUTE, { raw, headers });
        expect([label, res.status, res.body.code]).toEqual([label, 401, code]);
      }
      expect(await counts()).toEqual(before);
    });

    it('refuses bad bodies with 400 and a stable code (never a 5xx), writing nothing', async () => {
      const before = await counts();
      const n = provinceNumber();
      const bodies: [unknown, string][] = [
        [{ ...appeal(n), description: undefined }, 'VALIDATION_FAILED'],
        [{ ...appeal(n), description: '短' }, 'VALIDATION_FAILED'],
        [{ ...appeal(n), type: 'gossip' }, 'VALIDATION_FAILED'],
        [{ ...appeal(n), provinceNumber: '' }, 'VALIDATION_FAILED'],
        [{ ...appeal(n), provinceNumber: 'x'.repeat(41) }, 'VALIDATION_FAILED'],
        [{ ...appeal(n), provinceNumber: "GS'; DROP TABLE tickets;--" }, 'VALIDATION_FAILED'],
        [{ ...appeal(n), forwardedAt: 'yesterday' }, 'VALIDATION_FAILED'],
        [{ ...appeal(n), urgent: 'yes' }, 'VALIDATION_FAILED'],
        [{ ...appeal(n), location: { lat: 91, lng: 98.29, coordSystem: 'gcj02' } }, 'VALIDATION_FAILED'],
        [{ ...appeal(n), location: { lat: 39.8, lng: 98.29, coordSystem: 'bd09' } }, 'VALIDATION_FAILED'],
        [{ ...appeal(n), contact: { phone: '12345' } }, 'VALIDATION_FAILED'],
        [{ ...appeal(n), channel: 'phone' }, 'UNKNOWN_FIELD'],
        [[appeal(n)], 'VALIDATION_FAILED'],
        ['"just a string"', 'VALIDATION_FAILED'],
        ['{"provinceNumber": "GS-1", ', 'VALIDATION_FAILED'],
      ];
      for (const [body, code] of bodies) {
        const raw = typeof body === 'string' ? body : JSON.stringify(body);
        const res = await forward(null, { raw });
        expect([raw.slice(0, 60), res.status, res.body.code]).toEqual([raw.slice(0, 60), 400, code]);
      }
      // Over BODY_LIMIT_BYTES, announced by Content-Length or only found out while it streams in (chunked).
      const big = signed(SECRET, { ...appeal(n), description: '供暖不热'.repeat(70_000) });
      for (const chunked of [false, true]) {
        const res = await postRaw(big.headers, big.body, chunked);
        expect([chunked, res.status, JSON.parse(res.body).code]).toEqual([chunked, 413, 'PAYLOAD_TOO_LARGE']);
      }
      expect(await counts()).toEqual(before);
    });
  });

  describe('configuration', () => {
    it('validates the province settings at start with messages naming the variable', () => {
      const problems = (env: Record<string, string>) => {
        try {
          loadConfig({ NODE_ENV: 'test', ...env });
          return [];
        } catch (err) {
          return (err as ConfigError).problems;
        }
      };
      expect(problems({ PROVINCE_API_URL: 'http://127.0.0.1:9' })).toEqual([expect.stringMatching(/^PROVINCE_SHARED_SECRET: is required with PROVINCE_API_URL/)]);
      expect(problems({ PROVINCE_SHARED_SECRET: 'short' })).toEqual([expect.stringMatching(/^PROVINCE_SHARED_SECRET: must be at least 32/)]);
      expect(problems({ PROVINCE_SHARED_SECRET: SECRET, PROVINCE_API_URL: 'ftp://x' })).toEqual([expect.stringMatching(/^PROVINCE_API_URL:/)]);
      expect(problems({ PROVINCE_TIMEOUT_MS: '60000' })).toEqual([expect.stringMatching(/^PROVINCE_TIMEOUT_MS:/)]);
      expect(loadConfig({ NODE_ENV: 'test', PROVINCE_SHARED_SECRET: SECRET, PROVINCE_API_URL: 'https://12345.gansu.example/api/' }).province).toEqual({
        sharedSecret: SECRET,
        apiUrl: 'https://12345.gansu.example/api',
        timeoutMs: 5000,
        intervalMs: 3000,
        retryBaseMs: 5000,
      });
    });

    it('answers 503 PROVINCE_NOT_CONFIGURED without a shared secret, and keeps feedback in the outbox without an API URL', async () => {
      const bare = await startTestApp();
      try {
        const body = appeal(provinceNumber());
        const s = signed(SECRET, body);
        const res = await bare.request('POST', ROUTE, { raw: s.body, headers: s.headers });
        expect(res.status).toBe(503);
        expect(res.body.code).toBe('PROVINCE_NOT_CONFIGURED');
        expect(await bare.count(ProvinceTicketEntity)).toBe(0);
        expect(await bare.db.getRepository(TicketEntity).countBy({ channel: 'province' })).toBe(0);
      } finally {
        await bare.close();
      }
      const inboundOnly = await startTestApp({ PROVINCE_SHARED_SECRET: SECRET, PROVINCE_INTERVAL_MS: '50' });
      try {
        const s = signed(SECRET, appeal(provinceNumber()));
        const res = await inboundOnly.request('POST', ROUTE, { raw: s.body, headers: s.headers });
        expect(res.status).toBe(201);
        expect(inboundOnly.app.get(ProvinceClient).configured).toBe(false);
        expect(await inboundOnly.app.get(ProvinceDeliveryWorker).runOnce(new Date(Date.now() + 3600_000))).toEqual({ sent: 0, retried: 0, rejected: 0 });
        const waiting = await inboundOnly.db.getRepository(ProvinceOutboxEntity).findBy({ ticketId: res.body.ticketId });
        expect(waiting).toEqual([expect.objectContaining({ status: 'pending', attempts: 0, lockedBy: null })]);
      } finally {
        await inboundOnly.close();
      }
    });
  });

  describe('outbound: feedback through the outbox', () => {
    // Each test counts its own deliveries: what earlier tests left pending goes out first.
    beforeEach(async () => {
      await drain(worker(), Date.now() + 48 * 3600_000);
    });

    it('reports a ticket walked from forward to close, each message once, in order, signed, with the reply and handler', async () => {
      const number = provinceNumber();
      const created = await forward(appeal(number));
      const id = created.body.ticketId as string;
      await step(operator, id, 'dispatch', { leadUnitId: unit['co.heating'], cooperatingUnitIds: [unit['dept.housing']] });
      await step(handler, id, 'sign');
      await step(handler, id, 'request_extension', { reason: '需要更换管道', days: 3 });
      await step(supervisor, id, 'approve_extension');
      await step(handler, id, 'reply', { content: '已更换管道，室温恢复到20度', handlerName: '李师傅', handlerPhone: '13900000002' });
      await step(operator, id, 'record_visit', { satisfaction: 'unsatisfied', resolved: false, comment: '还是不热' });
      await step(supervisor, id, 'reopen', { note: '请再次上门' });
      await step(handler, id, 'reply', { content: '再次检修，已恢复到22度', handlerName: '李师傅', handlerPhone: '13900000002' });
      await step(supervisor, id, 'close', { note: '回访满意' });

      const rows = await outbox().find({ where: { ticketId: id }, order: { seq: 'ASC' } });
      expect(rows.map((r) => r.event)).toEqual(['accepted', 'dispatched', 'signed', 'extended', 'replied', 'rated', 'reopened', 'replied', 'closed']);
      expect(rows.every((r) => r.status === 'pending')).toBe(true);

      const report = await drain();
      expect(report).toEqual({ sent: 9, retried: 0, rejected: 0 });
      const got = province.of(number);
      expect(got.map((d) => d.event)).toEqual(rows.map((r) => r.event));
      expect(got.map((d) => d.deliveryId)).toEqual(rows.map((r) => r.id));
      const sequences = got.map((d) => d.sequence);
      expect([...sequences].sort((a, b) => a - b)).toEqual(sequences);
      expect(new Set(sequences).size).toBe(sequences.length);
      expect(province.refused).toEqual({ signature: 0, stale: 0, body: 0 });
      expect(province.requests.filter((r) => r.provinceNumber === number)).toHaveLength(9);

      const [accepted, dispatched, signedMsg, extended, replied, rated, , , closed] = got;
      expect(accepted).toMatchObject({ provinceNumber: number, ticketNumber: created.body.number, status: 'accepted', sequence: 1 });
      expect(dispatched?.data).toMatchObject({
        leadUnit: { code: 'co.heating' },
        cooperatingUnits: [{ code: 'dept.housing' }],
        signDueAt: expect.any(String),
        replyDueAt: expect.any(String),
      });
      expect(signedMsg).toMatchObject({ status: 'in_progress', data: { unit: { code: 'co.heating' } } });
      expect(extended?.data).toMatchObject({ extensionDays: 3, replyDueAt: expect.any(String) });
      expect(new Date(extended!.data.replyDueAt!).getTime()).toBeGreaterThan(new Date(dispatched!.data.replyDueAt!).getTime());
      expect(replied).toMatchObject({
        status: 'replied',
        data: { content: '已更换管道，室温恢复到20度', handlerName: '李师傅', handlerPhone: '13900000002', unit: { code: 'co.heating' } },
      });
      expect(rated?.data).toEqual({ satisfaction: 'unsatisfied', resolved: false, comment: '还是不热' });
      expect(closed).toMatchObject({ status: 'closed', note: '回访满意' });

      const after = await outbox().find({ where: { ticketId: id } });
      expect(after.every((r) => r.status === 'sent' && r.sentAt !== null && r.attempts === 1 && r.lockedBy === null)).toBe(true);
      // Delivered is delivered: another pass sends nothing.
      expect(await drain()).toEqual({ sent: 0, retried: 0, rejected: 0 });
    });

    it('reports a rejection with its reason; tickets registered by an operator (no provincial number) report nothing', async () => {
      const number = provinceNumber();
      const created = await forward(appeal(number));
      await step(operator, created.body.ticketId, 'reject', { reason: '不属于本市受理范围' });
      const categoryId = (await t.request('GET', '/api/v1/categories', { token: operator })).body[0].id;
      const manual = await t.request('POST', '/api/v1/tickets', {
        token: operator,
        body: { type: 'help', channel: 'province', categoryId, description: '省平台电话转来的诉求，人工登记', confidential: false },
      });
      expect(manual.status).toBe(201);
      await step(operator, manual.body.id, 'reject', { reason: '重复诉求' });
      await drain();
      expect(province.of(number).map((d) => [d.event, d.data])).toEqual([
        ['accepted', {}],
        ['rejected', { reason: '不属于本市受理范围' }],
      ]);
      expect(await outbox().countBy({ ticketId: manual.body.id })).toBe(0);
    });

    it("never sends a ticket's later message while an earlier one is pending; retries failures, time-outs and lost answers", async () => {
      const number = provinceNumber();
      const created = await forward(appeal(number));
      const id = created.body.ticketId as string;
      await step(operator, id, 'dispatch', { leadUnitId: unit['co.heating'] });
      const [first, second] = await outbox().find({ where: { ticketId: id }, order: { seq: 'ASC' } });

      // 500, then no answer at all (timeout 300 ms), then recorded but the answer lost (a 500 after recording).
      province.script('fail', 'hang', 'fail-after');
      for (let i = 0; i < 3; i++) {
        const started = Date.now();
        expect(await worker().runOnce(new Date(Date.now() + i * 3600_000))).toEqual({ sent: 0, retried: 1, rejected: 0 });
        expect(Date.now() - started).toBeLessThan(3000);
      }
      expect(province.requests.filter((r) => r.provinceNumber === number).map((r) => r.deliveryId)).toEqual([first!.id, first!.id, first!.id]);
      const waiting = await outbox().findOneByOrFail({ id: first!.id });
      expect(waiting).toMatchObject({ status: 'pending', attempts: 3, lockedBy: null });
      expect(waiting.lastError).toMatch(/HTTP 500/);
      expect(new Date(waiting.nextAttemptAt).getTime()).toBeGreaterThan(Date.now());
      // not due before its backoff
      expect(await worker().runOnce()).toEqual({ sent: 0, retried: 0, rejected: 0 });

      expect(await drain(worker(), Date.now() + 24 * 3600_000)).toEqual({ sent: 2, retried: 0, rejected: 0 });
      expect(province.of(number).map((d) => d.deliveryId)).toEqual([first!.id, second!.id]);
      expect(province.requests.filter((r) => r.deliveryId === first!.id)).toHaveLength(4);
      expect(await outbox().findBy({ ticketId: id })).toEqual([
        expect.objectContaining({ status: 'sent', attempts: 4 }),
        expect.objectContaining({ status: 'sent', attempts: 1 }),
      ]);
    });

    it('records a message the platform refuses for good (422) and goes on with the next one', async () => {
      const number = provinceNumber();
      const created = await forward(appeal(number));
      await step(operator, created.body.ticketId, 'dispatch', { leadUnitId: unit['co.heating'] });
      province.script('reject');
      expect(await drain()).toEqual({ sent: 1, retried: 0, rejected: 1 });
      const rows = await outbox().find({ where: { ticketId: created.body.ticketId }, order: { seq: 'ASC' } });
      expect(rows.map((r) => [r.event, r.status])).toEqual([
        ['accepted', 'rejected'],
        ['dispatched', 'sent'],
      ]);
      expect(rows[0]?.lastError).toMatch(/HTTP 422/);
    });

    it('never sends one message twice when two workers run at once, even when the platform answers slowly', async () => {
      const numbers = Array.from({ length: 6 }, provinceNumber);
      for (const n of numbers) expect((await forward(appeal(n))).status).toBe(201);
      const second = new ProvinceDeliveryWorker(t.app.get(APP_CONFIG), t.db, t.app.get(ProvinceClient), t.app.get(BackgroundJobs));
      province.chaos({ slow: 1 }, { slowMs: [50, 150] });
      try {
        const reports = await Promise.all([worker().runOnce(), second.runOnce(), worker().runOnce(), second.runOnce()]);
        expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(numbers.length);
      } finally {
        province.chaos(null);
      }
      for (const n of numbers) {
        expect(province.requests.filter((r) => r.provinceNumber === n)).toHaveLength(1);
        expect(province.of(n)).toHaveLength(1);
      }
    });
  });

  it('creates the province tables by migration exactly as the entities describe them (MySQL/MariaDB)', async () => {
    if (t.driver !== 'mysql') return;
    const pending = await t.db.driver.createSchemaBuilder().log();
    // MariaDB reports nullable columns' default as the string 'NULL', so TypeORM always wants to redefine them
    // (the same for every table): that noise aside, nothing may differ.
    const noise = /^ALTER TABLE `province_\w+` CHANGE `(\w+)` `\1` [a-z0-9()]+ NULL$/;
    expect(pending.upQueries.map((q) => q.query).filter((q) => q.includes('province_') && !noise.test(q))).toEqual([]);
    const tables: { TABLE_NAME: string }[] = await t.db.query(
      "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'province\\_%' ORDER BY TABLE_NAME",
    );
    expect(tables.map((r) => r.TABLE_NAME)).toEqual(['province_outbox', 'province_tickets']);
  });
});
