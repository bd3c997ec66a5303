import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KnowledgeEntryEntity } from '../src/database/entities.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('the knowledge base', () => {
  let t: TestApp;
  let admin: string;
  let operator: string;
  let supervisor: string;
  let handler: string;
  let resident: string;
  let heatingCategory: string;
  let otherCategory: string;

  const create = async (body: Record<string, unknown>) => {
    const res = await t.request('POST', '/api/v1/knowledge', { token: admin, body });
    if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; title: string };
  };
  const search = (query: string, token = operator) => t.request('GET', `/api/v1/knowledge?${query}`, { token });
  const titles = (body: { title: string }[]) => body.map((e) => e.title);

  beforeAll(async () => {
    t = await startTestApp();
    admin = (await t.login('admin')).token;
    operator = (await t.login('operator')).token;
    supervisor = (await t.login('supervisor')).token;
    handler = (await t.login('handler.co.heating')).token;
    resident = (await t.resident('knowledge-reader')).token;
    const categories = await t.request('GET', '/api/v1/categories', { token: admin });
    heatingCategory = categories.body.find((c: { level3: string }) => c.level3 === '冬季采暖').id;
    otherCategory = categories.body.find((c: { level1: string; level3: string }) => c.level3 !== '冬季采暖').id;
  });
  afterAll(() => t.close());

  it('lets an admin create, read and edit an entry', async () => {
    const created = await t.request('POST', '/api/v1/knowledge', {
      token: admin,
      body: { title: '  供暖期起止时间  ', content: '本市供暖期为每年10月15日至次年4月15日。', categoryId: heatingCategory, keywords: '采暖 暖气' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: '供暖期起止时间', categoryId: heatingCategory, keywords: '采暖 暖气', active: true });
    expect(created.body.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);

    const read = await t.request('GET', `/api/v1/knowledge/${created.body.id}`, { token: operator });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const patched = await t.request('PATCH', `/api/v1/knowledge/${created.body.id}`, { token: admin, body: { content: '供暖期：10月15日至次年4月15日，遇寒潮可提前。' } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ title: '供暖期起止时间', content: '供暖期：10月15日至次年4月15日，遇寒潮可提前。' });
    expect(new Date(patched.body.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(created.body.updatedAt).getTime());
    const row = await t.db.getRepository(KnowledgeEntryEntity).findOneByOrFail({ id: created.body.id });
    expect(row.content).toBe(patched.body.content);
    expect((await t.request('GET', `/api/v1/knowledge/${created.body.id}`, { token: supervisor })).body).toEqual(patched.body);
    // the index follows the edit: the new word is found, the removed one no longer
    expect(titles((await search(`q=${encodeURIComponent('寒潮')}`)).body)).toEqual(['供暖期起止时间']);
    expect(titles((await search(`q=${encodeURIComponent('本市')}`)).body)).toEqual([]);
  });

  it('searches Chinese terms over title, keywords and content, title hits first, every term required', async () => {
    const inContent = await create({ title: '物业费收费标准', content: '住宅物业费按政府指导价执行，供暖费另计。', keywords: '物业' });
    const inKeywords = await create({ title: '室温不达标怎么办', content: '室温低于18度可拨打热力公司电话报修。', keywords: '供暖 室温', categoryId: heatingCategory });
    const inTitle = await create({ title: '供暖费缴纳方式', content: '可在热力公司营业厅或线上缴纳。', keywords: '缴费', categoryId: heatingCategory });
    await create({ title: '停水通知查询', content: '计划停水提前24小时公告。', keywords: '停水', categoryId: otherCategory });

    const res = await search(`q=${encodeURIComponent('供暖')}&limit=50`);
    expect(res.status).toBe(200);
    const found = titles(res.body);
    expect(found).toEqual(expect.arrayContaining(['供暖费缴纳方式', '室温不达标怎么办', '物业费收费标准']));
    expect(found).not.toContain('停水通知查询');
    // title hits, then keyword hits, then content hits
    expect(found.indexOf(inTitle.title)).toBeLessThan(found.indexOf(inKeywords.title));
    expect(found.indexOf(inKeywords.title)).toBeLessThan(found.indexOf(inContent.title));

    // every term must appear somewhere
    const both = await search(`q=${encodeURIComponent('供暖  缴纳')}`);
    expect(titles(both.body)).toEqual(['供暖费缴纳方式']);
    // filtered by category
    const heating = await search(`q=${encodeURIComponent('供暖')}&categoryId=${heatingCategory}`);
    expect(titles(heating.body)).not.toContain('物业费收费标准');
    expect(titles(heating.body)).toEqual(expect.arrayContaining(['供暖费缴纳方式', '室温不达标怎么办']));
    // limit
    expect((await search(`q=${encodeURIComponent('供暖')}&limit=1`)).body).toHaveLength(1);
    // no match
    expect((await search(`q=${encodeURIComponent('不存在的词')}`)).body).toEqual([]);
    // no query lists newest first
    const all = await search('limit=50');
    expect(all.body.length).toBeGreaterThanOrEqual(4);
    expect(all.body[0].title).toBe('停水通知查询');
  });

  it('reads the query as text: wildcards and operators are no syntax, words around them are still found', async () => {
    await create({ title: '降温补贴100%发放', content: '高温补贴按月发放。', keywords: 'a_b' });
    expect(titles((await search(`q=${encodeURIComponent('100%')}`)).body)).toEqual(['降温补贴100%发放']);
    expect(titles((await search('q=a_b')).body)).toEqual(['降温补贴100%发放']);
    expect(titles((await search(`q=${encodeURIComponent('+高温 -补贴*')}`)).body)).toEqual(['降温补贴100%发放']);
    expect(titles((await search(`q=${encodeURIComponent('"降温补贴')}`)).body)).toEqual(['降温补贴100%发放']);
    // characters in a row, however the segmenter cut the title
    expect(titles((await search(`q=${encodeURIComponent('温补')}`)).body)).toEqual(['降温补贴100%发放']);
    for (const q of ['%', '_', '!', '*', '"', '(', ')', '~', '<>', '+-']) {
      const res = await search(`q=${encodeURIComponent(q)}`);
      expect({ q, status: res.status, body: res.body }).toEqual({ q, status: 200, body: [] });
    }
  });

  it('hides inactive entries from everyone but admins', async () => {
    const entry = await create({ title: '已废止的供暖政策', content: '旧政策内容', active: false });
    expect((await t.request('GET', `/api/v1/knowledge/${entry.id}`, { token: operator })).body.code).toBe('KNOWLEDGE_NOT_FOUND');
    expect((await t.request('GET', `/api/v1/knowledge/${entry.id}`, { token: admin })).status).toBe(200);
    expect(titles((await search(`q=${encodeURIComponent('废止')}`)).body)).toEqual([]);
    expect(titles((await search(`q=${encodeURIComponent('废止')}&includeInactive=true`)).body)).toEqual([]);
    expect(titles((await search(`q=${encodeURIComponent('废止')}&includeInactive=true`, admin)).body)).toEqual(['已废止的供暖政策']);
    const revived = await t.request('PATCH', `/api/v1/knowledge/${entry.id}`, { token: admin, body: { active: true } });
    expect(revived.body.active).toBe(true);
    expect(titles((await search(`q=${encodeURIComponent('废止')}`)).body)).toEqual(['已废止的供暖政策']);
  });

  it('lets only admins write, and writes nothing when refused', async () => {
    const entry = await create({ title: '燃气报修电话', content: '燃气泄漏请立即拨打119及燃气公司电话。' });
    const before = await t.count(KnowledgeEntryEntity);
    for (const token of [operator, supervisor, handler, resident]) {
      const post = await t.request('POST', '/api/v1/knowledge', { token, body: { title: '越权条目', content: '不应写入' } });
      expect(post.status).toBe(403);
      expect(post.body.code).toBe('FORBIDDEN');
      const patch = await t.request('PATCH', `/api/v1/knowledge/${entry.id}`, { token, body: { title: '被篡改' } });
      expect(patch.status).toBe(403);
    }
    expect(await t.count(KnowledgeEntryEntity)).toBe(before);
    expect((await t.db.getRepository(KnowledgeEntryEntity).findOneByOrFail({ id: entry.id })).title).toBe('燃气报修电话');
    // reading is for centre staff only
    expect((await search('q=x', handler)).status).toBe(403);
    expect((await search('q=x', resident)).status).toBe(403);
    expect((await t.request('GET', `/api/v1/knowledge/${entry.id}`, { token: resident })).status).toBe(403);
    expect((await t.request('GET', '/api/v1/knowledge')).status).toBe(401);
  });

  it('refuses invalid input with field details and writes nothing', async () => {
    const before = await t.count(KnowledgeEntryEntity);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ content: '缺少标题' }, 'VALIDATION_FAILED', 'title'],
      [{ title: '   ', content: '空白标题' }, 'VALIDATION_FAILED', 'title'],
      [{ title: '标'.repeat(101), content: '标题过长' }, 'VALIDATION_FAILED', 'title'],
      [{ title: '关键词过长', content: 'x', keywords: '词'.repeat(201) }, 'VALIDATION_FAILED', 'keywords'],
      [{ title: '分类格式', content: 'x', categoryId: 'not-an-id' }, 'VALIDATION_FAILED', 'categoryId'],
      [{ title: '未知分类', content: 'x', categoryId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }, 'VALIDATION_FAILED', 'categoryId'],
      [{ title: '多余字段', content: 'x', score: 5 }, 'UNKNOWN_FIELD', ''],
    ];
    for (const [body, code, path] of cases) {
      const res = await t.request('POST', '/api/v1/knowledge', { token: admin, body });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code });
      if (path) expect(res.body.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect(await t.count(KnowledgeEntryEntity)).toBe(before);

    expect((await search('limit=0')).status).toBe(400);
    expect((await search('limit=51')).status).toBe(400);
    expect((await search('categoryId=nope')).status).toBe(400);
    expect((await search(`q=${'x'.repeat(101)}`)).status).toBe(400);
    expect((await search('foo=bar')).body.code).toBe('UNKNOWN_FIELD');
  });

  it('answers an unknown entry with 404 KNOWLEDGE_NOT_FOUND', async () => {
    for (const id of ['01ARZ3NDEKTSV4RRFFQ69G5FAV', 'nope']) {
      const get = await t.request('GET', `/api/v1/knowledge/${id}`, { token: operator });
      expect({ status: get.status, code: get.body.code, message: get.body.message }).toEqual({ status: 404, code: 'KNOWLEDGE_NOT_FOUND', message: '知识库条目不存在' });
      const patch = await t.request('PATCH', `/api/v1/knowledge/${id}`, { token: admin, body: { title: '改' } });
      expect({ status: patch.status, code: patch.body.code }).toEqual({ status: 404, code: 'KNOWLEDGE_NOT_FOUND' });
    }
  });
});
