import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Actor, actionsFor, decide, resolveTarget, TICKET_ACTIONS, type TicketAction, type TicketFacts } from '@jyg12345/shared';
import { TicketEntity, TicketEventEntity } from '../src/database/entities.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The workflow table (shared/src/workflow.ts) against the running API, cell by cell: for every caller × ticket
 * state × action, the expected answer is derived from the table itself (`decide`), and the API must agree twice —
 * in the `actions` that `GET /tickets/:id` offers, and in what `POST /tickets/:id/actions/:action` does. A refused
 * action writes nothing; an allowed one is taken on a fresh ticket in the same state and lands where the table says.
 */
const appeal = {
  type: 'complaint',
  description: '小区门口路灯坏了一个多星期，晚上很黑',
  location: { lat: 39.8012, lng: 98.2861, coordSystem: 'gcj02', address: '雄关区新华中路' },
  contact: { name: '张先生', phone: '13800000009' },
  confidential: false,
};

const CALLERS = ['owner', 'otherResident', 'operator', 'supervisor', 'admin', 'leadHandler', 'coopHandler', 'unrelatedHandler'] as const;
type Caller = (typeof CALLERS)[number];

const STATES = [
  'submitted',
  'accepted',
  'dispatched',
  'in_progress',
  'extension_pending',
  'return_requested',
  'replied',
  'replied_unsatisfied',
  'replied_phone',
  'closed',
  'rejected',
  'withdrawn',
  'merged',
] as const;
type State = (typeof STATES)[number];

describe('the workflow table, cell by cell', () => {
  let t: TestApp;
  const token = {} as Record<Caller, string>;
  const idOf = {} as Record<Caller, string | null>;
  const unit: Record<string, string> = {};
  let categoryId: string;
  let mergeTarget: string;

  beforeAll(async () => {
    t = await startTestApp();
    const owner = await t.resident('table-owner');
    const other = await t.resident('table-other');
    token.owner = owner.token;
    token.otherResident = other.token;
    const logins: [Caller, string][] = [
      ['operator', 'operator'],
      ['supervisor', 'supervisor'],
      ['admin', 'admin'],
      ['leadHandler', 'handler.620201001'],
      ['coopHandler', 'handler.dept.housing'],
      ['unrelatedHandler', 'handler.dept.ecology'],
    ];
    for (const [caller, username] of logins) {
      const auth = await t.login(username);
      token[caller] = auth.token;
      idOf[caller] = auth.user.id;
    }
    idOf.owner = owner.user.id;
    idOf.otherResident = other.user.id;
    const units = await t.request('GET', '/api/v1/units', { token: token.operator });
    for (const u of units.body) unit[u.code] = u.id;
    const categories = await t.request('GET', '/api/v1/categories', { token: token.operator });
    categoryId = categories.body.find((c: { level3: string }) => c.level3 === '城市公共设施').id;
    mergeTarget = (await file()).id;
  });
  afterAll(() => t.close());

  async function file(by: Caller = 'owner', extra: Record<string, unknown> = {}): Promise<{ id: string }> {
    const res = await t.request('POST', '/api/v1/tickets', { token: token[by], body: { ...appeal, ...extra } });
    if (res.status !== 201) throw new Error(`file: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async function version(id: string): Promise<number> {
    return (await t.db.getRepository(TicketEntity).findOneByOrFail({ id })).version;
  }

  async function step(by: Caller, id: string, action: TicketAction, body: Record<string, unknown> = {}) {
    const res = await t.request('POST', `/api/v1/tickets/${id}/actions/${action}`, { token: token[by], body: { version: await version(id), ...body } });
    if (res.status !== 200) throw new Error(`${action} by ${by}: ${res.status} ${JSON.stringify(res.body)}`);
  }

  const reply = { content: '已更换路灯灯泡，恢复照明', handlerName: '李师傅', handlerPhone: '0937-6221234' };

  /** A fresh ticket in the given state, through the API as people would get it there. */
  async function ticketIn(state: State): Promise<string> {
    const phone = state === 'replied_phone';
    const { id } = phone ? await file('operator', { channel: 'phone', categoryId }) : await file();
    if (state === 'submitted') return id;
    if (state === 'withdrawn') return (await step('owner', id, 'withdraw'), id);
    if (state === 'merged') return (await step('operator', id, 'merge', { intoTicketId: mergeTarget }), id);
    if (!phone) await step('operator', id, 'accept', { categoryId });
    if (state === 'accepted') return id;
    if (state === 'rejected') return (await step('operator', id, 'reject', { reason: '不属于受理范围' }), id);
    await step('operator', id, 'dispatch', { leadUnitId: unit['620201001'], cooperatingUnitIds: [unit['dept.housing']] });
    if (state === 'dispatched') return id;
    if (state === 'return_requested') return (await step('leadHandler', id, 'request_return', { reason: '不属于本单位职责' }), id);
    await step('leadHandler', id, 'sign');
    if (state === 'in_progress') return id;
    if (state === 'extension_pending') return (await step('leadHandler', id, 'request_extension', { reason: '需要采购配件', days: 3 }), id);
    await step('leadHandler', id, 'reply', reply);
    if (state === 'replied' || state === 'replied_phone') return id;
    if (state === 'replied_unsatisfied') return (await step('owner', id, 'rate', { satisfaction: 'unsatisfied', resolved: false }), id);
    return (await step('owner', id, 'rate', { satisfaction: 'satisfied', resolved: true }), id); // closed
  }

  /** A body each action accepts, so that only the table can refuse it. */
  function bodyOf(action: TicketAction): Record<string, unknown> {
    switch (action) {
      case 'withdraw':
        return { reason: '问题已自行解决' };
      case 'supplement':
        return { text: '补充：晚上七点后完全没有照明' };
      case 'rate':
      case 'record_visit':
        return { satisfaction: 'basically_satisfied', resolved: true };
      case 'accept':
        return { categoryId };
      case 'answer':
        return { content: '路灯由街道负责维护，已告知' };
      case 'reject':
        return { reason: '不属于受理范围' };
      case 'dispatch':
        return { leadUnitId: unit['620201001'] };
      case 'merge':
        return { intoTicketId: mergeTarget };
      case 'pass_down':
        return { unitId: unit['620201001001'] };
      case 'request_return':
        return { reason: '不属于本单位职责' };
      case 'request_extension':
        return { reason: '需要采购配件', days: 2 };
      case 'reply':
        return reply;
      case 'refuse_return':
      case 'refuse_extension':
      case 'urge':
      case 'reopen':
        return { note: '请抓紧办理' };
      default:
        return {};
    }
  }

  const visible = (caller: Caller, state: State, row: TicketEntity): boolean => {
    if (caller === 'owner') return row.residentId === idOf.owner;
    if (caller === 'otherResident' || caller === 'unrelatedHandler') return false;
    if (caller === 'leadHandler' || caller === 'coopHandler') return row.leadUnitId !== null && !['withdrawn', 'merged', 'rejected', 'submitted', 'accepted'].includes(state);
    return true;
  };
  const facts = (row: TicketEntity): TicketFacts => row;
  const actorOf = (caller: Caller): { role: Actor; id: string | null } => ({
    role: caller === 'owner' || caller === 'otherResident' ? 'resident' : caller.endsWith('Handler') ? 'handler' : (caller as Actor),
    id: idOf[caller],
  });
  const scopeOf = (caller: Caller) => ({ handling: caller === 'leadHandler' });

  const fixtures = {} as Record<State, string>;
  beforeAll(async () => {
    for (const state of STATES) fixtures[state] = await ticketIn(state);
  });

  it.each(STATES.map((s) => [s] as const))('%s: every caller is offered exactly the actions the table allows, and is refused the rest', async (state) => {
    const id = fixtures[state];
    let allowedCells = 0;
    for (const caller of CALLERS) {
      const row = await t.db.getRepository(TicketEntity).findOneByOrFail({ id });
      const got = await t.request('GET', `/api/v1/tickets/${id}`, { token: token[caller] });
      if (!visible(caller, state, row)) {
        expect(got.status).toBe(404);
        continue;
      }
      expect(got.status).toBe(200);
      const actor = actorOf(caller);
      expect([...got.body.actions].sort()).toEqual(actionsFor(facts(row), { role: actor.role, id: actor.id }, scopeOf(caller)).sort());

      for (const action of TICKET_ACTIONS) {
        const decision = decide(action, facts(row), { role: actor.role, id: actor.id }, scopeOf(caller));
        if (decision.allowed) {
          allowedCells++;
          // Taken for real, on a fresh ticket in the same state.
          const fresh = await ticketIn(state);
          const before = await t.db.getRepository(TicketEntity).findOneByOrFail({ id: fresh });
          const res = await t.request('POST', `/api/v1/tickets/${fresh}/actions/${action}`, {
            token: token[caller],
            body: { version: before.version, ...bodyOf(action) },
          });
          expect({ caller, action, status: res.status, body: res.status === 200 ? null : res.body }).toEqual({ caller, action, status: 200, body: null });
          const expected = resolveTarget(action, {
            status: before.status,
            statusBeforeReturn: before.statusBeforeReturn,
            hasLeadUnit: before.leadUnitId !== null,
            satisfaction: bodyOf(action).satisfaction as string | undefined,
          });
          expect(res.body).toMatchObject({ status: expected, version: before.version + 1 });
          continue;
        }
        const events = await t.db.getRepository(TicketEventEntity).countBy({ ticketId: id });
        const res = await t.request('POST', `/api/v1/tickets/${id}/actions/${action}`, {
          token: token[caller],
          body: { version: row.version, ...bodyOf(action) },
        });
        expect({ caller, action, status: res.status, code: res.body?.code }).toEqual({
          caller,
          action,
          status: decision.code === 'FORBIDDEN' ? 403 : 409,
          code: decision.code,
        });
        // Refused: nothing written.
        expect(await version(id)).toBe(row.version);
        expect(await t.db.getRepository(TicketEventEntity).countBy({ ticketId: id })).toBe(events);
      }
    }
    // Every state is reachable by someone except the final ones, where the table allows nothing at all.
    expect(allowedCells > 0).toBe(!['closed', 'rejected', 'withdrawn', 'merged'].includes(state));
  });

  it('a return visit is for callers without an account; a resident who filed in the app rates it themselves', async () => {
    const inApp = await t.request('GET', `/api/v1/tickets/${fixtures.replied}`, { token: token.operator });
    expect(inApp.body.actions).not.toContain('record_visit');
    const byPhone = await t.request('GET', `/api/v1/tickets/${fixtures.replied_phone}`, { token: token.operator });
    expect(byPhone.body.actions).toContain('record_visit');
  });
});
