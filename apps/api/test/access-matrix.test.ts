import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { solid, upload } from './support/images.js';
import { rowCounts } from './support/row-counts.js';
import { act, startTestApp, type TestApp, type TestResponse } from './support/test-app.js';

/**
 * Who may do what, one assertion per cell: every caller × every endpoint × a resource inside and outside the
 * caller's scope. Two tickets:
 *   A — filed by `resident` with photo pA, accepted and dispatched to co.heating (lead) with dept.housing cooperating;
 *   B — filed by `otherResident` with photo pB, still at intake (submitted): no unit takes part yet.
 * Expectations: a status, or `hidden` — 404 with exactly the body a missing resource gets (requestId aside),
 * because a caller who may not see a ticket may not learn that it exists.
 */
const WHO = [
  'resident',
  'otherResident',
  'operator',
  'supervisor',
  'admin',
  'leadHandler',
  'coopHandler',
  'unrelatedHandler',
  'anonymous',
] as const;
type Who = (typeof WHO)[number];
type Expect = number | 'hidden';
type Cells = Record<Who, [a: Expect, b: Expect]>;

const MISSING = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
const H = 'hidden' as const;

/** Who sees a ticket: its resident, the centre, and the units taking part in it. */
const SEES: Cells = {
  resident: [200, H],
  otherResident: [H, 200],
  operator: [200, 200],
  supervisor: [200, 200],
  admin: [200, 200],
  leadHandler: [200, H],
  coopHandler: [200, H],
  unrelatedHandler: [H, H],
  anonymous: [401, 401],
};

/** Every caller who sees the ticket is refused (403), save those named: a role-gated endpoint. */
const only = (allowed: Partial<Cells>): Cells => ({
  resident: [403, H],
  otherResident: [H, 403],
  operator: [403, 403],
  supervisor: [403, 403],
  admin: [403, 403],
  leadHandler: [403, H],
  coopHandler: [403, H],
  unrelatedHandler: [H, H],
  anonymous: [401, 401],
  ...allowed,
});

/** [ticket A, ticket B] per caller. Actions carry a stale version: 409 shows the caller got past every access check. */
const TICKET_MATRIX: Record<string, Cells> = {
  'GET /tickets/:id': SEES,
  'GET /tickets/:id/events': SEES,
  'GET /tickets/:id/duplicates': only({ operator: [200, 200], supervisor: [200, 200] }),
  'POST /tickets/:id/actions/supplement': only({ resident: [409, H], otherResident: [H, 409] }),
  'POST /tickets/:id/actions/sign': only({ leadHandler: [409, H] }),
  'POST /tickets/:id/actions/urge': only({ supervisor: [409, 409] }),
  'POST /tickets/:id/actions/dispatch': only({ operator: [409, 409], supervisor: [409, 409] }),
  'GET /attachments/:id (the ticket’s photo)': SEES,
  'GET /attachments/:id/thumbnail (the ticket’s photo)': SEES,
};

/** GET /tickets?q=<number>: whether the list holds the ticket (true/false), or the refusal status. */
const LIST_MATRIX: Record<Who, [a: boolean | 401, b: boolean | 401]> = {
  resident: [true, false],
  otherResident: [false, true],
  operator: [true, true],
  supervisor: [true, true],
  admin: [true, true],
  leadHandler: [true, false],
  coopHandler: [true, false],
  unrelatedHandler: [false, false],
  anonymous: [401, 401],
};

/** Admin-only writes. The admin's probe is an invalid or missing target, so no cell writes anything. */
const ADMIN_WRITES: [label: string, method: string, path: (ids: Ids) => string, body: unknown, adminStatus: number][] = [
  ['POST /units', 'POST', () => '/api/v1/units', { probe: 1 }, 400],
  ['PATCH /units/:id', 'PATCH', (i) => `/api/v1/units/${i.unit}`, { probe: 1 }, 400],
  ['DELETE /units/:id', 'DELETE', () => `/api/v1/units/${MISSING}`, undefined, 404],
  ['POST /staff', 'POST', () => '/api/v1/staff', { probe: 1 }, 400],
  ['PATCH /staff/:id', 'PATCH', (i) => `/api/v1/staff/${i.staff}`, { probe: 1 }, 400],
  ['POST /categories', 'POST', () => '/api/v1/categories', { probe: 1 }, 400],
  ['PATCH /categories/:id', 'PATCH', (i) => `/api/v1/categories/${i.category}`, { probe: 1 }, 400],
  ['PUT /calendar/:date', 'PUT', () => '/api/v1/calendar/2026-10-09', { probe: 1 }, 400],
  ['DELETE /calendar/:date', 'DELETE', () => '/api/v1/calendar/not-a-date', undefined, 400],
  ['POST /knowledge', 'POST', () => '/api/v1/knowledge', { probe: 1 }, 400],
  ['PATCH /knowledge/:id', 'PATCH', () => `/api/v1/knowledge/${MISSING}`, { probe: 1 }, 400],
  ['POST /boundaries', 'POST', () => '/api/v1/boundaries', { probe: 1 }, 400],
  ['PUT /boundaries/service_area', 'PUT', () => '/api/v1/boundaries/service_area', { probe: 1 }, 400],
  ['PUT /boundaries/street/:unitId', 'PUT', (i) => `/api/v1/boundaries/street/${i.unit}`, { probe: 1 }, 400],
  ['DELETE /boundaries/:id', 'DELETE', () => `/api/v1/boundaries/${MISSING}`, undefined, 404],
];

interface Ids {
  unit: string;
  staff: string;
  category: string;
}

const appeal = { type: 'complaint', description: '小区供暖不热，室温只有十二度', confidential: false };

describe('the access matrix', () => {
  let t: TestApp;
  const token: Partial<Record<Who, string>> = {};
  const ticket: { A: { id: string; number: string; photo: string }; B: { id: string; number: string; photo: string } } = {} as never;
  let ids: Ids;
  let writeCounts: Record<string, number>;

  const counts = () => rowCounts(t);

  beforeAll(async () => {
    t = await startTestApp();
    token.resident = (await t.resident('matrix-resident')).token;
    token.otherResident = (await t.resident('matrix-other')).token;
    token.operator = (await t.login('operator')).token;
    token.supervisor = (await t.login('supervisor')).token;
    token.admin = (await t.login('admin')).token;
    token.leadHandler = (await t.login('handler.co.heating')).token;
    token.coopHandler = (await t.login('handler.dept.housing')).token;
    token.unrelatedHandler = (await t.login('handler.620201001')).token;

    const units = (await t.request('GET', '/api/v1/units', { token: token.operator })).body as { id: string; code: string }[];
    const unit = (code: string) => units.find((u) => u.code === code)!.id;
    const categories = (await t.request('GET', '/api/v1/categories', { token: token.operator })).body as { id: string }[];
    const staff = (await t.request('GET', '/api/v1/staff', { token: token.admin })).body as { id: string; username: string }[];
    ids = { unit: unit('dept.housing'), staff: staff.find((s) => s.username === 'operator2')!.id, category: categories[0]!.id };

    const fileWithPhoto = async (who: 'resident' | 'otherResident', seed: number) => {
      const photo = await upload(t, token[who]!, await solid(24, 24, seed).jpeg().toBuffer());
      expect(photo.status).toBe(201);
      const res = await t.request('POST', '/api/v1/tickets', { token: token[who], body: { ...appeal, attachmentIds: [photo.body.id] } });
      expect(res.status).toBe(201);
      return { id: res.body.id as string, number: res.body.number as string, photo: photo.body.id as string };
    };
    ticket.A = await fileWithPhoto('resident', 11);
    ticket.B = await fileWithPhoto('otherResident', 12);
    await act(t, token.operator!, ticket.A.id, 'accept', { categoryId: ids.category });
    await act(t, token.operator!, ticket.A.id, 'dispatch', { leadUnitId: unit('co.heating'), cooperatingUnitIds: [unit('dept.housing')] });
    writeCounts = await counts();
  });
  afterAll(() => t.close());

  const STALE = 999;
  const actionBodies: Record<string, Record<string, unknown>> = {
    supplement: { version: STALE, text: '补充一张照片' },
    sign: { version: STALE },
    urge: { version: STALE, note: '请尽快处理' },
    dispatch: { version: STALE, leadUnitId: MISSING },
  };

  function call(endpoint: string, who: Who, id: string): Promise<TestResponse> {
    const opts = { token: token[who] };
    const [method, path] = endpoint.split(' ') as [string, string];
    const action = /actions\/(\w+)$/.exec(path)?.[1];
    if (action) return t.request('POST', `/api/v1/tickets/${id}/actions/${action}`, { ...opts, body: actionBodies[action] });
    return t.request(method, `/api/v1${path.replace(':id', id)}`, opts);
  }

  const ticketCells = Object.entries(TICKET_MATRIX).flatMap(([endpoint, cells]) =>
    WHO.flatMap((who) =>
      (['A', 'B'] as const).map((r, i) => [`${endpoint} — ${who} on ticket ${r} → ${String(cells[who][i])}`, endpoint, who, r, cells[who][i]] as const),
    ),
  );

  /** The code a refusal must carry; a 200 carries none (JSON or an image). */
  const CODE: Record<number, string> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 409: 'VERSION_CONFLICT' };
  const withoutRequestId = (r: TestResponse) => {
    const { requestId: _requestId, ...rest } = (r.body ?? {}) as Record<string, unknown>;
    return rest;
  };

  it.each(ticketCells)('%s', async (_label, endpoint, who, r, expected) => {
    const route = endpoint.split(' (')[0]!;
    const target = route.includes('/attachments/') ? ticket[r].photo : ticket[r].id;
    const res = await call(route, who, target);
    if (expected === 'hidden') {
      const missing = await call(route, who, MISSING);
      expect({ status: res.status, body: withoutRequestId(res) }).toEqual({ status: 404, body: withoutRequestId(missing) });
    } else {
      expect({ status: res.status, code: res.body?.code }).toEqual({ status: expected, code: CODE[expected as number] });
    }
  });

  const listCells = WHO.flatMap((who) =>
    (['A', 'B'] as const).map((r, i) => {
      const expected = LIST_MATRIX[who][i]!;
      const label = expected === 401 ? '401' : expected ? 'listed' : 'not listed';
      return [`GET /tickets?q=<number> — ${who}, ticket ${r} → ${label}`, who, r, expected] as const;
    }),
  );

  it.each(listCells)('%s', async (_label, who, r, expected) => {
    const res = await t.request('GET', `/api/v1/tickets?q=${ticket[r].number}`, { token: token[who] });
    if (expected === 401) {
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
      return;
    }
    expect(res.status).toBe(200);
    expect((res.body.items as { id: string }[]).some((x) => x.id === ticket[r].id)).toBe(expected);
  });

  const adminCells = ADMIN_WRITES.flatMap(([label, method, path, body, adminStatus]) =>
    WHO.map((who) => {
      const expected = who === 'admin' ? adminStatus : who === 'anonymous' ? 401 : 403;
      return [`${label} — ${who} → ${expected}`, method, path, body, who, expected] as const;
    }),
  );

  it.each(adminCells)('%s', async (_label, method, path, body, who, expected) => {
    const res = await t.request(method, path(ids), { token: token[who], body });
    expect({ status: res.status, code: res.body?.code }).toEqual({
      status: expected,
      code: expected === 401 ? 'UNAUTHENTICATED' : expected === 403 ? 'FORBIDDEN' : res.body?.code,
    });
  });

  it.each(WHO.map((who) => [`POST /routing/suggest — ${who} → ${who === 'anonymous' ? 401 : 200}`, who] as const))('%s', async (_label, who) => {
    const res = await t.request('POST', '/api/v1/routing/suggest', { token: token[who], body: { description: '暖气不热，室温很低' } });
    expect(res.status).toBe(who === 'anonymous' ? 401 : 200);
  });

  it('wrote nothing across the whole matrix', async () => {
    expect(await counts()).toEqual(writeCounts);
  });
});
