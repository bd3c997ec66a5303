import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ACTION_RULES, type TicketAction } from '@jyg12345/shared';
import { IsNull } from 'typeorm';
import { rebuildAssessmentItems, TicketHistories } from '../src/assessment/assessment-history.js';
import { AssessmentItemEntity } from '../src/assessment/assessment.entities.js';
import { periodOf } from '../src/assessment/assessment-periods.js';
import { itemOfRow } from '../src/assessment/assessment.repository.js';
import { AssessmentService } from '../src/assessment/assessment.service.js';
import type { LedgerItem } from '../src/assessment/assessment.types.js';
import type { Principal } from '../src/auth/principal.js';
import { StaffEntity, TicketEntity, TicketEventEntity } from '../src/database/entities.js';
import { type ActionActor, TicketActionsService } from '../src/tickets/ticket-actions.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The roll-up the action writer keeps (`assessment_items`, AssessmentLedger) against the reference: the events
 * folded by `itemsOf`. A seeded random walk drives 80 tickets through the real actions (TicketActionsService.apply,
 * the writer, its transaction) at chosen instants over three months, so signs and replies fall before and after
 * their deadlines: dispatches, returns approved before and after signing and refused, re-dispatches, extensions
 * approved and refused, pass-downs, deadlines moved by the calendar, replies, return visits (an unsatisfied one
 * replaced by a second), reopenings, auto-closes, answers at intake (and their reopening back to intake).
 */
const cst = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`);
const MIN = 60_000;

let seed = 20260601;
const rnd = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let x = Math.imul(seed ^ (seed >>> 15), seed | 1);
  x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;

describe('assessment roll-up: what the writer keeps equals the events folded', () => {
  let t: TestApp;
  const staff: Record<string, Principal> = {};
  const unit: Record<string, string> = {};
  const CODES = ['dept.housing', 'co.heating', 'co.water', 'co.power', 'co.gas', '620201001', '620201001001'];
  const LEADS = ['dept.housing', 'co.heating', 'co.water', 'co.power', 'co.gas', '620201001'];
  const SYSTEM: ActionActor = { kind: 'system', id: null, role: 'system' };
  const ids: string[] = [];
  const counts: Record<string, number> = {};
  let last = cst('2026-06-01 08:00');

  beforeAll(async () => {
    t = await startTestApp();
    const operator = (await t.login('operator')).token;
    for (const u of (await t.request('GET', '/api/v1/units', { token: operator })).body) unit[u.code] = u.id;
    for (const username of ['operator', 'supervisor', ...CODES.map((c) => `handler.${c}`)]) {
      const s = await t.db.getRepository(StaffEntity).findOneByOrFail({ username });
      staff[username] = { kind: 'staff', id: s.id, role: s.role, unitId: s.unitId };
    }
    const categories = (await t.request('GET', '/api/v1/categories', { token: operator })).body as { id: string }[];
    const actions = t.app.get(TicketActionsService);
    const codeOf = (unitId: string | null) => CODES.find((c) => unit[c] === unitId) ?? 'dept.housing';

    for (let n = 0; n < 80; n++) {
      const res = await t.request('POST', '/api/v1/tickets', {
        token: operator,
        body: { type: pick(['consultation', 'help', 'complaint']), channel: 'phone', categoryId: pick(categories).id, description: `考核台账测试诉求第${n}号`, contact: { name: '张先生', phone: '13900000009' } },
      });
      expect(res.status).toBe(201);
      const id = res.body.id as string;
      ids.push(id);
      let at = cst('2026-06-01 08:30').getTime() + n * 13 * 60 * MIN;
      for (let step = 0; step < 14; step++) {
        const tk = await t.db.getRepository(TicketEntity).findOneByOrFail({ id });
        if (['closed', 'merged', 'rejected', 'withdrawn'].includes(tk.status)) break;
        // minutes to days: some actions inside their deadlines, some past them
        at += Math.floor(pick([10, 40, 90, 200, 600, 1500, 3000, 6000, 12000]) * MIN * (0.5 + rnd()));
        const lead = codeOf(tk.leadUnitId);
        const handler = staff[`handler.${lead}`]!;
        const move = (d: Date | null, minutes: number) => (d === null ? undefined : new Date(new Date(d).getTime() + minutes * MIN).toISOString());
        let action: TicketAction;
        let actor: ActionActor = staff.supervisor!;
        let body: Record<string, unknown> = {};
        switch (tk.status) {
          case 'accepted':
            if (rnd() < 0.12) [action, actor, body] = ['answer', staff.operator!, { content: '已直接答复' }];
            else [action, actor, body] = ['dispatch', staff.operator!, { leadUnitId: unit[pick(LEADS)] }];
            break;
          case 'dispatched':
            [action, actor, body] = pick<[TicketAction, ActionActor, Record<string, unknown>]>([
              ['sign', handler, {}],
              ['sign', handler, {}],
              ['sign', handler, {}],
              ['request_return', handler, { reason: '不属于本单位职责' }],
              ['reschedule', SYSTEM, { replyDueAt: move(tk.replyDueAt, 1440), signDueAt: move(tk.signDueAt, 1440), reason: '节假日调整' }],
            ]);
            break;
          case 'in_progress': {
            const options: [TicketAction, ActionActor, Record<string, unknown>][] = [
              ['reply', handler, { content: '已办理', handlerName: '王科长', handlerPhone: '13900000003' }],
              ['reply', handler, { content: '已办理', handlerName: '王科长', handlerPhone: '13900000003' }],
              ['request_return', handler, { reason: '不属于本单位职责' }],
              ['reschedule', SYSTEM, { replyDueAt: move(tk.replyDueAt, -300), reason: '调休' }],
            ];
            if (tk.pendingExtensionDays === null) options.push(['request_extension', handler, { reason: '需协调', days: pick([1, 3, 5]) }]);
            else options.push(['approve_extension', staff.supervisor!, { note: '同意' }], ['approve_extension', staff.supervisor!, {}], ['refuse_extension', staff.supervisor!, { note: '不同意' }]);
            if (lead === '620201001' && tk.assignedUnitId === null) options.push(['pass_down', handler, { unitId: unit['620201001001'] }]);
            [action, actor, body] = pick(options);
            break;
          }
          case 'return_requested':
            [action, body] = rnd() < 0.7 ? ['approve_return', { note: '同意' }] : ['refuse_return', { note: '请继续办理' }];
            break;
          case 'replied':
            if (tk.satisfaction === 'unsatisfied' && rnd() < 0.6) [action, body] = ['reopen', { note: '群众不满意' }];
            else if (rnd() < 0.2) [action, actor] = ['auto_close', SYSTEM];
            else [action, body] = ['record_visit', { satisfaction: pick(['satisfied', 'basically_satisfied', 'unsatisfied', 'unsatisfied']), resolved: true }];
            break;
          default:
            throw new Error(`unexpected status ${tk.status}`);
        }
        if (!ACTION_RULES.some((r) => r.action === action && r.from.includes(tk.status))) throw new Error(`${action} from ${tk.status}`);
        await t.db.transaction((tx) => actions.apply(actor, id, action, { version: tk.version, ...body } as never, tx, new Date(at)));
        counts[action] = (counts[action] ?? 0) + 1;
      }
      last = new Date(Math.max(last.getTime(), at));
    }
  }, 600_000);
  afterAll(() => t?.close());

  const sortItems = (xs: LedgerItem[]) =>
    xs
      .map((i) => ({ ...i, at: i.at.toISOString(), dueAt: i.dueAt?.toISOString() ?? null, doneAt: i.doneAt?.toISOString() ?? null }))
      .sort((a, b) => `${a.metric}${a.key}`.localeCompare(`${b.metric}${b.key}`));
  const ledgerRows = async () =>
    (await t.db.getRepository(AssessmentItemEntity).find()).map(
      (r): LedgerItem => ({
        ...itemOfRow(r),
        dueAt: r.dueAt === null ? null : new Date(r.dueAt),
        doneAt: r.doneAt === null ? null : new Date(r.doneAt),
      }),
    );

  it('drove a varied workload (every kind of action the figures read)', async () => {
    for (const a of ['dispatch', 'sign', 'reply', 'request_return', 'approve_return', 'refuse_return', 'approve_extension', 'refuse_extension', 'pass_down', 'reschedule', 'reopen', 'record_visit', 'auto_close', 'answer']) {
      expect([a, counts[a] ?? 0]).toEqual([a, expect.any(Number)]);
      expect(counts[a]).toBeGreaterThan(0);
    }
    // the replaced rating, a late sign and a late reply are all there
    const visits = await t.db.getRepository(TicketEventEntity).countBy({ action: 'record_visit' });
    expect(await t.db.getRepository(AssessmentItemEntity).countBy({ metric: 'satisfaction' })).toBeLessThan(visits);
    expect(await t.db.getRepository(AssessmentItemEntity).existsBy({ metric: 'response', doneAt: IsNull() })).toBe(true);
    expect(await t.db.getRepository(AssessmentItemEntity).existsBy({ metric: 'completion', counted: true, onTime: false })).toBe(true);
    expect(await t.db.getRepository(AssessmentItemEntity).existsBy({ metric: 'response', counted: false })).toBe(true);
  });

  it('holds, row for row, the items folded from the events (deadlines and completions included)', async () => {
    const h = new TicketHistories(t.db.manager);
    const folded = await h.ledgerItems(ids, await h.calendar());
    expect(folded.length).toBeGreaterThan(150);
    const mine = new Set(ids);
    expect(sortItems((await ledgerRows()).filter((r) => mine.has(r.ticketId)))).toEqual(sortItems(folded));
  });

  it('gives every period the same figures as the fold, at several instants', async () => {
    const sut = t.app.get(AssessmentService);
    const asOfs = [cst('2026-06-20 12:00'), cst('2026-07-15 09:00'), new Date(last.getTime() + 86_400_000)];
    const periods = [periodOf('month', '2026-06-01'), periodOf('month', '2026-07-01'), periodOf('month', '2026-08-01'), periodOf('xun', '2026-06-15'), periodOf('week', '2026-06-24'), periodOf('quarter', '2026-07-01'), periodOf('range', '2026-06-03', '2026-09-30')];
    let compared = 0;
    for (const asOf of asOfs) {
      for (const period of periods) {
        const fromLedger = await sut.items(period, asOf);
        expect(fromLedger).toEqual(await sut.items(period, asOf, true));
        compared += fromLedger.length;
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('is rebuilt to the same rows from the events (the migration backfill)', async () => {
    const before = sortItems(await ledgerRows());
    await t.db.transaction((tx) => rebuildAssessmentItems(tx, null));
    expect(sortItems(await ledgerRows())).toEqual(before);
  });

  it('is written in the action\'s transaction: an action rolled back leaves no trace in it', async () => {
    const operator = (await t.login('operator')).token;
    const res = await t.request('POST', '/api/v1/tickets', { token: operator, body: { type: 'help', channel: 'phone', categoryId: (await t.db.getRepository(TicketEntity).findOneByOrFail({ id: ids[0] })).categoryId, description: '考核台账回滚测试诉求', contact: { name: '李女士', phone: '13900000008' } } });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    const actions = t.app.get(TicketActionsService);
    const version = async () => (await t.db.getRepository(TicketEntity).findOneByOrFail({ id })).version;
    await t.db.transaction(async (tx) => actions.apply(staff.operator!, id, 'dispatch', { version: await version(), leadUnitId: unit['co.gas'] } as never, tx));
    const rows = async () => (await t.db.getRepository(AssessmentItemEntity).findBy({ ticketId: id })).map((r) => [r.metric, r.doneAt === null]);
    expect(await rows()).toEqual(expect.arrayContaining([['response', true], ['completion', true]]));
    const v = await version();
    await expect(
      t.db.transaction(async (tx) => {
        await actions.apply(staff['handler.co.gas']!, id, 'sign', { version: v } as never, tx);
        throw new Error('a later step of the request failed');
      }),
    ).rejects.toThrow('a later step');
    expect(await rows()).toEqual(expect.arrayContaining([['response', true], ['completion', true]]));
    await t.db.transaction(async (tx) => actions.apply(staff['handler.co.gas']!, id, 'sign', { version: v } as never, tx));
    expect(await rows()).toEqual(expect.arrayContaining([['response', false], ['completion', true]]));
  });
});
