import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type CommunityCategoryRates, pairRows } from '@jyg12345/shared';
import ExcelJS from 'exceljs';
import { Like } from 'typeorm';
import { TicketEntity, TicketEventEntity } from '../src/database/entities.js';
import { ratesOf, scoreOf } from '../src/assessment/assessment-figures.js';
import { periodOf } from '../src/assessment/assessment-periods.js';
import { rebuildAssessmentItems } from '../src/assessment/assessment-history.js';
import { AssessmentItemEntity } from '../src/assessment/assessment.entities.js';
import { AssessmentService } from '../src/assessment/assessment.service.js';
import { DeadlineScannerService } from '../src/supervision/deadline-scanner.service.js';
import { act, startTestApp, type TestApp } from './support/test-app.js';

/**
 * Hand-computed fixtures (docs/assessment.md). The action writer stamps events with the real clock, so each
 * ticket is driven through the real HTTP API and then its events' `createdAt` and the deadlines the writer stored
 * (`signDueAt`, `replyDueAt`) are set to the fixture's instants, as if the actions had been taken then, and the
 * ticket's roll-up rows are rebuilt from the moved events (assessment-ledger.test.ts checks the rows the writer
 * itself keeps on a workload timed through the actions). Deadlines
 * below are worked out by hand on the working-day calendar (08:30–12:00, 14:30–18:00 China time; 2026 holidays).
 */
const COLLATOR = new Intl.Collator('zh-CN');
const cst = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`);

interface Rates {
  response: { signedOnTime: number; total: number; rate: number | null };
  completion: { replied: number; onTime: number; total: number; rate: number | null; onTimeRate: number | null };
  satisfaction: { satisfied: number; total: number; rate: number | null };
  unratedAutoClosed: number;
  answeredAtIntake: number;
}
interface Row extends Rates {
  key: string | null;
  name: string;
  score: number | null;
  rank: number | null;
}

describe('assessment: the three rates, drill-downs and bulletins', () => {
  let t: TestApp;
  let operator: string;
  let supervisor: string;
  let admin: string;
  const handler: Record<string, string> = {};
  const unit: Record<string, string> = {};
  let categoryId: string;
  const CODES = ['dept.housing', 'co.heating', 'co.water', 'co.power', 'co.gas', '620201001', '620201001001'];

  beforeAll(async () => {
    t = await startTestApp();
    operator = (await t.login('operator')).token;
    supervisor = (await t.login('supervisor')).token;
    admin = (await t.login('admin')).token;
    for (const u of (await t.request('GET', '/api/v1/units', { token: operator })).body) unit[u.code] = u.id;
    for (const code of CODES) handler[code] = (await t.login(`handler.${code}`)).token;
    const categories = (await t.request('GET', '/api/v1/categories', { token: operator })).body as { id: string; replyDays: number | null }[];
    categoryId = categories.find((c) => c.replyDays === null)!.id;
    await fixtures();
  }, 180_000);
  afterAll(() => t?.close());

  async function register(description = '咨询公积金提取流程'): Promise<string> {
    const res = await t.request('POST', '/api/v1/tickets', {
      token: operator,
      body: { type: 'consultation', channel: 'phone', categoryId, description, contact: { name: '张先生', phone: '13900000009' } },
    });
    if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  }

  /** Sets the ticket's assessed events (in order) to the given China times, and the stored deadlines. */
  async function backdate(id: string, times: Record<string, string[]>, stored: { signDueAt?: string; replyDueAt?: string }) {
    const events = await t.db.getRepository(TicketEventEntity).find({ where: { ticketId: id }, order: { id: 'ASC' } });
    const used: Record<string, number> = {};
    let last = cst('2026-01-05 08:00');
    for (const e of events) {
      const list = times[e.action];
      const n = used[e.action] ?? 0;
      used[e.action] = n + 1;
      // events the fixture does not time (register, accept, request_return…) keep order just after the previous one
      const at = list?.[n] ? cst(list[n]) : new Date(last.getTime() + 60_000);
      // The deadlines the writer recorded in the events were worked out at the real time of the action: moved in
      // time, the fixture's stored deadlines (on the ticket) and the calendar are what count.
      const payload = (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload) as Record<string, unknown> | null;
      const timeless = payload ? Object.fromEntries(Object.entries(payload).filter(([k]) => k !== 'signDueAt' && k !== 'replyDueAt')) : null;
      await t.db.getRepository(TicketEventEntity).update({ id: e.id }, { createdAt: at, payload: timeless as never });
      last = at;
    }
    const patch: Partial<TicketEntity> = {};
    if (stored.signDueAt) patch.signDueAt = cst(stored.signDueAt);
    if (stored.replyDueAt) patch.replyDueAt = cst(stored.replyDueAt);
    if (Object.keys(patch).length > 0) await t.db.getRepository(TicketEntity).update({ id }, patch);
    // history edited behind the writer's back: its roll-up rows are folded again from the events
    await rebuildAssessmentItems(t.db.manager, [id]);
  }

  const reply = { content: '已电话答复群众', handlerName: '王科长', handlerPhone: '13900000003' };
  const ids: Record<string, string> = {};

  async function fixtures() {
    // A — dispatched in 3月上旬 (Tue 03-10 16:00), replied in 中旬. Sign due 03-10 18:00 (120 working minutes);
    // reply due (consultation: 2 working days = 840 min): 120 on 03-10 + 420 on 03-11 + 300 on 03-12 → 03-12 16:00.
    ids.A = await register();
    await act(t, operator, ids.A, 'dispatch', { leadUnitId: unit['dept.housing'] });
    await act(t, handler['dept.housing']!, ids.A, 'sign');
    await act(t, handler['dept.housing']!, ids.A, 'reply', reply);
    await backdate(ids.A, { dispatch: ['2026-03-10 16:00'], sign: ['2026-03-10 17:00'], reply: ['2026-03-11 10:00'] }, { signDueAt: '2026-03-10 18:00', replyDueAt: '2026-03-12 16:00' });

    // B — approved extension: dispatched Mon 03-02 09:00, reply due 03-04 09:00; +5 working days → 03-11 09:00
    // (390 on 03-04, 420 × 4 on 03-05/06/09/10, 30 on 03-11). Replied 03-10 15:00: late without the extension, on time with it.
    ids.B = await register();
    await act(t, operator, ids.B, 'dispatch', { leadUnitId: unit['co.heating'] });
    await act(t, handler['co.heating']!, ids.B, 'sign');
    await act(t, handler['co.heating']!, ids.B, 'request_extension', { reason: '需协调多个部门', days: 5 });
    await act(t, supervisor, ids.B, 'approve_extension', { note: '同意' });
    await act(t, handler['co.heating']!, ids.B, 'reply', reply);
    await backdate(
      ids.B,
      { dispatch: ['2026-03-02 09:00'], sign: ['2026-03-02 09:30'], approve_extension: ['2026-03-03 10:00'], reply: ['2026-03-10 15:00'] },
      { signDueAt: '2026-03-02 11:00', replyDueAt: '2026-03-11 09:00' },
    );

    // C — return and re-dispatch: co.water asks to return before signing, the centre approves, co.power gets it
    // Tue 03-03 14:00 (counting from 14:30): sign due 16:30, signed 17:00 (late); reply due 03-05 12:00, replied 03-04 10:00.
    ids.C = await register();
    await act(t, operator, ids.C, 'dispatch', { leadUnitId: unit['co.water'] });
    await act(t, handler['co.water']!, ids.C, 'request_return', { reason: '不属于本单位职责' });
    await act(t, supervisor, ids.C, 'approve_return', { note: '同意' });
    await act(t, operator, ids.C, 'dispatch', { leadUnitId: unit['co.power'] });
    await act(t, handler['co.power']!, ids.C, 'sign');
    await act(t, handler['co.power']!, ids.C, 'reply', reply);
    await backdate(
      ids.C,
      { dispatch: ['2026-03-03 09:00', '2026-03-03 14:00'], approve_return: ['2026-03-03 11:00'], sign: ['2026-03-03 17:00'], reply: ['2026-03-04 10:00'] },
      { signDueAt: '2026-03-03 16:30', replyDueAt: '2026-03-05 12:00' },
    );

    // D — pass-down: 雄关街道 signs Wed 03-04 10:00 (due 11:00), passes it to 福民社区, which replies 03-05 09:00
    // (due 03-06 09:00). The street is responsible; the community has no items of its own.
    ids.D = await register();
    await act(t, operator, ids.D, 'dispatch', { leadUnitId: unit['620201001'] });
    await act(t, handler['620201001']!, ids.D, 'sign');
    await act(t, handler['620201001']!, ids.D, 'pass_down', { unitId: unit['620201001001'] });
    await act(t, handler['620201001001']!, ids.D, 'reply', reply);
    await backdate(
      ids.D,
      { dispatch: ['2026-03-04 09:00'], sign: ['2026-03-04 10:00'], pass_down: ['2026-03-04 11:00'], reply: ['2026-03-05 09:00'] },
      { signDueAt: '2026-03-04 11:00', replyDueAt: '2026-03-06 09:00' },
    );

    // E — reopened: dispatched Thu 03-05 09:00, replied 15:00 (first deadline, recomputed: 03-09 09:00, on time),
    // rated unsatisfied 03-06 10:00, reopened 11:00 (new deadline 270 + 420 + 150 → 03-10 11:00), replied 03-11 09:00
    // (late), rated satisfied 03-11 15:00.
    ids.E = await register();
    await act(t, operator, ids.E, 'dispatch', { leadUnitId: unit['co.gas'] });
    await act(t, handler['co.gas']!, ids.E, 'sign');
    await act(t, handler['co.gas']!, ids.E, 'reply', reply);
    await act(t, supervisor, ids.E, 'record_visit', { satisfaction: 'unsatisfied', resolved: false });
    await act(t, supervisor, ids.E, 'reopen', { note: '群众不满意' });
    await act(t, handler['co.gas']!, ids.E, 'reply', reply);
    await act(t, supervisor, ids.E, 'record_visit', { satisfaction: 'satisfied', resolved: true });
    await backdate(
      ids.E,
      {
        dispatch: ['2026-03-05 09:00'],
        sign: ['2026-03-05 09:30'],
        reply: ['2026-03-05 15:00', '2026-03-11 09:00'],
        record_visit: ['2026-03-06 10:00', '2026-03-11 15:00'],
        reopen: ['2026-03-06 11:00'],
      },
      { signDueAt: '2026-03-05 11:00', replyDueAt: '2026-03-10 11:00' },
    );

    // F — a holiday inside a deadline: dispatched to dept.housing Fri 04-03 17:00; 清明 04-04..06 are holidays, so the
    // sign deadline is 60 min on 04-03 + 60 on Tue 04-07 → 04-07 09:30 (without the holiday: Mon 04-06 09:30).
    // Signed 04-07 09:00: on time. It is then returned (signed, so the response stands) and re-dispatched to
    // co.heating 04-07 10:00: sign due 12:00, signed 11:00; reply due 120 + 210 + 420 + 90 → 04-09 10:00, replied 04-08 16:00.
    // The first sign deadline is not on the ticket any more: it is recomputed from the calendar.
    ids.F = await register();
    await act(t, operator, ids.F, 'dispatch', { leadUnitId: unit['dept.housing'] });
    await act(t, handler['dept.housing']!, ids.F, 'sign');
    await act(t, handler['dept.housing']!, ids.F, 'request_return', { reason: '属于供热公司职责' });
    await act(t, supervisor, ids.F, 'approve_return', { note: '同意' });
    await act(t, operator, ids.F, 'dispatch', { leadUnitId: unit['co.heating'] });
    await act(t, handler['co.heating']!, ids.F, 'sign');
    await act(t, handler['co.heating']!, ids.F, 'reply', reply);
    await backdate(
      ids.F,
      { dispatch: ['2026-04-03 17:00', '2026-04-07 10:00'], sign: ['2026-04-07 09:00', '2026-04-07 11:00'], approve_return: ['2026-04-07 09:40'], reply: ['2026-04-08 16:00'] },
      { signDueAt: '2026-04-07 12:00', replyDueAt: '2026-04-09 10:00' },
    );

    // H — a reply nobody rated, closed by the scanner (5月中旬): counted apart, not as a rating. Dispatched Mon
    // 05-11 09:00, signed 09:30 (due 11:00), replied 15:00 (due 05-13 09:00), auto-closed 05-19 10:00. The scan runs
    // 8 days ahead, so it closes every unrated reply of this database; only H's close is moved into the fixture's time.
    ids.H = await register();
    await act(t, operator, ids.H, 'dispatch', { leadUnitId: unit['co.water'] });
    await act(t, handler['co.water']!, ids.H, 'sign');
    await act(t, handler['co.water']!, ids.H, 'reply', reply);
    await t.app.get(DeadlineScannerService).scanOnce(new Date(Date.now() + 8 * 86_400_000));
    await backdate(
      ids.H,
      { dispatch: ['2026-05-11 09:00'], sign: ['2026-05-11 09:30'], reply: ['2026-05-11 15:00'], auto_close: ['2026-05-19 10:00'] },
      { signDueAt: '2026-05-11 11:00', replyDueAt: '2026-05-13 09:00' },
    );

    // G — answered at intake 03-06 10:00, return visit (satisfied) 03-06 16:00: no unit, the centre's figures only.
    ids.G = await register('=HYPERLINK("http://x","点我")');
    await act(t, operator, ids.G, 'answer', { content: '公积金提取可在网上办理' });
    await act(t, supervisor, ids.G, 'record_visit', { satisfaction: 'satisfied', resolved: true });
    await backdate(ids.G, { answer: ['2026-03-06 10:00'], record_visit: ['2026-03-06 16:00'] }, {});
  }

  async function rates(view: string, query: string, token = supervisor) {
    const res = await t.request('GET', `/api/v1/assessment/rates/${view}?${query}`, { token });
    if (res.status !== 200) throw new Error(`rates: ${res.status} ${JSON.stringify(res.body)}`);
    // community × category comes compact: read as the other views' rows
    if (view === 'community-categories') return { ...res.body, rows: pairRows(res.body as CommunityCategoryRates) } as { rows: Row[]; period: { from: string; to: string; label: string } };
    return res.body as { rows: Row[]; period: { from: string; to: string; label: string } };
  }
  const rowOf = (rows: Row[], code: string) => rows.find((r) => r.key === unit[code])!;
  const figures = (r: Rates) => ({
    response: [r.response.signedOnTime, r.response.total],
    completion: [r.completion.replied, r.completion.onTime, r.completion.total],
    satisfaction: [r.satisfaction.satisfied, r.satisfaction.total],
    unrated: r.unratedAutoClosed,
    answered: r.answeredAtIntake,
  });

  it('computes each unit of 3月上旬 exactly as worked out by hand', async () => {
    const { rows, period } = await rates('units', 'period=xun&date=2026-03-05');
    expect(period).toMatchObject({ from: '2026-03-01', to: '2026-03-10', label: '2026年3月上旬' });
    // A: signed on time, its deadline is in 中旬
    expect(figures(rowOf(rows, 'dept.housing'))).toEqual({ response: [1, 1], completion: [0, 0, 0], satisfaction: [0, 0], unrated: 0, answered: 0 });
    // B: the extension moved its deadline to 中旬
    expect(figures(rowOf(rows, 'co.heating'))).toEqual({ response: [1, 1], completion: [0, 0, 0], satisfaction: [0, 0], unrated: 0, answered: 0 });
    // C: returned before signing: nothing for co.water; co.power signed late, replied on time
    expect(figures(rowOf(rows, 'co.water'))).toEqual({ response: [0, 0], completion: [0, 0, 0], satisfaction: [0, 0], unrated: 0, answered: 0 });
    expect(figures(rowOf(rows, 'co.power'))).toEqual({ response: [0, 1], completion: [1, 1, 1], satisfaction: [0, 0], unrated: 0, answered: 0 });
    // D: the street answers for the passed-down ticket; the community has nothing of its own
    expect(figures(rowOf(rows, '620201001'))).toEqual({ response: [1, 1], completion: [1, 1, 1], satisfaction: [0, 0], unrated: 0, answered: 0 });
    expect(figures(rowOf(rows, '620201001001'))).toEqual({ response: [0, 0], completion: [0, 0, 0], satisfaction: [0, 0], unrated: 0, answered: 0 });
    // E: two episodes with deadlines in 上旬 (first on time, second late), the unsatisfied visit
    const gas = rowOf(rows, 'co.gas');
    expect(figures(gas)).toEqual({ response: [1, 1], completion: [2, 1, 2], satisfaction: [0, 1], unrated: 0, answered: 0 });
    // score = 100 × (0.1×1 + 0.45×1 + 0.45×0) / 1 = 55; co.power: 100 × (0.1×0 + 0.45×1) / 0.55 = 81.82
    expect(gas.score).toBe(55);
    expect(rowOf(rows, 'co.power').score).toBe(81.82);
    // ranks: 100 (street), 100 (dept.housing: response only → 100), 100 (co.heating) share rank 1; then 81.82, then 55
    expect(rowOf(rows, '620201001').rank).toBe(1);
    expect(rowOf(rows, 'dept.housing').rank).toBe(1);
    expect(rowOf(rows, 'co.heating').rank).toBe(1);
    expect(rowOf(rows, 'co.power').rank).toBe(4);
    expect(gas.rank).toBe(5);
    expect(rowOf(rows, 'co.water').rank).toBeNull();

    const withSubUnits = await rates('units', 'period=xun&date=2026-03-05&includeSubUnits=true');
    expect(figures(rowOf(withSubUnits.rows, '620201001'))).toEqual(figures(rowOf(rows, '620201001')));

    // G and the centre: response 4/5, completion 4 replied, 3 on time of 4; visits 1/2; one answer at intake
    const centre = await rates('centre', 'period=xun&date=2026-03-05');
    expect(figures(centre.rows[0]!)).toEqual({ response: [4, 5], completion: [4, 3, 4], satisfaction: [1, 2], unrated: 0, answered: 1 });
    expect(figures(centre.rows[1]!)).toEqual({ response: [0, 0], completion: [0, 0, 0], satisfaction: [1, 1], unrated: 0, answered: 1 });
    expect(centre.rows[0]!.response.rate).toBe(0.8);
  });

  it('puts what crosses into 3月中旬 there', async () => {
    const { rows } = await rates('units', 'period=xun&date=2026-03-15');
    expect(figures(rowOf(rows, 'dept.housing'))).toEqual({ response: [0, 0], completion: [1, 1, 1], satisfaction: [0, 0], unrated: 0, answered: 0 });
    expect(figures(rowOf(rows, 'co.heating'))).toEqual({ response: [0, 0], completion: [1, 1, 1], satisfaction: [0, 0], unrated: 0, answered: 0 });
    expect(figures(rowOf(rows, 'co.gas'))).toEqual({ response: [0, 0], completion: [0, 0, 0], satisfaction: [1, 1], unrated: 0, answered: 0 });
    // the month is the sum of its 旬
    const month = await rates('centre', 'period=month&date=2026-03-31');
    expect(figures(month.rows[0]!)).toEqual({ response: [4, 5], completion: [6, 5, 6], satisfaction: [2, 3], unrated: 0, answered: 1 });
  });

  it('counts a holiday inside a deadline (4月上旬)', async () => {
    const { rows } = await rates('units', 'period=xun&date=2026-04-01');
    expect(figures(rowOf(rows, 'dept.housing'))).toEqual({ response: [1, 1], completion: [0, 0, 0], satisfaction: [0, 0], unrated: 0, answered: 0 });
    expect(figures(rowOf(rows, 'co.heating'))).toEqual({ response: [1, 1], completion: [1, 1, 1], satisfaction: [0, 0], unrated: 0, answered: 0 });
  });

  it('counts an unrated auto-close apart from the ratings (5月中旬)', async () => {
    const { rows } = await rates('units', 'period=xun&date=2026-05-15');
    expect(figures(rowOf(rows, 'co.water'))).toEqual({ response: [1, 1], completion: [1, 1, 1], satisfaction: [0, 0], unrated: 1, answered: 0 });
    expect(rowOf(rows, 'co.water').satisfaction.rate).toBeNull();
  });

  it('adds units up to the centre, and every rate equals the one recomputed from its drill-down', async () => {
    for (const date of ['2026-03-05', '2026-03-15', '2026-04-05', '2026-05-15']) {
      const units = (await rates('units', `period=xun&date=${date}`)).rows;
      const [total, intake] = (await rates('centre', `period=xun&date=${date}`)).rows as [Row, Row];
      const sum = (f: (r: Rates) => number) => units.reduce((s, r) => s + f(r), 0) + f(intake);
      expect(sum((r) => r.response.total)).toBe(total.response.total);
      expect(sum((r) => r.response.signedOnTime)).toBe(total.response.signedOnTime);
      expect(sum((r) => r.completion.total)).toBe(total.completion.total);
      expect(sum((r) => r.completion.replied)).toBe(total.completion.replied);
      expect(sum((r) => r.completion.onTime)).toBe(total.completion.onTime);
      expect(sum((r) => r.satisfaction.total)).toBe(total.satisfaction.total);
      expect(sum((r) => r.satisfaction.satisfied)).toBe(total.satisfaction.satisfied);
      for (const view of ['categories', 'communities', 'community-categories']) {
        const rows = (await rates(view, `period=xun&date=${date}`)).rows;
        // every group's figure opens its own tickets too
        const by = { categories: 'category', communities: 'community', 'community-categories': 'community-category' }[view];
        for (const row of rows.filter((r) => r.completion.total > 0)) {
          const items = await allItems(`period=xun&date=${date}&metric=completion&by=${by}&key=${row.key}`);
          expect([items.length, items.filter((i) => i.counted).length]).toEqual([row.completion.total, row.completion.replied]);
        }
        // sorted by name (community × category: by community, then category), in the zh-CN collation
        const names = rows.map((r) => r.name.split(' / '));
        for (let i = 1; i < names.length; i++) {
          const [a, b] = [names[i - 1]!, names[i]!];
          expect(COLLATOR.compare(a[0]!, b[0]!) || COLLATOR.compare(a[1] ?? '', b[1] ?? '')).toBeLessThanOrEqual(0);
        }
        const add = (f: (r: Rates) => number) => rows.reduce((s, r) => s + f(r), 0);
        expect([add((r) => r.response.total), add((r) => r.completion.onTime), add((r) => r.satisfaction.satisfied), add((r) => r.answeredAtIntake)]).toEqual([
          total.response.total,
          total.completion.onTime,
          total.satisfaction.satisfied,
          total.answeredAtIntake,
        ]);
      }
      for (const row of units.filter((r) => r.score !== null)) {
        for (const metric of ['response', 'completion', 'satisfaction'] as const) {
          const items = await allItems(`period=xun&date=${date}&metric=${metric}&by=unit&key=${row.key}`);
          const rate = items.length === 0 ? null : items.filter((i) => i.counted).length / items.length;
          expect(rate).toBe(row[metric].rate);
        }
      }
    }
  });

  it('answers community × category compactly: each name once, and the rows it decodes to are the figures of the items', async () => {
    const categories = (await t.request('GET', '/api/v1/categories', { token: operator })).body as { id: string; level1: string; level2: string; level3: string }[];
    const units = (await t.request('GET', '/api/v1/units', { token: operator })).body as { id: string; name: string; kind: string }[];
    const categoryName = (id: string | null) => (id === null ? '未分类' : (({ level1, level2, level3 }) => `${level1}/${level2}/${level3}`)(categories.find((c) => c.id === id)!));
    const communityName = (id: string | null) => (id === null ? '无社区' : units.find((u) => u.id === id && u.kind === 'community')!.name);
    const weights = (await t.request('GET', '/api/v1/assessment/settings', { token: supervisor })).body.weights;
    const sut = t.app.get(AssessmentService);
    // The fixtures' tickets fall into a pair or two a period: February 2001 gets 150 synthetic roll-up items over
    // four communities (one none) × five categories (one none), every metric, counted or not, so names, order and
    // counts have something to get wrong.
    const communities = [null, ...units.filter((u) => u.kind === 'community').slice(0, 3).map((u) => u.id)];
    const someCategories = [null, ...categories.slice(0, 4).map((c) => c.id)];
    const [ticket] = await t.db.getRepository(TicketEntity).find({ take: 1 });
    const metrics = ['response', 'completion', 'satisfaction', 'unrated', 'answered'] as const;
    const synthetic = Array.from({ length: 150 }, (_, i) => {
      const at = new Date(Date.UTC(2001, 1, 1 + (i % 27), 2, i % 60));
      const metric = metrics[i % 5]!;
      return {
        metric,
        at,
        itemKey: `01SYNTHETIC${String(i).padStart(15, '0')}`,
        ticketId: ticket!.id,
        ticketNumber: ticket!.number,
        unitId: metric === 'answered' ? null : unit['co.gas']!,
        categoryId: someCategories[(i * 7) % 5]!,
        communityId: communities[(i * 3 + Math.floor(i / 11)) % 4]!,
        dueAt: at,
        doneAt: at,
        counted: i % 3 !== 0,
        onTime: metric === 'completion' ? i % 4 !== 0 : null,
      };
    });
    await t.db.getRepository(AssessmentItemEntity).insert(synthetic);
    let pairsSeen = 0;
    try {
      for (const [kind, date] of [['xun', '2026-03-05'], ['xun', '2026-03-15'], ['month', '2026-04-01'], ['month', '2026-05-01'], ['month', '2001-02-01']] as const) {
        const res = await t.request('GET', `/api/v1/assessment/rates/community-categories?period=${kind}&date=${date}`, { token: supervisor });
        expect(res.status).toBe(200);
        const compact = res.body as CommunityCategoryRates;
        expect(compact).not.toHaveProperty('rows');
        // each community and category named once, each pair a row of 2 indexes + 9 counts
        expect(new Set(compact.communities.map((c) => c.key)).size).toBe(compact.communities.length);
        expect(new Set(compact.categories.map((c) => c.key)).size).toBe(compact.categories.length);
        for (const p of compact.pairs) expect(p).toHaveLength(11);

        // the reference, as the flat answer was built: every item of the period, grouped by community and category,
        // named in every row, ordered by community name then category name (zh-CN)
        const groups = new Map<string, { community: string | null; category: string | null; items: Awaited<ReturnType<typeof sut.items>> }>();
        for (const i of await sut.items(periodOf(kind, date), new Date())) {
          const key = `${i.communityId ?? 'none'}:${i.categoryId ?? 'none'}`;
          if (!groups.has(key)) groups.set(key, { community: i.communityId, category: i.categoryId, items: [] });
          groups.get(key)!.items.push(i);
        }
        const expected = [...groups.entries()]
          .map(([key, g]) => {
            const r = ratesOf(g.items);
            return { key, name: `${communityName(g.community)} / ${categoryName(g.category)}`, ...r, score: scoreOf(r, weights), rank: null, names: [communityName(g.community), categoryName(g.category)] };
          })
          .sort((a, b) => COLLATOR.compare(a.names[0]!, b.names[0]!) || COLLATOR.compare(a.names[1]!, b.names[1]!))
          .map(({ names: _, ...row }) => row);
        expect(pairRows(compact)).toEqual(expected);
        pairsSeen += expected.length;

        // the export still writes the flat rows: one line per pair, the same figures
        const csv = await fetch(`${t.baseUrl}/api/v1/assessment/rates/community-categories/export?period=${kind}&date=${date}&format=csv`, { headers: { authorization: `Bearer ${supervisor}` } });
        const lines = Buffer.from(await csv.arrayBuffer()).toString('utf8').slice(1).trim().split('\r\n');
        expect(lines).toHaveLength(1 + expected.length);
        for (const [n, row] of expected.entries()) {
          const cells = lines[n + 1]!.split(',');
          expect([cells[1], cells[3], cells[4], cells[6], cells[7], cells[11], cells[12]]).toEqual(
            [row.name, row.response.total, row.response.signedOnTime, row.completion.total, row.completion.replied, row.satisfaction.total, row.satisfaction.satisfied].map(String),
          );
        }
      }
    } finally {
      await t.db.getRepository(AssessmentItemEntity).delete({ ticketId: ticket!.id, itemKey: Like('01SYNTHETIC%') });
    }
    expect(pairsSeen).toBeGreaterThan(20);
  });

  it("creates the roll-up's indexes by migration exactly as the entity describes them (MySQL/MariaDB)", async () => {
    if (t.driver !== 'mysql') return;
    // (TypeORM's schema diff cannot tell here: MariaDB's nullable-column noise makes it drop and recreate every index
    // on those columns, right or wrong.) The figures' covering index above all: a wrong one is slow, not an error.
    const described = t.db
      .getMetadata(AssessmentItemEntity)
      .indices.map((i) => [i.name, i.columns.map((c) => c.databaseName).join(',')])
      .sort();
    const rows = (await t.db.query(
      "SELECT INDEX_NAME AS name, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS cols FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'assessment_items' AND INDEX_NAME <> 'PRIMARY' GROUP BY INDEX_NAME",
    )) as { name: string; cols: string }[];
    expect(rows.map((r) => [r.name, r.cols]).sort()).toEqual(described);
    expect(described.map(([name]) => name)).toContain('ix_assessment_items_figures');
  });

  it('gives the same items from the roll-up as from folding every event', async () => {
    const sut = t.app.get(AssessmentService);
    const asOf = new Date();
    for (const [kind, date] of [['xun', '2026-03-05'], ['xun', '2026-03-15'], ['month', '2026-04-01'], ['month', '2026-05-01'], ['month', new Date().toISOString().slice(0, 10)]] as const) {
      const period = periodOf(kind, date);
      const fast = await sut.items(period, asOf);
      expect(fast).toEqual(await sut.items(period, asOf, true));
      if (date === '2026-03-05') expect(fast.length).toBe(5 + 4 + 2 + 1);
    }
  });

  async function allItems(query: string, token = supervisor) {
    const out: { key: string; ticketId: string; counted: boolean; onTime: boolean | null }[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.request('GET', `/api/v1/assessment/items?${query}&limit=1${cursor ? `&cursor=${cursor}` : ''}`, { token });
      expect(res.status).toBe(200);
      out.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return out;
  }

  it('lists the tickets behind a figure, page by page', async () => {
    const items = await allItems('period=xun&date=2026-03-05&metric=completion&by=unit&key=' + unit['co.gas']);
    expect(items.map((i) => [i.ticketId, i.counted, i.onTime])).toEqual([
      [ids.E, true, true],
      [ids.E, true, false],
    ]);
    const late = await allItems('period=xun&date=2026-03-05&metric=response&by=centre&counted=false');
    expect(late.map((i) => i.ticketId)).toEqual([ids.C]);
  });

  it('shows a handler only their own unit, and their rank', async () => {
    const mine = await rates('units', 'period=xun&date=2026-03-05', handler['co.gas']);
    expect(mine.rows.map((r) => r.key)).toEqual([unit['co.gas']]);
    expect(mine.rows[0]!.rank).toBe(5);
    const me = await t.request('GET', '/api/v1/assessment/me?period=xun&date=2026-03-05', { token: handler['co.gas'] });
    expect(me.body).toMatchObject({ row: { key: unit['co.gas'], rank: 5, score: 55 }, rankedUnits: 5 });
    const other = await t.request('GET', `/api/v1/assessment/items?period=xun&date=2026-03-05&metric=response&by=unit&key=${unit['co.power']}`, { token: handler['co.gas'] });
    expect(other.body.items).toEqual([]);
  });

  it('refuses bad queries and other roles, with codes', async () => {
    const bad = await t.request('GET', '/api/v1/assessment/rates/units?period=fortnight&date=2026-03-05', { token: supervisor });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const mixed = await t.request('GET', '/api/v1/assessment/items?period=xun&date=2026-03-05&metric=response&by=community-category&key=none', { token: supervisor });
    expect([mixed.status, mixed.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const badDate = await t.request('GET', '/api/v1/assessment/rates/units?period=xun&date=2026-02-30', { token: supervisor });
    expect(badDate.body.code).toBe('VALIDATION_FAILED');
    const resident = (await t.resident('assess-resident')).token;
    expect((await t.request('GET', '/api/v1/assessment/rates/units?period=xun&date=2026-03-05', { token: resident })).status).toBe(403);
    expect((await t.request('POST', '/api/v1/assessment/bulletins', { token: handler['co.gas'], body: { kind: 'xun', date: '2026-03-05' } })).status).toBe(403);
    expect((await t.request('PUT', '/api/v1/assessment/settings', { token: supervisor, body: { response: 1, completion: 0, satisfaction: 0 } })).status).toBe(403);
  });

  it('changes the weights (admin) and the scores follow', async () => {
    const put = await t.request('PUT', '/api/v1/assessment/settings', { token: admin, body: { response: 0.2, completion: 0.4, satisfaction: 0.4 } });
    expect(put.status).toBe(200);
    const { rows } = await rates('units', 'period=xun&date=2026-03-05');
    // co.gas: 100 × (0.2 + 0.4 + 0) = 60
    expect(rowOf(rows, 'co.gas').score).toBe(60);
    await t.request('PUT', '/api/v1/assessment/settings', { token: admin, body: { response: 0.1, completion: 0.45, satisfaction: 0.45 } });
    const zero = await t.request('PUT', '/api/v1/assessment/settings', { token: admin, body: { response: 0, completion: 0, satisfaction: 0 } });
    expect(zero.body.code).toBe('VALIDATION_FAILED');
    expect((await t.request('GET', '/api/v1/assessment/settings', { token: supervisor })).body.weights).toEqual({ response: 0.1, completion: 0.45, satisfaction: 0.45 });
  });

  it('publishes a 旬通报 that later ticket changes never alter; a correction is a new version with the differences', async () => {
    const published = await t.request('POST', '/api/v1/assessment/bulletins', { token: supervisor, body: { kind: 'xun', date: '2026-03-05' } });
    expect(published.status).toBe(201);
    const b = published.body;
    expect(b).toMatchObject({ kind: 'xun', periodStart: '2026-03-01', periodEnd: '2026-03-10', version: 1, title: '2026年3月上旬旬通报' });
    const again = await t.request('POST', '/api/v1/assessment/bulletins', { token: supervisor, body: { kind: 'xun', date: '2026-03-07' } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('BULLETIN_ALREADY_PUBLISHED');

    // co.power's late sign becomes on time (a correction of the record): live figures change, the bulletin does not
    await t.db.getRepository(TicketEntity).update({ id: ids.C }, { signDueAt: cst('2026-03-03 18:00') });
    await rebuildAssessmentItems(t.db.manager, [ids.C!]);
    const live = await rates('units', 'period=xun&date=2026-03-05');
    expect(rowOf(live.rows, 'co.power').response.signedOnTime).toBe(1);

    const frozen = await t.request('GET', `/api/v1/assessment/bulletins/${b.id}`, { token: handler['co.water'] });
    expect(frozen.status).toBe(200);
    expect(frozen.body.figures).toEqual(b.figures);
    const power = frozen.body.figures.units.find((r: Row) => r.key === unit['co.power']);
    expect(figures(power)).toEqual({ response: [0, 1], completion: [1, 1, 1], satisfaction: [0, 0], unrated: 0, answered: 0 });
    const frozenItems = await t.request('GET', `/api/v1/assessment/bulletins/${b.id}/items?metric=response&unitId=${unit['co.power']}`, { token: supervisor });
    expect(frozenItems.body.items).toEqual([expect.objectContaining({ ticketId: ids.C, counted: false })]);

    const corrected = await t.request('POST', `/api/v1/assessment/bulletins/${b.id}/corrections`, { token: supervisor, body: { reason: '供电公司签收时限更正' } });
    expect(corrected.status).toBe(201);
    expect(corrected.body).toMatchObject({ version: 2, correctsId: b.id, reason: '供电公司签收时限更正' });
    expect(corrected.body.diff).toEqual(
      expect.arrayContaining([
        { key: unit['co.power'], name: '国网嘉峪关供电公司', field: '响应及时数', before: 0, after: 1 },
        { key: unit['co.power'], name: '国网嘉峪关供电公司', field: '响应率', before: 0, after: 1 },
        { key: null, name: '全市合计', field: '响应及时数', before: 4, after: 5 },
      ]),
    );
    // version 1 is still there, unchanged; correcting it again (not the latest) is refused
    expect((await t.request('GET', `/api/v1/assessment/bulletins/${b.id}`, { token: supervisor })).body.figures).toEqual(b.figures);
    const stale = await t.request('POST', `/api/v1/assessment/bulletins/${b.id}/corrections`, { token: supervisor, body: { reason: 'x' } });
    expect(stale.body.code).toBe('BULLETIN_ALREADY_PUBLISHED');
    const list = await t.request('GET', '/api/v1/assessment/bulletins?kind=xun', { token: handler['620201001001'] });
    expect(list.body.map((x: { version: number }) => x.version)).toEqual([2, 1]);
    expect((await t.request('GET', '/api/v1/assessment/bulletins/01ARZ3NDEKTSV4RRFFQ69G5FAV', { token: supervisor })).body.code).toBe('BULLETIN_NOT_FOUND');
    await t.db.getRepository(TicketEntity).update({ id: ids.C }, { signDueAt: cst('2026-03-03 16:30') });
    await rebuildAssessmentItems(t.db.manager, [ids.C!]);

    // its XLSX has the Chinese headers, a frozen header row, percentages formatted, and the exact figures
    const xlsx = await fetch(`${t.baseUrl}/api/v1/assessment/bulletins/${b.id}/export?format=xlsx`, { headers: { authorization: `Bearer ${supervisor}` } });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(1).values as unknown[]).slice(1, 7)).toEqual(['排名', '名称', '综合得分', '派单数', '及时响应数', '响应率']);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const byName = new Map<string, ExcelJS.Row>();
    ws.eachRow((row, n) => n > 1 && byName.set(String(row.getCell(2).value), row));
    const gas = byName.get('嘉峪关市燃气公司')!;
    expect([gas.getCell(1).value, gas.getCell(3).value, gas.getCell(4).value, gas.getCell(5).value, gas.getCell(6).value]).toEqual([5, 55, 1, 1, 1]);
    expect([gas.getCell(7).value, gas.getCell(8).value, gas.getCell(10).value, gas.getCell(11).value, gas.getCell(14).value]).toEqual([2, 2, 1, 0.5, 0]);
    expect(gas.getCell(6).numFmt).toBe('0.00%');
    const total = byName.get('全市合计')!;
    expect([total.getCell(4).value, total.getCell(5).value, total.getCell(6).value, total.getCell(16).value]).toEqual([5, 4, 0.8, 1]);
    expect(ws.getColumn(2).width).toBe(28);

    // CSV with a BOM, and the print layout
    const csv = await fetch(`${t.baseUrl}/api/v1/assessment/bulletins/${b.id}/items/export?format=csv&metric=response`, { headers: { authorization: `Bearer ${supervisor}` } });
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('工单编号,指标,承办单位,计入时间,计入分子,按时,工单ID');
    expect(lines).toHaveLength(1 + 5);
    const print = await (await fetch(`${t.baseUrl}/api/v1/assessment/bulletins/${b.id}/export?format=html`, { headers: { authorization: `Bearer ${supervisor}` } })).text();
    expect(print).toContain('size:A4 landscape');
    expect(print).toContain('<th>满意率</th>');
  });
});
