import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TicketStatus } from '@jyg12345/shared';
import { TicketEntity, TicketUnitEntity } from '../src/database/entities.js';
import { backfillDeadlineWords } from '../src/search/ticket-search.index.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { partsCopyDifferences } from './support/ticket-parts.js';

/**
 * The staff queues (GET /tickets with filters, soonest deadline first, keyset pages) against a reference computed
 * from the database rows: every page, every filter the mini-program's work queues use, for a department, a street
 * whose tickets are passed down to a community, and the centre looking at one unit.
 */
describe('staff queues', () => {
  let t: TestApp;
  let operator: string;
  let supervisor: string;
  const handler: Record<string, string> = {};
  const unit: Record<string, string> = {};
  const parentOf = new Map<string, string | null>();
  let categoryId: string;
  const OPEN: TicketStatus[] = ['dispatched', 'in_progress', 'return_requested'];
  type Sort = 'deadline' | 'time';

  async function ok(token: string, id: string, action: string, body: Record<string, unknown> = {}) {
    const current = await t.request('GET', `/api/v1/tickets/${id}`, { token: supervisor });
    const res = await t.request('POST', `/api/v1/tickets/${id}/actions/${action}`, { token, body: { version: current.body.version, ...body } });
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  const reply = { content: '已现场处理完毕', handlerName: '李师傅', handlerPhone: '13900000002' };

  /**
   * Every ticket_units row carries its ticket's status and reply deadline, and the ticket's deadline postings are its
   * postings under its reply deadline (none without one): the writer keeps both through every action.
   */
  async function expectMirrorsInStep(): Promise<number> {
    const raw = (v: unknown) => (v instanceof Date ? v.getTime() : v === null ? null : String(v));
    const words = new Map(((await t.db.query('SELECT ticketId AS id, COUNT(*) AS n FROM ticket_words GROUP BY ticketId')) as { id: string; n: unknown }[]).map((r) => [r.id, Number(r.n)]));
    const due = (await t.db.query('SELECT ticketId AS id, replyDueAt AS d, COUNT(*) AS n FROM ticket_words_due GROUP BY ticketId, replyDueAt')) as { id: string; d: unknown; n: unknown }[];
    for (const r of (await t.db.query('SELECT id, replyDueAt AS d FROM tickets')) as { id: string; d: unknown }[]) {
      expect({ id: r.id, due: due.filter((x) => x.id === r.id).map((x) => ({ at: raw(x.d), n: Number(x.n) })) }).toEqual({
        id: r.id,
        due: r.d === null ? [] : [{ at: raw(r.d), n: words.get(r.id) }],
      });
    }
    const tickets = new Map((await t.db.getRepository(TicketEntity).find()).map((x) => [x.id, x]));
    const parts = await t.db.getRepository(TicketUnitEntity).find();
    for (const p of parts) {
      const ticket = tickets.get(p.ticketId) as TicketEntity;
      expect({ id: p.ticketId, status: p.status, due: p.replyDueAt && new Date(p.replyDueAt).toISOString() }).toEqual({
        id: p.ticketId,
        status: ticket.status,
        due: ticket.replyDueAt && new Date(ticket.replyDueAt).toISOString(),
      });
    }
    return parts.length;
  }

  beforeAll(async () => {
    t = await startTestApp();
    operator = (await t.login('operator')).token;
    supervisor = (await t.login('supervisor')).token;
    for (const code of ['dept.housing', 'co.heating', '620201001', '620201001001']) handler[code] = (await t.login(`handler.${code}`)).token;
    const units = await t.request('GET', '/api/v1/units', { token: operator });
    for (const u of units.body as { id: string; code: string; parentId: string | null }[]) {
      unit[u.code] = u.id;
      parentOf.set(u.id, u.parentId);
    }
    const categories = await t.request('GET', '/api/v1/categories', { token: operator });
    categoryId = categories.body.find((c: { level3: string }) => c.level3 === '冬季采暖').id;

    // 30 tickets at three leads, some with a cooperating unit, walked into every status a unit sees.
    const leads = ['dept.housing', 'co.heating', '620201001'];
    const types = ['complaint', 'help', 'consultation'];
    for (let i = 0; i < 30; i++) {
      const lead = leads[i % 3] as string;
      const res = await t.request('POST', '/api/v1/tickets', {
        token: operator,
        body: { type: types[i % 3], channel: 'phone', categoryId, description: `第${i}号诉求：${i % 4 === 1 ? '暖气片不热，室温只有十度' : '楼道灯不亮，晚上回家看不清台阶'}`, contact: { name: '张先生', phone: '13800000009' }, confidential: false },
      });
      expect(res.status).toBe(201);
      const id = res.body.id as string;
      const cooperating = i % 5 === 0 ? [unit[lead === 'dept.housing' ? 'co.heating' : 'dept.housing']] : [];
      await ok(operator, id, 'dispatch', { leadUnitId: unit[lead], cooperatingUnitIds: cooperating });
      const stage = i % 6;
      if (stage === 0) continue; // dispatched
      await ok(handler[lead] as string, id, 'sign');
      if (lead === '620201001' && i % 4 === 1) await ok(handler[lead] as string, id, 'pass_down', { unitId: unit['620201001001'] });
      if (stage === 1) continue; // in progress
      if (stage === 2) {
        await ok(handler[lead] as string, id, 'request_extension', { reason: '需协调管网改造', days: 3 });
        await ok(supervisor, id, 'approve_extension');
        continue;
      }
      if (stage === 3) {
        await ok(handler[lead] as string, id, 'request_return', { reason: '非本单位职责' });
        continue;
      }
      await ok(handler[lead] as string, id, 'reply', reply);
      if (stage === 4) continue; // replied
      await ok(operator, id, 'record_visit', { satisfaction: 'unsatisfied', resolved: false, comment: '灯还是不亮' });
      await ok(supervisor, id, 'reopen', { note: '居民不满意，重新办理' });
      await ok(handler[lead] as string, id, 'reply', reply);
      await ok(supervisor, id, 'close');
    }
    // One return approved: the ticket leaves every unit's queue until it is dispatched again.
    const returned = (await t.db.getRepository(TicketEntity).findOneByOrFail({ status: 'return_requested' })).id;
    await ok(supervisor, returned, 'approve_return');
    expect(await t.db.getRepository(TicketUnitEntity).countBy({ ticketId: returned })).toBe(0);
  });
  afterAll(() => t.close());

  it('keeps every ticket_units row in step with its ticket through every action', async () => {
    expect(await expectMirrorsInStep()).toBeGreaterThan(30);
  });

  it('keeps every ticket row’s copy of its units in step with ticket_units through every action', async () => {
    const { differences, compared } = await partsCopyDifferences(t.db);
    expect(differences).toEqual([]);
    expect(compared).toBe(await t.db.getRepository(TicketEntity).count());
  });

  describe('pages match the reference, with deadlines spread and tied', () => {
    const now = Date.now();
    beforeAll(async () => {
      // Deadlines from 2 days ago to 3 days ahead, many equal (the keyset must break ties by id), some due soon.
      const tickets = await t.db.getRepository(TicketEntity).find({ order: { id: 'ASC' } });
      let k = 0;
      for (const ticket of tickets) {
        if (ticket.replyDueAt === null) continue;
        const due = new Date(now + ((k % 6) - 2) * 86_400_000 + (k % 2 === 0 ? 0 : k * 1000));
        k++;
        await t.db.getRepository(TicketEntity).update({ id: ticket.id }, { replyDueAt: due, dueSoonAt: k % 3 === 0 ? new Date(now) : null });
        await t.db.getRepository(TicketUnitEntity).update({ ticketId: ticket.id }, { replyDueAt: due });
      }
      // the deadline postings follow, as the migration fills them
      await t.db.query('DELETE FROM ticket_words_due');
      // on one connection: the backfill keeps the deadlines in a temporary table
      const runner = t.db.createQueryRunner();
      try {
        await backfillDeadlineWords((sql, params) => runner.query(sql, params), t.db.options.type === 'mysql');
      } finally {
        await runner.release();
      }
      await expectMirrorsInStep();
    });

    function subtree(root: string): Set<string> {
      const out = new Set([root]);
      let grew = true;
      while (grew) {
        grew = false;
        for (const [id, parent] of parentOf) {
          if (parent !== null && out.has(parent) && !out.has(id)) {
            out.add(id);
            grew = true;
          }
        }
      }
      return out;
    }

    /** `units` null: the centre, every ticket. */
    async function reference(units: Set<string> | null, query: Record<string, string>, sort: Sort): Promise<string[]> {
      const parts = await t.db.getRepository(TicketUnitEntity).find();
      const scoped = new Set(parts.filter((p) => units?.has(p.unitId)).map((p) => p.ticketId));
      const mine = { has: (id: string) => units === null || scoped.has(id) };
      const statuses = query.status?.split(',');
      const at = Date.now();
      return (await t.db.getRepository(TicketEntity).find())
        .filter((x) => mine.has(x.id) && (sort === 'time' || x.replyDueAt !== null))
        .filter((x) => !statuses || statuses.includes(x.status))
        .filter((x) => !query.type || query.type.split(',').includes(x.type))
        .filter((x) => (query.overdue === undefined && query.dueSoon === undefined) || OPEN.includes(x.status))
        .filter((x) => query.overdue === undefined || (query.overdue === 'true') === new Date(x.replyDueAt as Date).getTime() < at)
        .filter((x) => query.dueSoon !== 'true' || x.dueSoonAt !== null || new Date(x.replyDueAt as Date).getTime() < at)
        .filter((x) => !query.q || x.description.includes(query.q))
        .filter((x) => !query.from || new Date(x.createdAt).getTime() >= new Date(query.from).getTime())
        .filter((x) => !query.to || new Date(x.createdAt).getTime() < new Date(query.to).getTime())
        .sort((a, b) =>
          sort === 'time' ? (a.id < b.id ? 1 : -1) : new Date(a.replyDueAt as Date).getTime() - new Date(b.replyDueAt as Date).getTime() || (a.id < b.id ? -1 : 1),
        )
        .map((x) => x.id);
    }

    async function pages(token: string, query: Record<string, string>, sort: Sort): Promise<string[]> {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let n = 0; n < 50; n++) {
        const qs = new URLSearchParams({ ...query, sort, limit: '3', ...(cursor ? { cursor } : {}) });
        const res = await t.request('GET', `/api/v1/tickets?${qs}`, { token });
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(3);
        seen.push(...res.body.items.map((x: { id: string }) => x.id));
        cursor = res.body.nextCursor;
        if (!cursor) return seen;
      }
      throw new Error('paging did not end');
    }

    const queues: [string, Record<string, string>][] = [
      ['待签收', { status: 'dispatched' }],
      ['办理中', { status: 'in_progress' }],
      ['即将到期', { dueSoon: 'true', overdue: 'false' }],
      ['已超期', { overdue: 'true' }],
      ['退单中', { status: 'return_requested' }],
      ['every status with a deadline', {}],
      ['open, complaints only', { status: 'dispatched,in_progress', type: 'complaint' }],
      // Words (found in the index): the reference reads them as substrings, which these words are.
      ['words', { q: '暖气' }],
      ['words, open complaints', { q: '暖气', status: 'dispatched,in_progress', type: 'complaint' }],
      ['a phrase of characters', { q: '灯不亮' }],
      ['replied and closed', { status: 'replied,closed' }],
      ['not yet dispatched', { status: 'submitted,accepted' }],
    ];
    const viewers: [string, string, string][] = [
      ['the housing department', 'dept.housing', 'dept.housing'],
      ['a street, with what it passed down', '620201001', '620201001'],
      ['a community', '620201001001', '620201001001'],
      ['the heating company (lead and cooperating)', 'co.heating', 'co.heating'],
    ];

    for (const sort of ['deadline', 'time'] as const) {
      const sortable = queues;
      for (const [who, login, root] of viewers) {
        it.each(sortable)(`by ${sort}, ${who}: %s`, async (_name, query) => {
          const expected = await reference(subtree(unit[root] as string), query, sort);
          expect(await pages(handler[login] as string, query, sort)).toEqual(expected);
        });
      }

      it(`by ${sort}, the centre's own queues hold every ticket`, async () => {
        for (const [, query] of sortable) {
          expect(await pages(supervisor, query, sort)).toEqual(await reference(null, query, sort));
        }
      });

      it(`by ${sort}, the centre filtering by a unit sees that unit’s subtree`, async () => {
        for (const [, query] of sortable) {
          const expected = await reference(subtree(unit['620201001'] as string), query, sort);
          expect(await pages(supervisor, { ...query, unitId: unit['620201001'] as string }, sort)).toEqual(expected);
        }
      });
    }

    it('a window of creation times, exact to the millisecond, for the centre and a unit', async () => {
      const created = (await t.db.getRepository(TicketEntity).find({ order: { id: 'ASC' } })).map((x) => new Date(x.createdAt).toISOString());
      const window = { from: created[10] as string, to: created[created.length - 8] as string };
      for (const sort of ['deadline', 'time'] as const) {
        const all = await reference(null, window, sort);
        expect(all.length).toBeGreaterThan(5);
        expect(await pages(supervisor, window, sort)).toEqual(all);
        expect(await pages(supervisor, { ...window, status: 'dispatched,in_progress,closed' }, sort)).toEqual(await reference(null, { ...window, status: 'dispatched,in_progress,closed' }, sort));
        expect(await pages(handler['dept.housing'] as string, window, sort)).toEqual(await reference(subtree(unit['dept.housing'] as string), window, sort));
      }
    });

    it('looks a public number up in any order', async () => {
      const number = (await t.db.getRepository(TicketEntity).findOneByOrFail({ status: 'in_progress' })).number;
      for (const sort of ['deadline', 'time']) {
        const found = await t.request('GET', `/api/v1/tickets?q=${number}&sort=${sort}`, { token: supervisor });
        expect(found.body.items.map((x: { number: string }) => x.number)).toEqual([number]);
      }
    });

    it('has something in the queues it compares', async () => {
      expect((await reference(subtree(unit['dept.housing'] as string), {}, 'deadline')).length).toBeGreaterThan(8);
      expect(await reference(subtree(unit['620201001'] as string), { overdue: 'true' }, 'deadline')).not.toHaveLength(0);
      expect((await reference(subtree(unit['co.heating'] as string), {}, 'time')).length).toBeGreaterThan(8);
      expect((await reference(subtree(unit['dept.housing'] as string), { q: '暖气' }, 'deadline')).length).toBeGreaterThan(1);
      expect((await reference(null, { q: '暖气' }, 'time')).length).toBeLessThan((await reference(null, {}, 'time')).length);
    });

    it('refuses a tampered cursor', async () => {
      const res = await t.request('GET', '/api/v1/tickets?sort=deadline&cursor=eyJpZCI6IngifQ', { token: handler['dept.housing'] as string });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('CURSOR_INVALID');
    });
  });
});
