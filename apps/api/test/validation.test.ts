import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LIMITS, TICKET_TYPES } from '@jyg12345/shared';
import { CalendarDayEntity, TicketEntity } from '../src/database/entities.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Request validation over HTTP: the OpenAPI document shows the constraints the DTOs enforce, and refusals name
 * each field and say in Chinese what is wrong, writing nothing.
 */
describe('request validation', () => {
  let t: TestApp;
  let resident: string;
  let operator: string;
  let admin: string;
  const JSON_TYPE = { 'content-type': 'application/json' };
  const appeal = { type: 'complaint', description: '小区供暖不热，室温只有十二度', confidential: false };

  beforeAll(async () => {
    t = await startTestApp();
    resident = (await t.resident('validation-resident')).token;
    operator = (await t.login('operator')).token;
    admin = (await t.login('admin')).token;
  });
  afterAll(() => t.close());

  it('documents each body with its constraints at /api/docs-json', async () => {
    const res = await t.request('GET', '/api/docs-json');
    expect(res.status).toBe(200);
    const schemas = res.body.components.schemas;
    const file = res.body.paths['/api/v1/tickets'].post.requestBody.content['application/json'].schema;
    expect(file.oneOf).toEqual([{ $ref: '#/components/schemas/CreateTicketDto' }, { $ref: '#/components/schemas/RegisterTicketDto' }]);

    const create = schemas.CreateTicketDto;
    expect(create.required).toEqual(expect.arrayContaining(['type', 'description']));
    expect(create.required).not.toContain('title');
    expect(create.properties.type).toMatchObject({ type: 'string', enum: [...TICKET_TYPES] });
    expect(create.properties.description).toMatchObject({ type: 'string', minLength: LIMITS.descriptionMin, maxLength: LIMITS.descriptionMax });
    expect(create.properties.attachmentIds).toMatchObject({ type: 'array', maxItems: LIMITS.photosPerTicket });
    expect(create.properties.location.$ref).toBe('#/components/schemas/LocationDto');
    expect(schemas.LocationDto.properties.lat).toMatchObject({ type: 'number', minimum: -90, maximum: 90 });
    expect(schemas.ContactDto.properties.phone.pattern).toBeDefined();

    expect(schemas.RegisterTicketDto.required).toEqual(expect.arrayContaining(['type', 'description', 'channel', 'categoryId']));
    expect(schemas.RegisterTicketDto.properties.channel.enum).toEqual(['phone', 'web', 'province']);
    expect(schemas.CreateCategoryDto.properties.replyDays).toMatchObject({ type: 'integer', minimum: 0, maximum: 60, nullable: true });
    expect(schemas.CreateStaffDto.properties.password).toMatchObject({ minLength: LIMITS.passwordMin, maxLength: LIMITS.passwordMax });
    expect(res.body.paths['/api/v1/units'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CreateUnitDto' });
  });

  it('names each field and says in Chinese what is wrong, and files nothing', async () => {
    const before = await t.count(TicketEntity);
    const res = await t.request('POST', '/api/v1/tickets', {
      token: resident,
      body: { ...appeal, type: 'rumour', description: '   太冷   ', location: { lat: 91, lng: 98.29, coordSystem: 'gcj02' }, contact: { phone: '12345' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        { path: 'type', message: `必须是以下之一：${TICKET_TYPES.join('、')}` },
        { path: 'description', message: '至少 5 个字符' },
        { path: 'location.lat', message: '不能大于 90' },
        { path: 'contact.phone', message: '电话号码格式不正确' },
      ]),
    );
    expect(res.body.details).toHaveLength(4);
    expect(await t.count(TicketEntity)).toBe(before);
  });

  it('refuses unknown fields, prototype keys included, with UNKNOWN_FIELD', async () => {
    const before = await t.count(TicketEntity);
    const extra = await t.request('POST', '/api/v1/tickets', { token: resident, body: { ...appeal, status: 'closed' } });
    expect([extra.status, extra.body.code, extra.body.details]).toEqual([400, 'UNKNOWN_FIELD', [{ path: 'status', message: '不支持的字段' }]]);
    const nested = await t.request('POST', '/api/v1/tickets', { token: resident, raw: JSON.stringify({ ...appeal, contact: { name: '王', constructor: 'x' } }), headers: JSON_TYPE });
    expect([nested.status, nested.body.code, nested.body.details]).toEqual([400, 'UNKNOWN_FIELD', [{ path: 'contact.constructor', message: '不支持的字段' }]]);
    const units = await t.request('POST', '/api/v1/units', { token: admin, raw: JSON.stringify({ code: 'x.1', name: '单位', kind: 'street', constructor: 1 }), headers: JSON_TYPE });
    expect([units.status, units.body.code]).toEqual([400, 'UNKNOWN_FIELD']);
    expect(await t.count(TicketEntity)).toBe(before);
  });

  it('refuses a body that is not an object, and one nested too deep, without a 5xx', async () => {
    for (const raw of ['[]', '"text"', '[{"type":"complaint"}]']) {
      const res = await t.request('POST', '/api/v1/units', { token: admin, raw, headers: JSON_TYPE });
      expect({ raw, status: res.status, code: res.body.code }).toEqual({ raw, status: 400, code: 'VALIDATION_FAILED' });
    }
    const deep = `{"type":"complaint","description":"小区供暖不热","title":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const res = await t.request('POST', '/api/v1/tickets', { token: resident, raw: deep, headers: JSON_TYPE });
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('operators must give a channel and a category; the defaults fill the rest', async () => {
    const missing = await t.request('POST', '/api/v1/tickets', { token: operator, body: appeal });
    expect(missing.status).toBe(400);
    expect(missing.body.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['channel', 'categoryId']));
    const residentFiles = await t.request('POST', '/api/v1/tickets', { token: resident, body: { type: 'help', description: '路灯不亮已经三天了' } });
    expect(residentFiles.status).toBe(201);
    expect(residentFiles.body).toMatchObject({ status: 'submitted', confidential: false });
  });

  it('reads query strings: numbers, flags and lists arrive as text', async () => {
    const ok = await t.request('GET', '/api/v1/tickets?limit=5&status=submitted,accepted&overdue=false', { token: operator });
    expect(ok.status).toBe(200);
    const bad = await t.request('GET', '/api/v1/tickets?limit=abc&overdue=yes&status=lost', { token: operator });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual(
      expect.arrayContaining([
        { path: 'limit', message: '必须是整数' },
        { path: 'overdue', message: '必须是 true 或 false' },
        { path: 'status', message: expect.stringContaining('必须是以下之一') },
      ]),
    );
    const words = await t.request('GET', `/api/v1/tickets?q=${encodeURIComponent('暖气')}&sort=deadline`, { token: operator });
    // words are searched through the index: any order (search.test.ts)
    expect(words.status).toBe(200);
    const unknown = await t.request('GET', '/api/v1/tickets?page=2', { token: operator });
    expect([unknown.status, unknown.body.code]).toEqual([400, 'UNKNOWN_FIELD']);
  });

  it('checks path parameters: a day that does not exist is refused and writes nothing', async () => {
    const before = await t.count(CalendarDayEntity);
    const res = await t.request('PUT', '/api/v1/calendar/2026-02-30', { token: admin, body: { kind: 'holiday', name: '不存在' } });
    expect([res.status, res.body.details]).toEqual([400, [{ path: 'date', message: '必须是存在的日期，格式 YYYY-MM-DD' }]]);
    expect(await t.count(CalendarDayEntity)).toBe(before);
  });
});
