import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { IdempotencyKeyEntity, TicketEntity, TicketEventEntity } from '../src/database/entities.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const validTicket = {
  type: 'complaint',
  description: '雄关区新华中路井盖丢失 😡 夜间很危险，请尽快处理',
  location: { lat: 39.8023, lng: 98.2901, coordSystem: 'gcj02', address: '嘉峪关市雄关区新华中路12号' },
  contact: { name: '张先生', phone: '13800000000' },
  confidential: true,
};

describe('filing and reading tickets', () => {
  let t: TestApp;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    t = await startTestApp();
    alice = (await t.resident('alice')).token;
    bob = (await t.resident('bob')).token;
  });
  afterAll(() => t.close());

  async function counts() {
    return { tickets: await t.count(TicketEntity), events: await t.count(TicketEventEntity), keys: await t.count(IdempotencyKeyEntity) };
  }

  it('files a ticket with a public number, status submitted, version 1 and one event', async () => {
    const before = await counts();
    const res = await t.request('POST', '/api/v1/tickets', { token: alice, body: validTicket });
    expect(res.status).toBe(201);
    expect(res.body.number).toMatch(/^JYG\d{8}\d{6}$/);
    expect(res.body).toMatchObject({ status: 'submitted', version: 1, channel: 'miniprogram', type: 'complaint' });
    // Chinese text and emoji round-trip through the database (utf8mb4).
    const read = await t.request('GET', `/api/v1/tickets/${res.body.id}`, { token: alice });
    expect(read.status).toBe(200);
    expect(read.body.description).toBe(validTicket.description);
    expect(read.body.location).toEqual(validTicket.location);
    expect(read.body.contact).toEqual(validTicket.contact);
    const events = await t.request('GET', `/api/v1/tickets/${res.body.id}/events`, { token: alice });
    expect(events.body).toHaveLength(1);
    expect(events.body[0]).toMatchObject({ action: 'submit', fromStatus: null, toStatus: 'submitted', actorRole: 'resident' });
    expect(await counts()).toEqual({ ...before, tickets: before.tickets + 1, events: before.events + 1 });
  });

  it('gives every ticket its own number', async () => {
    const numbers = await Promise.all(
      Array.from({ length: 8 }, async () => (await t.request('POST', '/api/v1/tickets', { token: alice, body: validTicket })).body.number as string),
    );
    expect(new Set(numbers).size).toBe(8);
  });

  it('returns the first ticket for a repeated Idempotency-Key, never a second one', async () => {
    const headers = { 'idempotency-key': 'draft-7f3a9c' };
    const first = await t.request('POST', '/api/v1/tickets', { token: alice, body: validTicket, headers });
    expect(first.status).toBe(201);
    const before = await counts();
    const again = await t.request('POST', '/api/v1/tickets', { token: alice, body: validTicket, headers });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await counts()).toEqual(before);
  });

  it('creates exactly one ticket when the same key arrives concurrently', async () => {
    const before = await counts();
    const headers = { 'idempotency-key': 'burst-1' };
    const results = await Promise.all(
      Array.from({ length: 6 }, () => t.request('POST', '/api/v1/tickets', { token: alice, body: validTicket, headers })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(await counts()).toEqual({ tickets: before.tickets + 1, events: before.events + 1, keys: before.keys + 1 });
  });

  it('scopes keys per resident: the same key from another resident is another ticket', async () => {
    const headers = { 'idempotency-key': 'shared-key' };
    const a = await t.request('POST', '/api/v1/tickets', { token: alice, body: validTicket, headers });
    const b = await t.request('POST', '/api/v1/tickets', { token: bob, body: validTicket, headers });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(a.body.id).not.toBe(b.body.id);
  });

  it('refuses a reused key with a different body and writes nothing', async () => {
    const headers = { 'idempotency-key': 'reuse-1' };
    await t.request('POST', '/api/v1/tickets', { token: alice, body: validTicket, headers });
    const before = await counts();
    const res = await t.request('POST', '/api/v1/tickets', { token: alice, body: { ...validTicket, description: '另一件事情，完全不同' }, headers });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await counts()).toEqual(before);
  });

  it("answers another resident's ticket exactly like a missing one", async () => {
    const mine = await t.request('POST', '/api/v1/tickets', { token: alice, body: validTicket });
    const theirs = await t.request('GET', `/api/v1/tickets/${mine.body.id}`, { token: bob });
    const missing = await t.request('GET', '/api/v1/tickets/01ARZ3NDEKTSV4RRFFQ69G5FAV', { token: bob });
    expect(theirs.status).toBe(404);
    expect(missing.status).toBe(404);
    const { requestId: _a, ...theirBody } = theirs.body;
    const { requestId: _b, ...missingBody } = missing.body;
    expect(theirBody).toEqual(missingBody);
    expect(theirBody.code).toBe('TICKET_NOT_FOUND');
    const events = await t.request('GET', `/api/v1/tickets/${mine.body.id}/events`, { token: bob });
    expect(events.status).toBe(404);
  });

  it('lists only the resident’s own tickets, newest first, with a cursor', async () => {
    const carol = (await t.resident('carol')).token;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await t.request('POST', '/api/v1/tickets', { token: carol, body: validTicket })).body.id);
    const page1 = await t.request('GET', '/api/v1/tickets?limit=3', { token: carol });
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((x: { id: string }) => x.id)).toEqual(ids.slice(2).reverse());
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await t.request('GET', `/api/v1/tickets?limit=3&cursor=${page1.body.nextCursor}`, { token: carol });
    expect(page2.body.items.map((x: { id: string }) => x.id)).toEqual(ids.slice(0, 2).reverse());
    expect(page2.body.nextCursor).toBeNull();
    const bad = await t.request('GET', '/api/v1/tickets?cursor=garbage', { token: carol });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('CURSOR_INVALID');
  });

  it('shows staff of the centre every ticket, and the contact in full', async () => {
    const created = await t.request('POST', '/api/v1/tickets', { token: alice, body: validTicket });
    const operator = (await t.login('operator')).token;
    const res = await t.request('GET', `/api/v1/tickets/${created.body.id}`, { token: operator });
    expect(res.status).toBe(200);
    expect(res.body.contact.phone).toBe('13800000000');
    // A unit sees nothing until the ticket is dispatched to it.
    const handler = (await t.login('handler.dept.housing')).token;
    expect((await t.request('GET', `/api/v1/tickets/${created.body.id}`, { token: handler })).status).toBe(404);
  });

  it('refuses filing by staff other than operators', async () => {
    const supervisor = (await t.login('supervisor')).token;
    const before = await counts();
    const res = await t.request('POST', '/api/v1/tickets', { token: supervisor, body: validTicket });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });

  describe('bad input gets a 4xx with a stable code and writes nothing', () => {
    const cases: [string, { body?: unknown; raw?: string; token?: string | null; headers?: Record<string, string> }, number, string][] = [
      ['an unknown field', { body: { ...validTicket, isAdmin: true } }, 400, 'UNKNOWN_FIELD'],
      ['an unknown nested field', { body: { ...validTicket, location: { ...validTicket.location, alt: 3 } } }, 400, 'UNKNOWN_FIELD'],
      ['a wrong type', { body: { ...validTicket, confidential: 'yes' } }, 400, 'VALIDATION_FAILED'],
      ['an unknown ticket type', { body: { ...validTicket, type: 'gossip' } }, 400, 'VALIDATION_FAILED'],
      ['an over-long description', { body: { ...validTicket, description: '长'.repeat(2001) } }, 400, 'VALIDATION_FAILED'],
      ['a too-short description', { body: { ...validTicket, description: '  a ' } }, 400, 'VALIDATION_FAILED'],
      ['control characters', { body: { ...validTicket, description: '正常文字\u0000\u0007隐藏' } }, 400, 'VALIDATION_FAILED'],
      ['latitude out of range', { body: { ...validTicket, location: { ...validTicket.location, lat: 91 } } }, 400, 'VALIDATION_FAILED'],
      ['longitude out of range', { body: { ...validTicket, location: { ...validTicket.location, lng: -181 } } }, 400, 'VALIDATION_FAILED'],
      ['an unknown coordinate system', { body: { ...validTicket, location: { ...validTicket.location, coordSystem: 'bd09' } } }, 400, 'VALIDATION_FAILED'],
      ['an invalid phone', { body: { ...validTicket, contact: { phone: '12345' } } }, 400, 'VALIDATION_FAILED'],
      ['an unknown category', { body: { ...validTicket, categoryId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' } }, 400, 'VALIDATION_FAILED'],
      ['malformed JSON', { raw: '{"type": "complaint",', headers: { 'content-type': 'application/json' } }, 400, 'VALIDATION_FAILED'],
      ['an array body', { body: [validTicket] }, 400, 'VALIDATION_FAILED'],
      ['a non-JSON content type', { raw: 'type=complaint', headers: { 'content-type': 'application/xml' } }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['a body over the size limit', { body: { ...validTicket, description: 'x'.repeat(300_000) } }, 413, 'PAYLOAD_TOO_LARGE'],
      ['a malformed idempotency key', { body: validTicket, headers: { 'idempotency-key': 'has spaces' } }, 400, 'IDEMPOTENCY_KEY_INVALID'],
      ['no token', { body: validTicket, token: null }, 401, 'UNAUTHENTICATED'],
      ['a malformed token', { body: validTicket, token: 'not-a-token' }, 401, 'TOKEN_INVALID'],
      ['a forged token', { body: validTicket, token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4Iiwicm9sZSI6ImFkbWluIn0.c2lnbmF0dXJl' }, 401, 'TOKEN_INVALID'],
    ];

    it.each(cases)('%s', async (_name, input, status, code) => {
      const before = await counts();
      const token = input.token === null ? undefined : (input.token ?? alice);
      const res = await t.request('POST', '/api/v1/tickets', { token, body: input.body, raw: input.raw, headers: input.headers });
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(code);
      expect(typeof res.body.message).toBe('string');
      expect(await counts()).toEqual(before);
    });

    it('an expired token', async () => {
      const { TokenService } = await import('../src/security/token.service.js');
      const tokens = t.app.get(TokenService);
      const old = await tokens.issue({ kind: 'resident', id: '01ARZ3NDEKTSV4RRFFQ69G5FAV', role: 'resident' }, new Date(Date.now() - 48 * 3600_000));
      const res = await t.request('GET', '/api/v1/tickets', { token: old.token });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('TOKEN_EXPIRED');
    });
  });
});
