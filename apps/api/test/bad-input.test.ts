import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ACTION_RULES, TICKET_ACTIONS, type TicketAction } from '@jyg12345/shared';
import { getMetadataStorage } from 'class-validator';
import { ACTION_BODIES } from '../src/tickets/ticket-actions.dto.js';
import type { ClassConstructor } from 'class-transformer';
import fc from 'fast-check';
import { DevLoginDto } from '../src/auth/auth.dto.js';
import { PutCalendarDayDto } from '../src/supervision/calendar.dto.js';
import { CreateCategoryDto, UpdateCategoryDto } from '../src/categories/categories.dto.js';
import { validateDtoSync } from '../src/common/validation.js';
import { CreateBoundaryDto, PutBoundaryDto } from '../src/geo/boundaries.dto.js';
import { CreateKnowledgeDto, UpdateKnowledgeDto } from '../src/knowledge/knowledge.dto.js';
import { CreateStaffDto, UpdateStaffDto } from '../src/staff/staff.dto.js';
import { CreateTicketDto, RegisterTicketDto } from '../src/tickets/tickets.dto.js';
import { CreateUnitDto, UpdateUnitDto } from '../src/units/units.dto.js';
import { rowCounts } from './support/row-counts.js';
import { act, startTestApp, type TestApp } from './support/test-app.js';

/**
 * Property-based bad input: random and hostile bodies, queries and uploads never get a 5xx, and bodies the
 * request DTOs (and the action body schemas) refuse never write anything (row counts compared before and after each batch).
 * Small size limits (BODY_LIMIT_BYTES, ATTACHMENT_MAX_BYTES) keep the over-limit cases cheap.
 */
const BODY_LIMIT = 32 * 1024;
const UPLOAD_LIMIT = 64 * 1024;
const RUNS = Number(process.env.FC_RUNS ?? 100);
const ACTION_RUNS = Math.max(20, Math.round(RUNS / 3));
const MISSING = '01ARZ3NDEKTSV4RRFFQ69G5FAV';

// ---------------------------------------------------------------------------------------------------------------
// Arbitraries

const NASTY = [
  "' OR '1'='1",
  "1'; DROP TABLE tickets; --",
  "\\'; SELECT SLEEP(10); -- ",
  '" UNION SELECT passwordHash FROM staff --',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '\u0000',
  'ab\u0000cd',
  '\u0007\u001b[31m\u007f',
  '\r\n\r\nHTTP/1.1 200 OK\r\n',
  '\uD800',
  '\uDFFF',
  'tail\uD83D',
  '\uDE00head',
  '\uFEFF\u200B\u202E',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '-0',
  '0x1F',
  '9007199254740993',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '${jndi:ldap://127.0.0.1/a}',
  '{{7*7}}',
  '%s%s%n%x',
  '../../../../etc/passwd',
  '😀'.repeat(300),
  '长'.repeat(2500),
  '',
  ' ',
  'null',
  '[]',
  '{}',
] as const;

const nastyChar = fc.constantFrom('\u0000', '\u0001', '\u001f', '\u007f', '\uD800', '\uDC00', "'", '"', '\\', '<', '>', '%', '\n', '😀', '长', 'a');
const hostileString = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: nastyChar, maxLength: 60 }),
  fc.integer({ min: 1000, max: 12_000 }).map((n) => 'x'.repeat(n)),
);
const hostileNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -(2 ** 63), 2 ** 31, -1, 0, 0.5, 1e-320, -0),
);
const hostileKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'isAdmin', 'role', 'id', 'version', ''), fc.string({ maxLength: 12 }));
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Deep nesting, as a whole body or in place of one field. */
const deep = fc
  .tuple(fc.integer({ min: 200, max: 6000 }), fc.constantFrom('array', 'object'))
  .map(([depth, kind]) => (kind === 'array' ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`));

const json = (v: unknown) => JSON.stringify(v) ?? 'null';

/** Whether a parsed body is refused: tells which generated bodies must write nothing. */
type Refusal = (value: unknown) => boolean;

/** Refused by a DTO class, checked as the API checks it. */
const refusedBy = (cls: ClassConstructor<object>): Refusal => (value) => {
  try {
    validateDtoSync(cls, value);
    return false;
  } catch {
    return true;
  }
};

const LONE_SURROGATE = /([\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF])/;
/** Percent-encodes like encodeURIComponent, but a lone surrogate becomes its (invalid) three UTF-8-style bytes. */
function encodeLoose(s: string): string {
  return s
    .split(LONE_SURROGATE)
    .map((part, i) => {
      if (i % 2 === 0) return encodeURIComponent(part);
      const c = part.charCodeAt(0);
      return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    })
    .join('');
}

/**
 * Raw JSON bodies around a valid `base`: fields replaced by hostile values or dropped, prototype-pollution keys,
 * deep nesting, whole hostile values, broken JSON. With `refusedBy`, only bodies that schema refuses are kept
 * (so none may write anything).
 */
function bodies(base: Record<string, unknown>, refused?: Refusal): fc.Arbitrary<string> {
  const keys = Object.keys(base);
  const fieldKey = keys.length > 0 ? fc.oneof(fc.constantFrom(...keys), hostileKey) : hostileKey;
  const mutated = fc
    .record({ replace: fc.dictionary(fieldKey, hostileValue, { minKeys: 1, maxKeys: 3 }), drop: fc.subarray(keys) })
    .map(({ replace, drop }) => {
      const b: Record<string, unknown> = { ...base };
      for (const k of drop) delete b[k];
      for (const [k, v] of Object.entries(replace)) Object.defineProperty(b, k, { value: v, enumerable: true, configurable: true, writable: true });
      return json(b);
    });
  const pollution = fc
    .tuple(fc.constantFrom('__proto__', 'constructor', 'prototype'), hostileValue, fc.boolean())
    .map(([k, v, nested]) => {
      const payload = nested ? `{"prototype":{"isAdmin":true},"polluted":${json(v)}}` : json(v);
      const rest = json(base).slice(1);
      return `{"${k}":${payload}${rest === '}' ? '}' : `,${rest}`}`;
    });
  const nested = fc.tuple(deep, fc.oneof(fc.constantFrom(...(keys.length ? keys : ['a'])), fc.constant(null))).map(([d, key]) => {
    if (key === null) return d;
    return json({ ...base, [key]: '\u0001DEEP\u0001' }).replace(json('\u0001DEEP\u0001'), d);
  });
  const broken = fc.oneof(
    fc.string({ maxLength: 50 }).map((s) => `{${s}`),
    fc.constantFrom('', 'null', 'true', '1', '"text"', '[]', '{', '{"a":}', '{"a":1,}', "{'a':1}", 'NaN', '{"a":NaN}', '{"a":Infinity}', '{"a":1e99999}'),
  );
  const whole = hostileValue.map(json);
  return fc.oneof(mutated, mutated, pollution, nested, broken, whole).filter((raw) => {
    if (!refused) return true;
    try {
      return refused(JSON.parse(raw));
    } catch {
      return true;
    }
  });
}

const hostileQuery = (known: string[]) =>
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...known, '__proto__', 'constructor', '__proto__[isAdmin]', 'a[b][c]', 'limit[]'), hostileKey), hostileString), {
      maxLength: 5,
    })
    .map((pairs) => pairs.map(([k, v]) => `${encodeLoose(k)}=${encodeLoose(v.slice(0, 2000))}`).join('&'));

// ---------------------------------------------------------------------------------------------------------------

describe('bad input never gets a 5xx and never writes anything', () => {
  let t: TestApp;
  const tokens: Record<'resident' | 'operator' | 'supervisor' | 'admin' | 'handler', string> = {} as never;
  let ticket: { id: string; version: number };
  let ids: { unit: string; staff: string; category: string };

  const counts = () => rowCounts(t);

  /** Sends bytes as they are (no JSON.stringify): broken JSON and invalid UTF-8 reach the server untouched. */
  async function send(method: string, url: string, opts: { token?: string; body?: string | Buffer; contentType?: string; headers?: Record<string, string> }) {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
    const res = await fetch(`${t.baseUrl}${url}`, { method, headers, body: opts.body as BodyInit | undefined, signal: AbortSignal.timeout(10_000) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body: body as { code?: string } | string };
  }

  /** Runs a property as one batch: no run answers 5xx, and the row counts are the same afterwards. */
  async function batch<T>(arb: fc.Arbitrary<T>, request: (value: T) => Promise<{ status: number; body: unknown }>, numRuns = RUNS) {
    const before = await counts();
    await fc.assert(
      fc.asyncProperty(arb, async (value) => {
        const res = await request(value);
        if (res.status >= 500) throw new Error(`${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
        // Every refusal is a JSON error with a stable code (431: Node refuses an oversized request line before the app).
        if (res.status >= 400 && res.status !== 431) expect(typeof (res.body as { code?: unknown }).code).toBe('string');
      }),
      { numRuns, endOnFailure: true, interruptAfterTimeLimit: 40_000, markInterruptAsFailure: false },
    );
    expect(await counts()).toEqual(before);
  }

  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT_BYTES: String(BODY_LIMIT), ATTACHMENT_MAX_BYTES: String(UPLOAD_LIMIT) });
    tokens.resident = (await t.resident('fuzz-resident')).token;
    tokens.operator = (await t.login('operator')).token;
    tokens.supervisor = (await t.login('supervisor')).token;
    tokens.admin = (await t.login('admin')).token;
    tokens.handler = (await t.login('handler.co.heating')).token;
    const units = (await t.request('GET', '/api/v1/units', { token: tokens.admin })).body as { id: string; code: string }[];
    const unit = (code: string) => units.find((u) => u.code === code)!.id;
    const categories = (await t.request('GET', '/api/v1/categories', { token: tokens.admin })).body as { id: string }[];
    const staff = (await t.request('GET', '/api/v1/staff', { token: tokens.admin })).body as { id: string; username: string }[];
    ids = { unit: unit('dept.housing'), staff: staff.find((s) => s.username === 'operator2')!.id, category: categories[0]!.id };
    // A ticket at the lead unit, the target of every action.
    const filed = await t.request('POST', '/api/v1/tickets', { token: tokens.resident, body: appeal });
    await act(t, tokens.operator, filed.body.id, 'accept', { categoryId: ids.category });
    ticket = await act(t, tokens.operator, filed.body.id, 'dispatch', { leadUnitId: unit('co.heating') });
  });
  afterAll(() => t.close());

  const appeal = {
    type: 'complaint',
    description: '小区供暖不热，室温只有十二度',
    location: { lat: 39.8, lng: 98.29, coordSystem: 'gcj02', address: '新华中路' },
    contact: { name: '王女士', phone: '13800000001' },
    confidential: false,
  };
  const polygon = { type: 'Polygon', coordinates: [[[98.2, 39.7], [98.3, 39.7], [98.3, 39.8], [98.2, 39.7]]] };

  type Who = keyof typeof tokens | null;
  const JSON_ENDPOINTS: [label: string, method: string, url: () => string, who: Who, base: () => Record<string, unknown>, refused: Refusal | undefined][] = [
    ['POST /auth/staff', 'POST', () => '/api/v1/auth/staff', null, () => ({ username: 'operator', password: 'wrong-password' }), undefined],
    ['POST /auth/wechat', 'POST', () => '/api/v1/auth/wechat', null, () => ({ code: 'no-such-code' }), undefined],
    ['POST /auth/dev', 'POST', () => '/api/v1/auth/dev', null, () => ({ openid: 'fuzz-x' }), refusedBy(DevLoginDto)],
    ['POST /me/wechat', 'POST', () => '/api/v1/me/wechat', 'operator', () => ({ code: 'no-such-code' }), undefined],
    ['POST /tickets (resident)', 'POST', () => '/api/v1/tickets', 'resident', () => appeal, refusedBy(CreateTicketDto)],
    ['POST /tickets (operator)', 'POST', () => '/api/v1/tickets', 'operator', () => ({ ...appeal, channel: 'phone', categoryId: ids.category, urgent: false }), refusedBy(RegisterTicketDto)],
    ['POST /units', 'POST', () => '/api/v1/units', 'admin', () => ({ code: 'fuzz.unit', name: '测试单位', kind: 'department', parentId: null }), refusedBy(CreateUnitDto)],
    ['PATCH /units/:id', 'PATCH', () => `/api/v1/units/${ids.unit}`, 'admin', () => ({ name: '住建局', active: true }), refusedBy(UpdateUnitDto)],
    ['POST /staff', 'POST', () => '/api/v1/staff', 'admin', () => ({ username: 'fuzz.user', password: 'Password-123', role: 'operator', unitId: ids.unit }), refusedBy(CreateStaffDto)],
    ['PATCH /staff/:id', 'PATCH', () => `/api/v1/staff/${ids.staff}`, 'admin', () => ({ displayName: '话务员二', active: true }), refusedBy(UpdateStaffDto)],
    ['POST /categories', 'POST', () => '/api/v1/categories', 'admin', () => ({ code: 'fz.1', level1: '一', level2: '二', level3: '三', replyDays: 5 }), refusedBy(CreateCategoryDto)],
    ['PATCH /categories/:id', 'PATCH', () => `/api/v1/categories/${ids.category}`, 'admin', () => ({ level1: '一', replyDays: null }), refusedBy(UpdateCategoryDto)],
    ['PUT /calendar/:date', 'PUT', () => '/api/v1/calendar/2026-10-09', 'admin', () => ({ kind: 'holiday', name: '国庆' }), refusedBy(PutCalendarDayDto)],
    ['POST /knowledge', 'POST', () => '/api/v1/knowledge', 'admin', () => ({ title: '供暖时间', content: '每年11月1日起供暖', keywords: '供暖' }), refusedBy(CreateKnowledgeDto)],
    ['PATCH /knowledge/:id', 'PATCH', () => `/api/v1/knowledge/${MISSING}`, 'admin', () => ({ title: '供暖时间' }), refusedBy(UpdateKnowledgeDto)],
    ['POST /boundaries', 'POST', () => '/api/v1/boundaries', 'admin', () => ({ kind: 'street', unitId: ids.unit, name: '测试', geojson: polygon }), refusedBy(CreateBoundaryDto)],
    ['PUT /boundaries/service_area', 'PUT', () => '/api/v1/boundaries/service_area', 'admin', () => ({ name: '服务区', geojson: polygon }), refusedBy(PutBoundaryDto)],
    ['POST /routing/suggest', 'POST', () => '/api/v1/routing/suggest', 'resident', () => ({ description: '暖气不热', location: appeal.location }), undefined],
  ];

  it.each(JSON_ENDPOINTS)('%s: hostile JSON bodies', async (_label, method, url, who, base, refused) => {
    await batch(bodies(base(), refused), (raw) => send(method, url(), { token: who ? tokens[who] : undefined, body: raw }));
  });

  const ACTOR: Record<string, keyof typeof tokens> = { resident: 'resident', operator: 'operator', supervisor: 'supervisor', handler: 'handler' };
  it.each(TICKET_ACTIONS.map((a) => [a] as const))('POST /tickets/:id/actions/%s: hostile bodies', async (action: TicketAction) => {
    const role = ACTION_RULES.find((r) => r.action === action)?.roles.find((r) => r in ACTOR) ?? 'supervisor';
    const base = { version: ticket.version, note: '请处理', reason: '原因', text: '补充', content: '答复内容', categoryId: ids.category };
    const dto = ACTION_BODIES[action];
    const fields = new Set(getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false).map((m) => m.propertyName));
    const picked = Object.fromEntries(Object.entries(base).filter(([k]) => k === 'version' || fields.has(k)));
    await batch(
      bodies(picked, refusedBy(dto)),
      (raw) => send('POST', `/api/v1/tickets/${ticket.id}/actions/${action}`, { token: tokens[ACTOR[role]!], body: raw }),
      ACTION_RUNS,
    );
  });

  it('POST /tickets/:id/actions/:action: hostile ids and action names in the path', async () => {
    const segment = fc.oneof(hostileString, fc.constantFrom(...TICKET_ACTIONS), fc.constant(ticket?.id ?? MISSING)).map((s) => encodeLoose(s.slice(0, 300)) || 'x');
    await batch(fc.tuple(segment, segment, bodies({ version: 1 })), ([id, action, raw]) =>
      send('POST', `/api/v1/tickets/${id}/actions/${action}`, { token: tokens.supervisor, body: raw }),
    );
  });

  const QUERIES: [label: string, path: string, who: keyof typeof tokens, known: string[]][] = [
    ['GET /tickets (resident)', '/api/v1/tickets', 'resident', ['status', 'type', 'channel', 'limit', 'cursor', 'q', 'sort']],
    ['GET /tickets (operator)', '/api/v1/tickets', 'operator', ['status', 'type', 'channel', 'unitId', 'categoryId', 'communityId', 'dueSoon', 'overdue', 'from', 'to', 'q', 'sort', 'limit', 'cursor']],
    ['GET /knowledge', '/api/v1/knowledge', 'operator', ['q', 'categoryId', 'includeInactive', 'limit']],
    ['GET /calendar', '/api/v1/calendar', 'operator', ['year']],
    ['GET /categories', '/api/v1/categories', 'admin', ['includeInactive']],
    ['GET /boundaries', '/api/v1/boundaries', 'admin', ['kind']],
    ['GET /geo/resolve', '/api/v1/geo/resolve', 'resident', ['lat', 'lng', 'coordSystem']],
    ['GET /attachments/:id (signed)', `/api/v1/attachments/${MISSING}`, 'resident', ['exp', 'sig']],
  ];

  it.each(QUERIES)('%s: hostile query strings', async (_label, path, who, known) => {
    await batch(hostileQuery(known), (qs) => send('GET', `${path}?${qs}`, { token: tokens[who] }));
  });

  it('GET /tickets/:id and friends: hostile ids', async () => {
    const id = hostileString.map((s) => encodeLoose(s.slice(0, 500)) || 'x');
    const path = fc.constantFrom('/api/v1/tickets/:id', '/api/v1/tickets/:id/events', '/api/v1/tickets/:id/duplicates', '/api/v1/attachments/:id', '/api/v1/units/:id', '/api/v1/staff/:id', '/api/v1/knowledge/:id', '/api/v1/boundaries/:id');
    await batch(fc.tuple(path, id), ([p, i]) => send('GET', p.replace(':id', i), { token: tokens.admin }));
  });

  it('POST /tickets: invalid UTF-8 and lone surrogates in raw bytes (a ticket only for each 201)', async () => {
    const bad = fc.array(fc.constantFrom([0xff], [0xfe], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xe4, 0xb8], [0x00]), { minLength: 1, maxLength: 6 });
    const before = await counts();
    let created = 0;
    await fc.assert(
      fc.asyncProperty(bad, fc.constantFrom('description', 'title', 'address'), async (chunks, field) => {
        const marker = '\u0001BYTES\u0001';
        const body = field === 'address' ? { ...appeal, location: { ...appeal.location, address: marker } } : { ...appeal, [field]: marker };
        const [head, tail] = json(body).split(json(marker)) as [string, string];
        const bytes = Buffer.concat([Buffer.from(`${head}"正文`), Buffer.from(chunks.flat()), Buffer.from(`内容描述"${tail}`)]);
        const res = await send('POST', '/api/v1/tickets', { token: tokens.resident, body: bytes });
        if (res.status >= 500) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
        if (res.status === 201) created++;
      }),
      { numRuns: Math.round(RUNS / 2) },
    );
    const after = await counts();
    expect(after.tickets! - before.tickets!).toBe(created);
  });

  it('JSON bodies over BODY_LIMIT_BYTES get 413 on every endpoint and write nothing', async () => {
    const endpoint = fc.constantFrom(...JSON_ENDPOINTS);
    await batch(
      fc.tuple(endpoint, fc.integer({ min: BODY_LIMIT + 1, max: BODY_LIMIT + 8192 })),
      async ([[, method, url, who, base], size]) => {
        const prefix = json({ ...base(), description: '' }).slice(0, -2);
        const raw = `${prefix}${'x'.repeat(Math.max(0, size - prefix.length - 2))}"}`;
        const res = await send(method, url(), { token: who ? tokens[who] : undefined, body: raw });
        expect({ status: res.status, code: (res.body as { code?: string }).code }).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
        return res;
      },
      40,
    );
  });

  it('JSON endpoints: other content types and bodies without one', async () => {
    const contentType = fc.oneof(
      fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/json; charset=latin1', 'application/json; charset=utf-16', 'application/jsonx', '*/*', ';', ''),
      fc.string({ maxLength: 30 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
    );
    await batch(fc.tuple(fc.constantFrom(...JSON_ENDPOINTS), contentType, bodies({ a: 1 })), ([[, method, url, who], type, raw]) =>
      send(method, url(), { token: who ? tokens[who] : undefined, body: raw, contentType: type }),
    );
  });

  it('POST /attachments: a photo over ATTACHMENT_MAX_BYTES gets 413 and stores nothing', async () => {
    const before = await counts();
    for (const size of [UPLOAD_LIMIT + 1, UPLOAD_LIMIT + 70_000]) {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(size).fill(7)], { type: 'image/jpeg' }), 'big.jpg');
      const res = await fetch(`${t.baseUrl}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${tokens.resident}` }, body: form });
      expect({ status: res.status, code: ((await res.json()) as { code: string }).code }).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    }
    expect(await counts()).toEqual(before);
  });

  it('POST /attachments: random bytes, random field names and types, over-size files', async () => {
    const part = fc.record({
      bytes: fc.oneof(
        fc.uint8Array({ maxLength: 4096 }),
        fc.uint8Array({ maxLength: 512 }).map((b) => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...b])),
        fc.uint8Array({ maxLength: 512 }).map((b) => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...b])),
        fc.uint8Array({ maxLength: 512 }).map((b) => new Uint8Array([...Buffer.from('RIFF\u0000\u0000\u0000\u0000WEBPVP8 '), ...b])),
        fc.integer({ min: UPLOAD_LIMIT + 1, max: UPLOAD_LIMIT + 70_000 }).map((n) => new Uint8Array(n).fill(7)),
      ),
      field: fc.oneof(fc.constant('file'), hostileString.map((s) => s.slice(0, 100))),
      filename: hostileString.map((s) => s.slice(0, 200)),
      type: fc.constantFrom('image/jpeg', 'image/png', 'image/webp', 'application/octet-stream', 'text/html', ''),
    });
    await batch(
      part,
      async ({ bytes, field, filename, type }) => {
        const form = new FormData();
        form.append(field, new Blob([bytes], { type }), filename);
        const res = await fetch(`${t.baseUrl}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${tokens.resident}` }, body: form });
        const body = (await res.json().catch(() => ({}))) as { code?: string };
        return { status: res.status, body };
      },
      Math.round(RUNS / 2),
    );
  });
});
