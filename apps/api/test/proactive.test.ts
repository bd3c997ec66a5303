import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId } from '../src/common/ids.js';
import { AttachmentsService } from '../src/attachments/attachments.service.js';
import { AttachmentEntity, TicketEntity } from '../src/database/entities.js';
import { addDays, chinaDayOf, chinaMidnight } from '../src/proactive/hotspots.js';
import { TopicReportEntity, TopicTicketEntity } from '../src/proactive/proactive.entities.js';
import { TopicTagger } from '../src/proactive/topic-tagger.js';
import { currentMonth } from '../src/proactive/topics.service.js';
import { ulid } from 'ulid';
import { solid, upload } from './support/images.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** 未诉先办 over HTTP: the monthly topic's four stages with the right roles and refusals, tagging, hot spots, the screen. */
describe('proactive: hot spots, 每月一题 and the big screen', () => {
  let t: TestApp;
  let operator: string;
  let supervisor: string;
  const handler: Record<string, string> = {};
  const unit: Record<string, string> = {};
  let categories: { id: string; level3: string }[];
  const CODES = ['620201001', 'co.power', 'co.water', 'co.heating', 'dept.housing', 'dept.ecology', 'dept.urban_management'];

  beforeAll(async () => {
    t = await startTestApp({ TOPIC_TAG_INTERVAL_MS: '0' });
    operator = (await t.login('operator')).token;
    supervisor = (await t.login('supervisor')).token;
    for (const u of (await t.request('GET', '/api/v1/units', { token: operator })).body) unit[u.code] = u.id;
    for (const code of CODES) handler[code] = (await t.login(`handler.${code}`)).token;
    categories = (await t.request('GET', '/api/v1/categories', { token: operator })).body;
  });
  afterAll(() => t?.close());

  const category = (level3: string) => categories.find((c) => c.level3 === level3)!.id;

  describe('the demo topics', () => {
    it('are seeded for this month, each visible to its own units only', async () => {
      const all = await t.request('GET', '/api/v1/proactive/topics', { token: supervisor });
      expect(all.status).toBe(200);
      const byTitle = new Map(all.body.map((x: { title: string }) => [x.title, x]));
      expect(byTitle.get('暖气不热')).toMatchObject({ month: currentMonth(), status: 'assigned', leadUnitId: unit['dept.housing'], cooperatingUnitIds: [unit['co.heating']] });
      expect(byTitle.get('噪声扰民')).toMatchObject({ leadUnitId: unit['dept.urban_management'], cooperatingUnitIds: [unit['dept.ecology'], unit['dept.market']] });
      // the seeded 暖气 appeal was tagged when the topic was created
      expect((byTitle.get('暖气不热') as { taggedTickets: number }).taggedTickets).toBeGreaterThanOrEqual(1);
      const heating = await t.request('GET', '/api/v1/proactive/topics', { token: handler['co.heating'] });
      expect(heating.body.map((x: { title: string }) => x.title)).toEqual(['暖气不热']);
      const ecology = await t.request('GET', '/api/v1/proactive/topics', { token: handler['dept.ecology'] });
      expect(ecology.body.map((x: { title: string }) => x.title)).toEqual(['噪声扰民']);
    });
  });

  describe('选题 → 交题 → 答题 → 评题', () => {
    let id: string;
    let version: number;
    const rule = () => ({ categoryIds: [category('城市公共设施')], words: ['路灯'], communityIds: [] });

    it('选题: only a supervisor creates; the appeals of the month so far are tagged', async () => {
      const body = { title: '路灯不亮', problem: '多处路灯长期不亮，夜间出行不便。', month: currentMonth(), rule: rule(), source: { kind: 'rising', count: 7 } };
      const before = await t.request('GET', '/api/v1/proactive/topics', { token: supervisor });
      expect((await t.request('POST', '/api/v1/proactive/topics', { token: operator, body })).status).toBe(403);
      expect((await t.request('POST', '/api/v1/proactive/topics', { token: handler['620201001'], body })).status).toBe(403);
      const vague = await t.request('POST', '/api/v1/proactive/topics', { token: supervisor, body: { ...body, rule: { categoryIds: [], words: [], communityIds: [] } } });
      expect([vague.status, vague.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      const unknown = await t.request('POST', '/api/v1/proactive/topics', { token: supervisor, body: { ...body, extra: 1 } });
      expect(unknown.status).toBe(400);
      expect((await t.request('GET', '/api/v1/proactive/topics', { token: supervisor })).body).toHaveLength(before.body.length);

      const res = await t.request('POST', '/api/v1/proactive/topics', { token: supervisor, body });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'selected', version: 1, source: { kind: 'rising', count: 7 } });
      // the demo appeal about a broken street light (城市公共设施, "路灯坏了")
      expect(res.body.taggedTickets).toBe(1);
      id = res.body.id;
      version = res.body.version;
    });

    it('交题: a lead and cooperating units, a standard and a deadline; stale versions and early verdicts are refused', async () => {
      const evaluate = await t.request('POST', `/api/v1/proactive/topics/${id}/evaluate`, { token: supervisor, body: { version, verdict: 'solved', note: '太早了' } });
      expect([evaluate.status, evaluate.body.code]).toEqual([409, 'TOPIC_STATE_INVALID']);
      const body = { version, leadUnitId: unit['620201001'], cooperatingUnitIds: [unit['co.power']], standard: '所有报修路灯 3 日内恢复照明', deadline: addDays(chinaDayOf(new Date()), 20) };
      expect((await t.request('POST', `/api/v1/proactive/topics/${id}/assign`, { token: operator, body })).status).toBe(403);
      const stale = await t.request('POST', `/api/v1/proactive/topics/${id}/assign`, { token: supervisor, body: { ...body, version: version + 5 } });
      expect([stale.status, stale.body.code]).toEqual([409, 'VERSION_CONFLICT']);
      const nowhere = await t.request('POST', `/api/v1/proactive/topics/${id}/assign`, { token: supervisor, body: { ...body, leadUnitId: newId() } });
      expect([nowhere.status, nowhere.body.code]).toEqual([404, 'UNIT_NOT_FOUND']);
      const res = await t.request('POST', `/api/v1/proactive/topics/${id}/assign`, { token: supervisor, body });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'assigned', leadUnitId: unit['620201001'], cooperatingUnits: [{ id: unit['co.power'] }], version: version + 1 });
      version = res.body.version;
    });

    it('答题: the units taking part see and report; a unit not involved can neither see nor report', async () => {
      const outsider = handler['co.water'];
      expect((await t.request('GET', `/api/v1/proactive/topics/${id}`, { token: outsider })).body.code).toBe('TOPIC_NOT_FOUND');
      const refused = await t.request('POST', `/api/v1/proactive/topics/${id}/reports`, { token: outsider, body: { content: '我们也来汇报' } });
      expect([refused.status, refused.body.code]).toEqual([404, 'TOPIC_NOT_FOUND']);
      expect((await t.request('GET', `/api/v1/proactive/topics/${id}/evaluation`, { token: outsider })).status).toBe(404);
      expect((await t.request('GET', '/api/v1/proactive/topics', { token: outsider })).body.map((x: { id: string }) => x.id)).not.toContain(id);
      expect(await t.db.getRepository(TopicReportEntity).countBy({ topicId: id })).toBe(0);
      // centre staff read but do not report
      expect((await t.request('POST', `/api/v1/proactive/topics/${id}/reports`, { token: supervisor, body: { content: '督办' } })).status).toBe(403);

      const lead = await t.request('POST', `/api/v1/proactive/topics/${id}/reports`, { token: handler['620201001'], body: { content: '已排查辖区路灯 120 盏，修复 18 盏。' } });
      expect(lead.status).toBe(201);
      const helper = await t.request('POST', `/api/v1/proactive/topics/${id}/reports`, { token: handler['co.power'], body: { content: '已恢复 3 处路灯供电线路。' } });
      expect(helper.status).toBe(201);
      const seen = await t.request('GET', `/api/v1/proactive/topics/${id}`, { token: handler['co.power'] });
      expect(seen.status).toBe(200);
      expect(seen.body.status).toBe('answering');
      expect(seen.body.reports.map((r: { unitId: string }) => r.unitId)).toEqual([unit['620201001'], unit['co.power']]);
      version = seen.body.version;
    });

    it('答题 with photos: a report takes its author’s uploads once, in its own transaction; a refused photo leaves no report', async () => {
      const lead = handler['620201001']!;
      const reports = () => t.db.getRepository(TopicReportEntity).countBy({ topicId: id });
      const before = await reports();
      const mine = [(await upload(t, lead, await solid(320, 240, 11).jpeg().toBuffer())).body.id, (await upload(t, lead, await solid(300, 200, 12).jpeg().toBuffer())).body.id];
      expect(new Set(mine).size).toBe(2);
      const theirs = (await upload(t, handler['co.power']!, await solid(280, 210, 13).jpeg().toBuffer())).body.id;
      const foreign = await t.request('POST', `/api/v1/proactive/topics/${id}/reports`, { token: lead, body: { content: '附上别人的照片', attachmentIds: [mine[0], theirs] } });
      expect([foreign.status, foreign.body.code, foreign.body.details[0].path]).toEqual([400, 'VALIDATION_FAILED', 'attachmentIds']);
      expect(await reports()).toBe(before);
      expect(await t.db.getRepository(AttachmentEntity).findOneBy({ id: mine[0] })).toMatchObject({ topicReportId: null, ticketId: null });
      const tooMany = await t.request('POST', `/api/v1/proactive/topics/${id}/reports`, { token: lead, body: { content: '十张照片', attachmentIds: Array.from({ length: 10 }, () => mine[0]) } });
      expect(tooMany.status).toBe(400);

      const res = await t.request('POST', `/api/v1/proactive/topics/${id}/reports`, { token: lead, body: { content: '新装路灯 12 盏，见照片。', attachmentIds: mine } });
      expect(res.status).toBe(201);
      expect(res.body.photos.map((ph: { id: string }) => ph.id)).toEqual(mine);
      expect(res.body.unitName).toBeTruthy();
      expect(await t.db.getRepository(AttachmentEntity).countBy({ topicReportId: res.body.id })).toBe(2);
      // a photo is used once
      const again = await t.request('POST', `/api/v1/proactive/topics/${id}/reports`, { token: lead, body: { content: '再用一次', attachmentIds: [mine[1]] } });
      expect([again.status, again.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(await reports()).toBe(before + 1);

      // the cooperating unit reads the report with its photos through the signed URLs, without a bearer token
      const seen = await t.request('GET', `/api/v1/proactive/topics/${id}`, { token: handler['co.power'] });
      const shown = seen.body.reports.find((r: { id: string }) => r.id === res.body.id);
      expect(shown.photos).toHaveLength(2);
      const thumb = await fetch(`${t.baseUrl}${shown.photos[0].thumbnailUrl}`);
      expect([thumb.status, thumb.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
      // the sweep of abandoned uploads leaves a report's photos alone (the other unit's unused one goes)
      await t.app.get(AttachmentsService).sweepUnattached(new Date(Date.now() + 3_600_000));
      expect(await t.db.getRepository(AttachmentEntity).countBy({ topicReportId: res.body.id })).toBe(2);
      expect(await t.db.getRepository(AttachmentEntity).countBy({ id: theirs })).toBe(0);
    });

    it('答题: a new matching appeal is tagged by the background pass, once; untagged by hand it stays off; tagged again by hand', async () => {
      const resident = (await t.resident('topic-resident')).token;
      const file = async (description: string) => {
        const res = await t.request('POST', '/api/v1/tickets', {
          token: resident,
          body: { type: 'complaint', description, location: { lat: 39.8023, lng: 98.2901, coordSystem: 'gcj02', address: '雄关区新华中路' }, confidential: false },
        });
        expect(res.status).toBe(201);
        return res.body.id as string;
      };
      const lamp = await file('楼下的路灯坏了好几天，晚上很黑');
      const other = await file('小区门口的垃圾桶满了没人清理');
      const tags = () => t.db.getRepository(TopicTicketEntity).find({ where: { topicId: id } });
      expect((await tags()).map((x) => x.ticketId)).not.toContain(lamp);

      const tagger = t.app.get(TopicTagger);
      const first = await tagger.tagNew();
      expect(first.read).toBeGreaterThanOrEqual(2);
      const afterFirst = await tags();
      expect(afterFirst.filter((x) => x.ticketId === lamp)).toMatchObject([{ source: 'auto', removedAt: null }]);
      expect(afterFirst.map((x) => x.ticketId)).not.toContain(other);
      await tagger.tagNew();
      expect(await tags()).toHaveLength(afterFirst.length);

      const listed = await t.request('GET', `/api/v1/proactive/topics/${id}/tickets`, { token: handler['620201001'] });
      expect(listed.body.map((x: { ticketId: string }) => x.ticketId)).toContain(lamp);

      expect((await t.request('DELETE', `/api/v1/proactive/topics/${id}/tickets/${lamp}`, { token: handler['co.water'] })).status).toBe(404);
      expect((await t.request('DELETE', `/api/v1/proactive/topics/${id}/tickets/${lamp}`, { token: operator })).status).toBe(204);
      await tagger.tagNew();
      const gone = await t.request('GET', `/api/v1/proactive/topics/${id}/tickets`, { token: operator });
      expect(gone.body.map((x: { ticketId: string }) => x.ticketId)).not.toContain(lamp);

      const missing = await t.request('POST', `/api/v1/proactive/topics/${id}/tickets`, { token: operator, body: { ticketId: newId() } });
      expect([missing.status, missing.body.code]).toEqual([404, 'TICKET_NOT_FOUND']);
      expect((await t.request('POST', `/api/v1/proactive/topics/${id}/tickets`, { token: operator, body: { ticketId: other } })).status).toBe(204);
      expect((await t.request('POST', `/api/v1/proactive/topics/${id}/tickets`, { token: operator, body: { ticketId: lamp } })).status).toBe(204);
      const back = await t.request('GET', `/api/v1/proactive/topics/${id}/tickets`, { token: operator });
      expect(back.body.map((x: { ticketId: string }) => x.ticketId)).toEqual(expect.arrayContaining([lamp, other]));

      // an appeal classified after filing is picked up by a re-tag on demand (the tagger read it once, unclassified)
      const classified = await file('小区门口灯杆倒了');
      await tagger.tagNew();
      expect((await tags()).map((x) => x.ticketId)).not.toContain(classified);
      await t.db.getRepository(TicketEntity).update({ id: classified }, { categoryId: category('城市公共设施') });
      expect((await t.request('POST', `/api/v1/proactive/topics/${id}/retag`, { token: handler['620201001'] })).status).toBe(403);
      const retag = await t.request('POST', `/api/v1/proactive/topics/${id}/retag`, { token: supervisor });
      expect(retag.status).toBe(200);
      expect((await tags()).find((x) => x.ticketId === classified)).toMatchObject({ source: 'auto', removedAt: null });
      // untagged by hand, a re-tag does not put it back
      expect((await t.request('DELETE', `/api/v1/proactive/topics/${id}/tickets/${classified}`, { token: operator })).status).toBe(204);
      await t.request('POST', `/api/v1/proactive/topics/${id}/retag`, { token: supervisor });
      expect((await tags()).find((x) => x.ticketId === classified)?.removedAt).not.toBeNull();
    });

    it('答题: two API processes tagging at once tag each new appeal once', async () => {
      const second = await startTestApp({ TOPIC_TAG_INTERVAL_MS: '0' }, t);
      try {
        const resident = (await t.resident('topic-resident-2')).token;
        const filed: string[] = [];
        for (let i = 0; i < 3; i++) {
          const res = await t.request('POST', '/api/v1/tickets', {
            token: resident,
            body: { type: 'complaint', description: `第${i + 1}栋楼前路灯不亮`, location: { lat: 39.8023, lng: 98.2901, coordSystem: 'gcj02', address: '雄关区新华中路' }, confidential: false },
          });
          filed.push(res.body.id);
        }
        await Promise.all([t.app.get(TopicTagger).tagNew(), second.app.get(TopicTagger).tagNew(), t.app.get(TopicTagger).tagNew()]);
        const rows = await t.db.getRepository(TopicTicketEntity).find({ where: { topicId: id } });
        expect(rows.filter((r) => filed.includes(r.ticketId))).toHaveLength(3);
        // untagged again: the evaluation below counts tags and matches apart
        for (const ticketId of filed) expect((await t.request('DELETE', `/api/v1/proactive/topics/${id}/tickets/${ticketId}`, { token: operator })).status).toBe(204);
      } finally {
        await second.close();
      }
    });

    it('评题: this month against the months before, the reports, and a verdict only a supervisor records', async () => {
      const ev = await t.request('GET', `/api/v1/proactive/topics/${id}/evaluation`, { token: supervisor });
      expect(ev.status).toBe(200);
      expect(ev.body.months).toHaveLength(4);
      const thisMonth = ev.body.months.at(-1);
      // matching the rule, tagged or not: the demo appeal and the one classified later (城市公共设施), and the four
      // unclassified ones by their words
      expect(thisMonth.month).toBe(currentMonth());
      expect(thisMonth.matching).toBe(6);
      expect(thisMonth.tagged).toBe(3);
      expect(ev.body.reports).toHaveLength(3);
      expect(ev.body.reports.map((r: { photos: unknown[] }) => r.photos.length)).toEqual([0, 0, 2]);

      const body = { version, verdict: 'partly_solved', note: '主干道路灯已修复，背街小巷仍需跟进。' };
      expect((await t.request('POST', `/api/v1/proactive/topics/${id}/evaluate`, { token: handler['620201001'], body })).status).toBe(403);
      const res = await t.request('POST', `/api/v1/proactive/topics/${id}/evaluate`, { token: supervisor, body });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'evaluated', verdict: 'partly_solved' });
      const again = await t.request('POST', `/api/v1/proactive/topics/${id}/evaluate`, { token: supervisor, body: { ...body, version: res.body.version } });
      expect([again.status, again.body.code]).toEqual([409, 'TOPIC_STATE_INVALID']);
      const late = await t.request('POST', `/api/v1/proactive/topics/${id}/reports`, { token: handler['620201001'], body: { content: '补充汇报' } });
      expect([late.status, late.body.code]).toEqual([409, 'TOPIC_STATE_INVALID']);
      expect(await t.db.getRepository(TopicReportEntity).countBy({ topicId: id })).toBe(3);
    });
  });

  describe('hot spots on planted data', () => {
    // 40 days ago: clear of the demo appeals filed today
    const day = addDays(chinaDayOf(new Date()), -40);
    let community: string;
    let seq = 0;
    const plant = async (categoryId: string, on: string, description: string, extra: Partial<TicketEntity> = {}) => {
      const at = new Date(chinaMidnight(on).getTime() + 10 * 3_600_000 + seq * 1000);
      seq++;
      await t.db.getRepository(TicketEntity).insert({
        // as if filed then: ids are made at filing, and the queries range over them
        id: ulid(at.getTime()),
        number: `P${String(seq).padStart(8, '0')}`,
        status: 'closed',
        version: 1,
        channel: 'phone',
        type: 'complaint',
        categoryId,
        description,
        communityId: community,
        createdAt: at,
        updatedAt: at,
        ...extra,
      });
    };

    beforeAll(async () => {
      community = unit['620201001001']!;
      const heating = category('冬季采暖');
      const lights = category('城市公共设施');
      for (let d = 1; d <= 8; d++) {
        await plant(heating, addDays(day, -d), '暖气有点问题');
        for (let i = 0; i < 2; i++) await plant(lights, addDays(day, -d), '路灯不亮');
      }
      for (let i = 0; i < 10; i++) await plant(heating, day, '家里暖气不热，室温只有十几度');
      for (let i = 0; i < 2; i++) await plant(lights, day, '路灯不亮');
    });

    it('counts by category × community × day and week', async () => {
      const q = `from=${addDays(day, -8)}&to=${day}&communityId=${community}`;
      const days = await t.request('GET', `/api/v1/proactive/hotspots/counts?grain=day&${q}`, { token: operator });
      expect(days.status).toBe(200);
      expect(days.body.rows.find((r: { bucket: string; categoryId: string }) => r.bucket === day && r.categoryId === category('冬季采暖'))).toMatchObject({ n: 10, communityId: community, categoryName: expect.stringContaining('冬季采暖') });
      const weeks = await t.request('GET', `/api/v1/proactive/hotspots/counts?grain=week&${q}`, { token: operator });
      const total = weeks.body.rows.reduce((s: number, r: { n: number }) => s + r.n, 0);
      expect(total).toBe(8 + 16 + 10 + 2);
      expect((await t.request('GET', `/api/v1/proactive/hotspots/counts?grain=day&${q}`, { token: handler['co.water'] })).status).toBe(403);
      const backwards = await t.request('GET', `/api/v1/proactive/hotspots/counts?grain=day&from=${day}&to=${addDays(day, -1)}`, { token: operator });
      expect([backwards.status, backwards.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    });

    it('finds the planted spike and not the steady category', async () => {
      const res = await t.request('GET', `/api/v1/proactive/hotspots/rising?from=${day}&to=${day}`, { token: supervisor });
      expect(res.status).toBe(200);
      const found = res.body.rising.map((r: { categoryId: string; communityId: string | null }) => [r.categoryId, r.communityId]);
      expect(found).toEqual(expect.arrayContaining([[category('冬季采暖'), null], [category('冬季采暖'), community]]));
      expect(found.filter(([c]: [string]) => c !== category('冬季采暖'))).toEqual([]);
      const quiet = await t.request('GET', `/api/v1/proactive/hotspots/rising?from=${addDays(day, -1)}&to=${addDays(day, -1)}`, { token: supervisor });
      expect(quiet.body.rising).toEqual([]);
    });

    it('lists the words of the day against the day before', async () => {
      const res = await t.request('GET', `/api/v1/proactive/hotspots/terms?from=${day}&to=${day}&limit=20`, { token: supervisor });
      expect(res.status).toBe(200);
      expect(res.body.appeals).toBe(12);
      expect(res.body.terms[0].count).toBe(10);
      expect(res.body.terms.find((x: { term: string }) => x.term === '暖气')).toMatchObject({ count: 10, previous: 1 });
      expect(res.body.terms.find((x: { term: string }) => x.term === '室温')).toMatchObject({ count: 10, previous: 0, lift: null });
    });

    it('finds open appeals of one category close together as a spot', async () => {
      const noise = category('噪音污染');
      const recent = addDays(chinaDayOf(new Date()), -2);
      for (let i = 0; i < 4; i++) await plant(noise, recent, '夜间施工噪音', { status: 'dispatched', wgs84Lat: 39.7731 + i * 0.0002, wgs84Lng: 98.2773 + i * 0.0002 });
      // closed appeals at the same place do not count
      await plant(noise, recent, '夜间施工噪音', { status: 'closed', wgs84Lat: 39.7731, wgs84Lng: 98.2773 });
      const res = await t.request('GET', `/api/v1/proactive/hotspots/spots?categoryId=${noise}`, { token: supervisor });
      expect(res.status).toBe(200);
      expect(res.body.spots).toHaveLength(1);
      expect(res.body.spots[0]).toMatchObject({ categoryId: noise, count: 4 });
      // the centre in the boundaries' system (GCJ-02 lies a few hundred metres off WGS-84 in Jiayuguan)
      const { lat, lng, gcj02 } = res.body.spots[0];
      expect(Math.abs(gcj02.lat - lat)).toBeGreaterThan(0.0005);
      expect(Math.abs(gcj02.lng - lng)).toBeGreaterThan(0.0005);
    });
  });

  describe('the big screen', () => {
    it("summarises today, this month and the current topic for centre staff only", async () => {
      expect((await t.request('GET', '/api/v1/proactive/screen', { token: handler['co.heating'] })).status).toBe(403);
      const res = await t.request('GET', '/api/v1/proactive/screen', { token: supervisor });
      expect(res.status).toBe(200);
      const filedToday = await t.db
        .getRepository(TicketEntity)
        .createQueryBuilder('t')
        .where('t.createdAt >= :start', { start: chinaMidnight(chinaDayOf(new Date())) })
        .getCount();
      expect(res.body.today).toMatchObject({ date: chinaDayOf(new Date()), received: filedToday });
      // the seed dispatches three demo appeals today
      expect(res.body.today.dispatched).toBeGreaterThanOrEqual(3);
      expect(res.body.trend).toHaveLength(30);
      expect(res.body.trend.at(-1)).toEqual({ date: chinaDayOf(new Date()), count: filedToday });
      expect(res.body.categories.level1.length).toBeGreaterThan(0);
      expect(res.body.rates).toMatchObject({ response: expect.any(Object), completion: expect.any(Object), satisfaction: expect.any(Object) });
      expect(['暖气不热', '噪声扰民']).toContain(res.body.topic.title);
      // the unit ranking is the assessment's, in rank order
      const ranked = await t.request('GET', `/api/v1/assessment/rates/units?period=month&date=${chinaDayOf(new Date())}`, { token: supervisor });
      const expected = ranked.body.rows.filter((r: { rank: number | null }) => r.rank !== null).sort((a: { rank: number }, b: { rank: number }) => a.rank - b.rank).slice(0, 10);
      expect(res.body.units.map((u: { id: string }) => u.id)).toEqual(expected.map((r: { key: string }) => r.key));
      // open appeals of the last week with a place: the planted noise spot (4, two days ago) at least, in GCJ-02
      expect(res.body.points.length).toBeGreaterThanOrEqual(4);
      expect(res.body.points[0]).toEqual({ lat: expect.any(Number), lng: expect.any(Number), category: expect.any(String) });
    });
  });

  it('creates the topic tables by migration exactly as the entities describe them (MySQL/MariaDB)', async () => {
    if (t.driver !== 'mysql') return;
    const pending = await t.db.driver.createSchemaBuilder().log();
    // MariaDB reports nullable columns' default as the string 'NULL', so TypeORM always wants to redefine them (a
    // nullable json column, a longtext to MariaDB, by dropping and adding it): that noise aside, nothing may differ.
    // (attachments.topicReportId, the reports' photos, is checked with the rest of attachments in attachments-migration.test.ts)
    const noise = [/^ALTER TABLE `topic\w*` CHANGE `(\w+)` `\1` ([a-z0-9()]+|enum \([^)]*\)) NULL$/, /^ALTER TABLE `topics` (DROP COLUMN `source`|ADD `source` json NULL)$/];
    expect(pending.upQueries.map((q) => q.query).filter((q) => /(TABLE|ON) `topic/.test(q) && !noise.some((n) => n.test(q)))).toEqual([]);
  });
});
