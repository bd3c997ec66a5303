import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId } from '../src/common/ids.js';
import { TicketEntity, TicketUnitEntity } from '../src/database/entities.js';
import { postingTokens } from '../src/search/search-text.js';
import { searchableText, TicketSearchIndex } from '../src/search/ticket-search.index.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Search by words through the index: a word in a ticket older than the newest 5,000 of a unit (the old scan's
 * window) is found by the unit and the centre, in time and deadline order; a unit sees only its own; and a query
 * is text, never syntax: the engines' operators answer results or a 400 with a code, never a 500.
 */
describe('search by words', () => {
  let t: TestApp;
  let operator: string;
  let supervisor: string;
  let housing: string;
  const unit: Record<string, string> = {};
  let old: { id: string; number: string };
  let heating: string;

  async function file(description: string, lead: string, title?: string): Promise<{ id: string; number: string }> {
    const categories = await t.request('GET', '/api/v1/categories', { token: operator });
    const categoryId = categories.body.find((c: { level3: string }) => c.level3 === '冬季采暖').id;
    const res = await t.request('POST', '/api/v1/tickets', {
      token: operator,
      body: { type: 'complaint', channel: 'phone', categoryId, title, description, contact: { name: '张先生', phone: '13800000009' }, confidential: false },
    });
    expect(res.status).toBe(201);
    const current = await t.request('GET', `/api/v1/tickets/${res.body.id}`, { token: supervisor });
    const dispatched = await t.request('POST', `/api/v1/tickets/${res.body.id}/actions/dispatch`, {
      token: operator,
      body: { version: current.body.version, leadUnitId: unit[lead] },
    });
    expect(dispatched.status).toBe(200);
    return { id: res.body.id, number: res.body.number };
  }

  const ids = async (token: string, query: Record<string, string>): Promise<string[]> => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let n = 0; n < 20; n++) {
      const res = await t.request('GET', `/api/v1/tickets?${new URLSearchParams({ ...query, limit: '50', ...(cursor ? { cursor } : {}) })}`, { token });
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((x: { id: string }) => x.id));
      cursor = res.body.nextCursor;
      if (!cursor) return seen;
    }
    throw new Error('paging did not end');
  };

  beforeAll(async () => {
    t = await startTestApp();
    operator = (await t.login('operator')).token;
    supervisor = (await t.login('supervisor')).token;
    housing = (await t.login('handler.dept.housing')).token;
    for (const u of (await t.request('GET', '/api/v1/units', { token: operator })).body as { id: string; code: string }[]) unit[u.code] = u.id;
    old = await file('小区门口的井盖丢失，夜里行人容易踩空', 'dept.housing', '井盖丢失');
    heating = (await file('供热站旁边的羽毛球馆夜里噪音扰民', 'co.heating')).id;
    // 5,000 newer tickets at the same unit, all due sooner, none with the word: the fixture stands in for
    // history (rows copied from a filed ticket, indexed as the writer indexes them).
    const template = await t.db.getRepository(TicketEntity).findOneByOrFail({ id: old.id });
    const soon = new Date(Date.now() + 3_600_000);
    for (let chunk = 0; chunk < 10; chunk++) {
      const tickets: TicketEntity[] = [];
      for (let i = 0; i < 500; i++) {
        const n = chunk * 500 + i;
        tickets.push({ ...template, id: newId(), number: `FILL${String(n).padStart(6, '0')}`, title: null, description: '楼道灯不亮', replyDueAt: soon });
      }
      await t.db.getRepository(TicketEntity).insert(tickets);
      // the writer's tokens, one INSERT for the chunk (5,000 single writes take minutes on a loaded MariaDB)
      const postings = tickets.flatMap((x) => postingTokens(searchableText(x)).map((token) => [token, x.id]));
      await t.db.query(`INSERT INTO ticket_words (token, ticketId) VALUES ${postings.map(() => '(?, ?)').join(', ')}`, postings.flat());
      await t.db
        .getRepository(TicketUnitEntity)
        .insert(tickets.map((x) => ({ ticketId: x.id, unitId: unit['dept.housing'] as string, part: 'lead' as const, status: x.status, replyDueAt: soon })));
    }
    // and their deadline postings, as the writer keeps them (copied from their postings and deadline)
    const join = t.db.options.type === 'mysql' ? 'STRAIGHT_JOIN' : 'CROSS JOIN';
    await t.db.query(
      `INSERT INTO ticket_words_due (token, replyDueAt, ticketId) SELECT w.token, x.replyDueAt, w.ticketId FROM ticket_words w ${join} tickets x ON x.id = w.ticketId WHERE x.number LIKE 'FILL%'`,
    );
  }, 300_000);
  afterAll(() => t.close());

  it('writes the postings with the ticket: its characters, their pairs, nothing else', async () => {
    const rows = (await t.db.query('SELECT token FROM ticket_words WHERE ticketId = ? ORDER BY token', [old.id])) as { token: string }[];
    const tokens = rows.map((r) => r.token);
    expect(tokens).toEqual(expect.arrayContaining(['井', '井盖', '盖丢', '踩空']));
    expect(tokens).not.toContain('丢失井');
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('refuses postings for an id that is not a ticket’s ULID, and writes none', async () => {
    const index = new TicketSearchIndex(t.db);
    for (const id of ["x') , ('y", old.id.toLowerCase(), `${old.id}0`]) {
      await expect(t.db.transaction((tx) => index.append(tx, id, '跷跷板坏了'))).rejects.toThrow('not a ULID');
      // by the text's own tokens: MariaDB compares ticket ids case-insensitively, so the lower-case id is the old ticket's
      expect(await t.db.query("SELECT ticketId FROM ticket_words WHERE token IN ('跷跷', '跷板', '板坏')")).toEqual([]);
    }
  });

  it.each([
    ['a word of the description', '井盖'],
    ['a word of the title and another of the description', '井盖 踩空'],
    ['a single character', '井'],
    ['characters the segmenter joined otherwise', '盖丢'],
    ['a phrase in quotes', '"井盖丢失"'],
    ['its public number', ''],
  ])('finds %s in a ticket older than the newest 5,000, for the unit and the centre, by time and by deadline', async (_name, q) => {
    const query = q || old.number;
    for (const sort of ['time', 'deadline']) {
      expect(await ids(housing, { q: query, sort })).toEqual([old.id]);
      expect(await ids(supervisor, { q: query, sort })).toEqual([old.id]);
      expect(await ids(supervisor, { q: query, sort, unitId: unit['dept.housing'] as string })).toEqual([old.id]);
      expect(await ids(supervisor, { q: query, sort, status: 'dispatched', type: 'complaint' })).toEqual([old.id]);
    }
  });

  it('has the history it claims: over 5,000 newer tickets at the unit, due sooner', async () => {
    expect(await t.db.getRepository(TicketUnitEntity).countBy({ unitId: unit['dept.housing'] as string })).toBeGreaterThan(5_000);
    const firstDeadlinePage = await t.request('GET', '/api/v1/tickets?sort=deadline&limit=50', { token: housing });
    expect(firstDeadlinePage.body.items.map((x: { id: string }) => x.id)).not.toContain(old.id);
  });

  it('keeps to the queues’ scope: a unit finds only its own tickets', async () => {
    expect(await ids(supervisor, { q: '羽毛球' })).toEqual([heating]);
    expect(await ids(supervisor, { q: '羽毛球', sort: 'deadline' })).toEqual([heating]);
    expect(await ids(housing, { q: '羽毛球' })).toEqual([]);
    expect(await ids(housing, { q: '羽毛球', sort: 'deadline' })).toEqual([]);
    expect(await ids(supervisor, { q: '羽毛球', unitId: unit['dept.housing'] as string })).toEqual([]);
  });

  it('finds nothing for words no ticket has, or words out of order in a phrase', async () => {
    expect(await ids(supervisor, { q: '地铁' })).toEqual([]);
    expect(await ids(supervisor, { q: '"丢失井盖"' })).toEqual([]);
    expect(await ids(supervisor, { q: '井盖 羽毛球' })).toEqual([]);
  });

  it('pages a common word newest first, through the index: the newest fifty are the newest fillers', async () => {
    const fillers = (await t.db.getRepository(TicketEntity).find({ where: { description: '楼道灯不亮' }, select: { id: true } })).map((x) => x.id).sort().reverse();
    expect(fillers).toHaveLength(5_000);
    const page = await t.request('GET', '/api/v1/tickets?q=%E6%A5%BC%E9%81%93%E7%81%AF&limit=50', { token: housing });
    expect(page.body.items.map((x: { id: string }) => x.id)).toEqual(fillers.slice(0, 50));
    expect(page.body.nextCursor).not.toBeNull();
  });

  it('pages a common word by deadline: a unit through the queue’s ranges checked in the postings, the centre through the deadline postings', async () => {
    const fillers = (await t.db.getRepository(TicketEntity).find({ where: { description: '楼道灯不亮' }, select: { id: true } })).map((x) => x.id).sort();
    // every filler is due at the same time: the deadline order is then by id
    const first = await t.request('GET', `/api/v1/tickets?${new URLSearchParams({ q: '楼道', sort: 'deadline', limit: '30' })}`, { token: housing });
    expect(first.status).toBe(200);
    expect(first.body.items.map((x: { id: string }) => x.id)).toEqual(fillers.slice(0, 30));
    const second = await t.request('GET', `/api/v1/tickets?${new URLSearchParams({ q: '楼道', sort: 'deadline', limit: '30', cursor: first.body.nextCursor })}`, { token: housing });
    expect(second.body.items.map((x: { id: string }) => x.id)).toEqual(fillers.slice(30, 60));
    // the centre's deadline order (the word's deadline postings, one range) finds the same
    const centre = await t.request('GET', `/api/v1/tickets?${new URLSearchParams({ q: '楼道', sort: 'deadline', limit: '30' })}`, { token: supervisor });
    expect(centre.body.items.map((x: { id: string }) => x.id)).toEqual(fillers.slice(0, 30));
  });

  it('moves a ticket in the deadline order when its deadline changes, in the same transaction as the change', async () => {
    const act = async (token: string, id: string, action: string, body: Record<string, unknown> = {}, version?: number) => {
      const v = version ?? (await t.request('GET', `/api/v1/tickets/${id}`, { token: supervisor })).body.version;
      return t.request('POST', `/api/v1/tickets/${id}/actions/${action}`, { token, body: { version: v, ...body } });
    };
    const due = async (id: string) => (await t.db.getRepository(TicketEntity).findOneByOrFail({ id })).replyDueAt;
    // the ticket's deadline postings: as many as its postings, all under the deadline its row holds (none without one)
    const postingsAt = async (id: string) => {
      const [words] = (await t.db.query('SELECT COUNT(*) AS n FROM ticket_words WHERE ticketId = ?', [id])) as { n: unknown }[];
      const rows = (await t.db.query('SELECT replyDueAt AS d, COUNT(*) AS n FROM ticket_words_due WHERE ticketId = ? GROUP BY replyDueAt', [id])) as { d: unknown; n: unknown }[];
      return { words: Number(words?.n), due: rows.map((r) => ({ at: new Date(r.d as string).getTime(), n: Number(r.n) })) };
    };
    const expectPostingsFollow = async (id: string) => {
      const [row] = (await t.db.query('SELECT replyDueAt AS d FROM tickets WHERE id = ?', [id])) as { d: unknown }[];
      const d = row?.d as string | Date | null;
      const p = await postingsAt(id);
      expect(p.words).toBeGreaterThan(0);
      expect(p.due).toEqual(d === null ? [] : [{ at: new Date(d).getTime(), n: p.words }]);
    };
    const a = (await file('银杏树的落叶堵住了排水沟', 'dept.housing')).id;
    const b = (await file('银杏树结果落地发臭', 'dept.housing')).id;
    const byDeadline = async () => {
      const centre = await ids(supervisor, { q: '银杏树', sort: 'deadline' });
      // the unit's deadline order (a rare word: its deadline postings too) agrees
      expect(await ids(housing, { q: '银杏树', sort: 'deadline' })).toEqual(centre);
      return centre;
    };
    expect(new Date((await due(a)) as Date).getTime()).toBeLessThanOrEqual(new Date((await due(b)) as Date).getTime());
    expect(await byDeadline()).toEqual([a, b]);
    await expectPostingsFollow(a);
    // an extension moves a's deadline past b's
    expect((await act(housing, a, 'sign')).status).toBe(200);
    expect((await act(housing, a, 'request_extension', { reason: '需要协调', days: 5 })).status).toBe(200);
    const before = await postingsAt(a);
    const refused = await act(supervisor, a, 'approve_extension', { note: '同意' }, 1);
    expect(refused.status).toBe(409);
    expect(await postingsAt(a)).toEqual(before);
    expect((await act(supervisor, a, 'approve_extension', { note: '同意' })).status).toBe(200);
    expect(new Date((await due(a)) as Date).getTime()).toBeGreaterThan(new Date((await due(b)) as Date).getTime());
    await expectPostingsFollow(a);
    expect(await byDeadline()).toEqual([b, a]);
    // a return approved clears b's deadline: b leaves the deadline order (and stays found by time)
    expect((await act(housing, b, 'request_return', { reason: '不属于本单位职责' })).status).toBe(200);
    expect((await act(supervisor, b, 'approve_return', { note: '同意' })).status).toBe(200);
    expect(await due(b)).toBeNull();
    await expectPostingsFollow(b);
    expect(await byDeadline()).toEqual([a]);
    expect((await ids(supervisor, { q: '银杏树' })).sort()).toEqual([a, b].sort());
    // dispatched again: a new deadline, before a's extended one
    expect((await act(operator, b, 'dispatch', { leadUnitId: unit['dept.housing'] })).status).toBe(200);
    await expectPostingsFollow(b);
    expect(await byDeadline()).toEqual([b, a]);
    // replied: the deadline stays (the order covers replied and closed tickets too)
    expect((await act(housing, b, 'sign')).status).toBe(200);
    expect((await act(housing, b, 'reply', { content: '已清扫排水沟', handlerName: '李师傅', handlerPhone: '0937-6221234' })).status).toBe(200);
    await expectPostingsFollow(b);
    expect(await byDeadline()).toEqual([b, a]);
  });

  it('orders by relevance on request: tickets holding the rarer word first, then the others, newest first, paged without repeats', async () => {
    // no ticket holds both words: by time (every word required) nothing is found
    expect(await ids(supervisor, { q: '井盖 楼道' })).toEqual([]);
    const fillers = (await t.db.getRepository(TicketEntity).find({ where: { description: '楼道灯不亮' }, select: { id: true } })).map((x) => x.id).sort().reverse();
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let n = 0; n < 3; n++) {
      const res = await t.request('GET', `/api/v1/tickets?${new URLSearchParams({ q: '井盖 楼道', sort: 'relevance', limit: '2', ...(cursor ? { cursor } : {}) })}`, { token: supervisor });
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((x: { id: string }) => x.id));
      cursor = res.body.nextCursor;
    }
    expect(seen).toEqual([old.id, ...fillers.slice(0, 5)]);
    // a unit sees only its own: the heating company holds neither
    const heatingHandler = (await t.login('handler.co.heating')).token;
    expect(await ids(heatingHandler, { q: '井盖 楼道', sort: 'relevance' })).toEqual([]);
    // a ticket holding both words comes before either
    expect((await ids(supervisor, { q: '羽毛球 噪音', sort: 'relevance' }))[0]).toBe(heating);
    const bad = await t.request('GET', `/api/v1/tickets?${new URLSearchParams({ q: '井盖', sort: 'relevance', cursor: Buffer.from(JSON.stringify({ id: old.id, tier: -1 })).toString('base64url') })}`, { token: supervisor });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('CURSOR_INVALID');
  });

  const hostile = ['+', '-', '*', '"', '(', ')', '~', '<', '>', '@', "'", '\\', '%', '_', '+井盖 -暖气', '井盖*', '"井盖', '井盖"', '(井盖', 'NEAR(井盖 暖气)', '井盖 OR 暖气', 'AND', '"""', '😡', '-- ;', 'w', 'wzz', '^井盖', '井盖:'];
  it.each(hostile)('answers %j without a 500', async (q) => {
    for (const sort of ['time', 'deadline']) {
      for (const token of [supervisor, housing]) {
        const res = await t.request('GET', `/api/v1/tickets?${new URLSearchParams({ q, sort })}`, { token });
        expect(res.status).toBe(200);
        for (const item of res.body.items as { description: string; title: string | null }[]) expect(`${item.title ?? ''}${item.description}`).toMatch(/井盖/);
      }
    }
  });

  it('reads operators around a word as text: the word is still found', async () => {
    for (const q of ['井盖*', '"井盖', '井盖"', '(井盖', '^井盖', '井盖:']) expect(await ids(supervisor, { q })).toEqual([old.id]);
  });

  it('finds the words of a resident’s supplement, written with its event', async () => {
    const resident = (await t.resident('search-resident')).token;
    const filed = await t.request('POST', '/api/v1/tickets', {
      token: resident,
      body: { type: 'complaint', description: '楼下烧烤店油烟很大', location: { lat: 39.8023, lng: 98.2901, coordSystem: 'gcj02' }, contact: { name: '王女士', phone: '13800000001' }, confidential: false },
    });
    expect(filed.status).toBe(201);
    expect(await ids(supervisor, { q: '电线杆' })).toEqual([]);
    const res = await t.request('POST', `/api/v1/tickets/${filed.body.id}/actions/supplement`, { token: resident, body: { version: filed.body.version, text: '门口的电线杆也歪了' } });
    expect(res.status).toBe(200);
    expect(await ids(supervisor, { q: '电线杆' })).toEqual([filed.body.id]);
    expect(await ids(supervisor, { q: '烧烤 电线杆' })).toEqual([filed.body.id]);
    // a refused supplement (a stale version) adds nothing
    const stale = await t.request('POST', `/api/v1/tickets/${filed.body.id}/actions/supplement`, { token: resident, body: { version: filed.body.version, text: '还有一个消防栓漏水' } });
    expect(stale.status).toBe(409);
    expect(await ids(supervisor, { q: '消防栓' })).toEqual([]);
  });

  it('finds a supplement to a dispatched ticket in the deadline order too, for the centre and for the unit', async () => {
    const resident = (await t.resident('search-resident-2')).token;
    const filed = await t.request('POST', '/api/v1/tickets', {
      token: resident,
      body: { type: 'complaint', description: '小区楼顶的水箱一直往下漏水', location: { lat: 39.8023, lng: 98.2901, coordSystem: 'gcj02' }, contact: { name: '李女士', phone: '13800000002' }, confidential: false },
    });
    expect(filed.status).toBe(201);
    const categories = await t.request('GET', '/api/v1/categories', { token: operator });
    const categoryId = categories.body.find((c: { level3: string }) => c.level3 === '冬季采暖').id;
    const accepted = await t.request('POST', `/api/v1/tickets/${filed.body.id}/actions/accept`, { token: operator, body: { version: filed.body.version, categoryId } });
    expect(accepted.status).toBe(200);
    const dispatched = await t.request('POST', `/api/v1/tickets/${filed.body.id}/actions/dispatch`, { token: operator, body: { version: accepted.body.version, leadUnitId: unit['dept.housing'] } });
    expect(dispatched.status).toBe(200);
    expect(dispatched.body.replyDueAt).toEqual(expect.any(String));
    expect(await ids(housing, { q: '蹦床', sort: 'deadline' })).toEqual([]);
    const res = await t.request('POST', `/api/v1/tickets/${filed.body.id}/actions/supplement`, { token: resident, body: { version: dispatched.body.version, text: '楼下的蹦床也被水泡坏了' } });
    expect(res.status).toBe(200);
    for (const token of [supervisor, housing]) {
      expect(await ids(token, { q: '蹦床', sort: 'deadline' })).toEqual([filed.body.id]);
      expect(await ids(token, { q: '水箱 蹦床', sort: 'deadline' })).toEqual([filed.body.id]);
      expect(await ids(token, { q: '蹦床', sort: 'time' })).toEqual([filed.body.id]);
    }
    // another unit's handler does not see it by its words
    expect(await ids((await t.login('handler.co.heating')).token, { q: '蹦床', sort: 'deadline' })).toEqual([]);
  });

  it('keeps a planning count for a minute, never a zero, and counts again past the cap it was read to', async () => {
    const token = '跷跷';
    const index = new TicketSearchIndex(t.db);
    expect((await index.plannedCounts([token], 10)).get(token)).toBe(0);
    await t.db.query('INSERT INTO ticket_words (token, ticketId) VALUES (?, ?)', [token, old.id]);
    expect((await index.plannedCounts([token], 10)).get(token)).toBe(1);
    await t.db.query('INSERT INTO ticket_words (token, ticketId) VALUES (?, ?)', [token, heating]);
    expect((await index.plannedCounts([token], 10)).get(token)).toBe(1);
    expect((await index.counts([token], 10)).get(token)).toBe(2);
    const capped = new TicketSearchIndex(t.db);
    expect((await capped.plannedCounts([token], 1)).get(token)).toBe(1);
    expect((await capped.plannedCounts([token], 10)).get(token)).toBe(2);
    await t.db.query('DELETE FROM ticket_words WHERE token = ?', [token]);
  });

  it('finds a word the moment a ticket first holds it, in every order, whatever counts the planner keeps', async () => {
    for (const sort of ['time', 'deadline', 'relevance']) {
      expect(await ids(supervisor, { q: '滑板 秋千', sort })).toEqual([]);
      expect(await ids(supervisor, { q: '秋千', sort })).toEqual([]);
    }
    const both = await file('公园的秋千和滑板场地坏了', 'dept.housing');
    for (const sort of ['time', 'deadline', 'relevance']) {
      expect(await ids(supervisor, { q: '滑板 秋千', sort })).toEqual([both.id]);
      expect(await ids(housing, { q: '滑板 秋千', sort })).toEqual([both.id]);
    }
    // counted at one ticket each just now: the next ones are found, and relevance orders them by the current counts
    const swing = await file('小区的秋千断了一根链子', 'dept.housing');
    const skate = [await file('滑板少年夜里太吵', 'dept.housing'), await file('广场上玩滑板的人很多', 'dept.housing')];
    for (const sort of ['time', 'deadline']) expect(new Set(await ids(supervisor, { q: '秋千', sort }))).toEqual(new Set([both.id, swing.id]));
    const relevance = [both.id, swing.id, skate[1]?.id, skate[0]?.id];
    expect(await ids(supervisor, { q: '滑板 秋千', sort: 'relevance' })).toEqual(relevance);
    const paged: string[] = [];
    let cursor: string | null = null;
    for (let n = 0; n < 4; n++) {
      const res = await t.request('GET', `/api/v1/tickets?${new URLSearchParams({ q: '滑板 秋千', sort: 'relevance', limit: '1', ...(cursor ? { cursor } : {}) })}`, { token: supervisor });
      paged.push(...res.body.items.map((x: { id: string }) => x.id));
      cursor = res.body.nextCursor;
    }
    expect(paged).toEqual(relevance);
  });

  it('refuses an over-long query with a code, and a 10,000-character one before it reaches the route', async () => {
    const long = await t.request('GET', `/api/v1/tickets?q=${'a'.repeat(200)}`, { token: supervisor });
    expect(long.status).toBe(400);
    expect(long.body.code).toBe('VALIDATION_FAILED');
    // Past 4,096 characters of URL the server refuses the request line itself, in the API's error shape.
    const res = await t.request('GET', `/api/v1/tickets?q=${'a'.repeat(10_000)}`, { token: supervisor });
    expect(res.status).toBe(414);
    expect(res.body.code).toBe('URI_TOO_LONG');
    // 10,000 Han characters are 90 KB of URL: refused before the app too (414 or 431), still no 500.
    const han = await t.request('GET', `/api/v1/tickets?q=${encodeURIComponent('井'.repeat(10_000))}`, { token: supervisor });
    expect([414, 431]).toContain(han.status);
  });
});
