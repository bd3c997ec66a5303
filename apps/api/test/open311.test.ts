import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import AjvModule, { type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import { TicketEntity, TicketEventEntity } from '../src/database/entities.js';
import { Open311KeyEntity } from '../src/open311/open311-key.entity.js';
import { phoneJpeg, upload } from './support/images.js';
import { act, startTestApp, type TestApp } from './support/test-app.js';

// ajv and ajv-formats are CommonJS: under ESM their default import is module.exports.
type AjvClass = typeof AjvModule extends { default: infer D } ? D : typeof AjvModule;
const Ajv = ((AjvModule as unknown as { default?: AjvClass }).default ?? AjvModule) as AjvClass;
type AddFormats = typeof addFormatsModule extends { default: infer D } ? D : typeof addFormatsModule;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as AddFormats;

const SCHEMAS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'open311-schemas');
const load = (name: string) => JSON.parse(fs.readFileSync(path.join(SCHEMAS, name), 'utf8')) as Record<string, unknown>;

type Json = any;

/**
 * Two validators: JSON answers as they are; XML answers, parsed, with their text coerced to the schema's types
 * (XML has only text), so both formats are held to the same schemas.
 */
type Validators = ReturnType<typeof validators>;

function validators(coerceTypes: boolean) {
  const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes });
  addFormats(ajv);
  // Swagger 2.0's own format names, which say nothing a validator can check.
  for (const f of ['uid', 'double', 'uint']) ajv.addFormat(f, true);
  ajv.addSchema(load('swagger.json'), 'swagger');
  const arrayOf = (ref: string) => ajv.compile({ type: 'array', items: { $ref: ref } });
  return {
    discovery: ajv.compile(load('discovery.json')),
    services: arrayOf('swagger#/definitions/Service'),
    serviceJson: ajv.compile({ type: 'array', items: load('service.json') }),
    definition: ajv.compile({ $ref: 'swagger#/definitions/ServiceDefinition' }),
    definitionJson: ajv.compile(load('service-definition.json')),
    requests: arrayOf('swagger#/definitions/Request'),
    requestsJson: ajv.compile({ type: 'array', items: load('request.json') }),
    requestResponse: arrayOf('swagger#/definitions/RequestResponse'),
    tokenResponse: arrayOf('swagger#/definitions/TokenResponse'),
    errors: ajv.compile({
      type: 'array',
      minItems: 1,
      items: { type: 'object', required: ['code', 'description'], additionalProperties: false, properties: { code: { type: 'integer' }, description: { type: 'string', minLength: 1 } } },
    }),
  };
}
const strict = validators(false);
const coercing = validators(true);
const SWAGGER = load('swagger.json') as { definitions: Record<string, { properties: Record<string, unknown> }> };

function valid(validate: ValidateFunction, value: unknown, what: string): void {
  if (!validate(value)) throw new Error(`${what} does not match its schema: ${JSON.stringify(validate.errors, null, 1)}\n${JSON.stringify(value).slice(0, 2000)}`);
}

/** Every field is one the spec defines (the schemas allow extra properties; we do not add any). */
function onlySpecFields(items: Json[], definition: string): void {
  const known = Object.keys(SWAGGER.definitions[definition]?.properties ?? {});
  for (const item of items) expect(Object.keys(item).filter((k) => !known.includes(k))).toEqual([]);
}

// The spec's XML documents; every element that repeats is a list even when it occurs once.
const LISTS = new Set([
  'services.service',
  'service_definition.attributes.attribute',
  'service_definition.attributes.attribute.values.value',
  'service_requests.request',
  'errors.error',
  'discovery.endpoints.endpoint',
  'discovery.endpoints.endpoint.formats.format',
]);
const xml = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: (_name, jpath) => LISTS.has(String(jpath)) });

/** An XML answer in the JSON answer's shape (the spec's wrappers unwrapped), still as text. */
function fromXml(text: string): Json {
  expect(text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  const doc = xml.parse(text) as Json;
  const root = Object.keys(doc).find((k) => k !== '?xml') as string;
  const body = doc[root];
  switch (root) {
    case 'services':
      return body.service ?? [];
    case 'service_requests':
      return body.request ?? [];
    case 'errors':
      return body.error;
    case 'service_definition':
      return {
        ...body,
        attributes: (body.attributes?.attribute ?? []).map((a: Json) => (a.values ? { ...a, values: a.values.value } : a)),
      };
    case 'discovery':
      return { ...body, endpoints: body.endpoints.endpoint.map((e: Json) => ({ ...e, formats: e.formats.format })) };
    default:
      throw new Error(`unexpected XML document <${root}>`);
  }
}

const CONTENT_TYPE = { json: 'application/json; charset=utf-8', xml: 'text/xml; charset=utf-8' } as const;

describe('Open311 GeoReport v2', () => {
  let t: TestApp;
  let admin: string;
  let operator: string;
  let handler: string;
  let apiKey: string;
  let keyId: string;
  let heating: { code: string; name: string; id: string };
  const unit: Record<string, { id: string; name: string }> = {};

  /** An Open311 call: parameters in the query string (GET) or a form body (POST), the format by extension. */
  async function call(method: 'GET' | 'POST', route: string, format: 'json' | 'xml', params: Record<string, string> = {}, headers: Record<string, string> = {}) {
    const form = new URLSearchParams(params).toString();
    const url = `${t.baseUrl}/open311/v2/${route}.${format}${method === 'GET' && form ? `?${form}` : ''}`;
    const res = await fetch(url, {
      method,
      headers: method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded', ...headers } : headers,
      body: method === 'POST' ? form : undefined,
    });
    const text = await res.text();
    expect(res.headers.get('content-type')).toBe(CONTENT_TYPE[format]);
    return { status: res.status, headers: res.headers, text, body: format === 'json' ? (JSON.parse(text) as Json) : fromXml(text) };
  }

  /** The same call in both formats: the same status, and the XML says what the JSON says. */
  async function both(method: 'GET' | 'POST', route: string, params: Record<string, string> = {}) {
    const json = await call(method, route, 'json', params);
    const asXml = await call(method, route, 'xml', params);
    expect(asXml.status).toBe(json.status);
    return { json, xml: asXml };
  }

  function expectError(res: { status: number; body: Json }, status: number, schemas: Validators) {
    expect(res.status).toBe(status);
    valid(schemas.errors, res.body, `error ${status}`);
    expect(res.body[0].code).toBe(status);
  }

  async function errorInBoth(method: 'GET' | 'POST', route: string, params: Record<string, string>, status: number) {
    const { json, xml: x } = await both(method, route, params);
    expectError(json, status, strict);
    expectError(x, status, coercing);
    expect(x.body).toEqual(json.body);
    return json.body[0].description as string;
  }

  const report = (extra: Record<string, string> = {}) => ({
    api_key: apiKey,
    service_code: heating.code,
    lat: '39.8012',
    long: '98.2851',
    address_string: '雄关区新华中路 12 号',
    description: `暖气不热，室温只有十二度，已经三天了 ${Math.random().toString(36).slice(2, 8)}`,
    ...extra,
  });

  beforeAll(async () => {
    t = await startTestApp();
    admin = (await t.login('admin')).token;
    operator = (await t.login('operator')).token;
    handler = (await t.login('handler.co.heating')).token;
    for (const u of (await t.request('GET', '/api/v1/units', { token: operator })).body) unit[u.code] = { id: u.id, name: u.name };
    const created = await t.request('POST', '/api/v1/open311/keys', { token: admin, body: { owner: '街道网格 App', contact: 'dev@example.org' } });
    expect(created.status).toBe(201);
    apiKey = created.body.apiKey;
    keyId = created.body.id;
    const services = await call('GET', 'services', 'json');
    const found = services.body.find((s: Json) => s.service_name === '冬季采暖');
    const categories = (await t.request('GET', '/api/v1/categories', { token: operator })).body;
    heating = { code: found.service_code, name: found.service_name, id: categories.find((c: Json) => c.code === found.service_code).id };
  });
  afterAll(() => t.close());

  it('discovery names the endpoint, its formats and where to get a key', async () => {
    const { json, xml: x } = await both('GET', 'discovery');
    expect(json.status).toBe(200);
    valid(strict.discovery, json.body, 'discovery.json');
    valid(coercing.discovery, x.body, 'discovery.xml');
    expect(x.body).toEqual(json.body);
    expect(json.body.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', url: `${t.baseUrl}/open311/v2`, type: 'production' });
    expect(json.body.endpoints[0].formats).toEqual(['application/json', 'text/xml']);
    expect(json.body.changeset).toMatch(/\+08:00$/);
    // Outside the /api prefix and its versioning: exactly /open311/v2/….
    expect((await t.request('GET', '/api/open311/v2/discovery.json')).status).toBe(404);
    expect((await t.request('GET', '/api/v1/open311/v2/discovery.json')).status).toBe(404);
  });

  it('services: every active category, valid in both formats', async () => {
    const { json, xml: x } = await both('GET', 'services');
    expect(json.status).toBe(200);
    expect(json.body.length).toBeGreaterThan(100);
    valid(strict.services, json.body, 'services.json (Swagger)');
    valid(strict.serviceJson, json.body, 'services.json (service.json)');
    onlySpecFields(json.body, 'Service');
    valid(coercing.services, x.body, 'services.xml (Swagger)');
    valid(coercing.serviceJson, x.body, 'services.xml (service.json)');
    expect(x.body).toEqual(json.body);
    expect(json.body.find((s: Json) => s.service_code === heating.code)).toMatchObject({
      service_name: '冬季采暖',
      metadata: true,
      type: 'realtime',
      group: expect.any(String),
      keywords: expect.stringContaining('暖气'),
    });
    expect(new Set(json.body.map((s: Json) => s.service_code)).size).toBe(json.body.length);
  });

  it('a service definition lists its attributes; an unknown service is 404 in both formats', async () => {
    const { json, xml: x } = await both('GET', `services/${heating.code}`);
    expect(json.status).toBe(200);
    valid(strict.definition, json.body, 'definition.json (Swagger)');
    valid(strict.definitionJson, json.body, 'definition.json');
    valid(coercing.definition, x.body, 'definition.xml (Swagger)');
    valid(coercing.definitionJson, x.body, 'definition.xml');
    expect(x.body).toEqual(json.body);
    expect(json.body.service_code).toBe(heating.code);
    expect(json.body.attributes.map((a: Json) => a.code)).toEqual(['type', 'title', 'confidential', 'client_request_id']);
    expect(json.body.attributes[0].values.map((v: Json) => v.key)).toEqual(['consultation', 'help', 'complaint', 'report', 'suggestion', 'praise']);
    await errorInBoth('GET', 'services/9.9.9', {}, 404);
    await errorInBoth('GET', 'services', { jurisdiction_id: 'elsewhere' }, 404);
    expect((await call('GET', 'services', 'json', { jurisdiction_id: 'jiayuguan' })).status).toBe(200);
  });

  it('a report posted with a key enters the operators\' queue as submitted, channel open311; its id and token answer', async () => {
    const tickets = await t.count(TicketEntity);
    const params = report({ first_name: '女士', last_name: '王', phone: '13900000001', email: 'wang@example.org' });
    const res = await call('POST', 'requests', 'json', params);
    expect(res.status).toBe(200);
    valid(strict.requestResponse, res.body, 'POST requests.json');
    onlySpecFields(res.body, 'RequestResponse');
    expect(res.body).toHaveLength(1);
    const { service_request_id: number, token } = res.body[0];
    expect(number).toMatch(/^JYG\d{14}$/);
    expect(await t.count(TicketEntity)).toBe(tickets + 1);

    const row = await t.db.getRepository(TicketEntity).findOneByOrFail({ id: token });
    expect(row).toMatchObject({ number, status: 'submitted', channel: 'open311', residentId: null, coordSystem: 'gcj02', contactName: '王女士', contactPhone: '13900000001' });
    // Stored in GCJ-02 like every channel; the WGS-84 it derives is the client's point again.
    expect(row.lat).not.toBeCloseTo(39.8012, 4);
    expect(row.wgs84Lat).toBeCloseTo(39.8012, 5);
    expect(row.wgs84Lng).toBeCloseTo(98.2851, 5);
    const events = await t.db.getRepository(TicketEventEntity).findBy({ ticketId: token });
    expect(events).toEqual([expect.objectContaining({ action: 'submit', toStatus: 'submitted', actorId: keyId, actorRole: 'system', payload: { channel: 'open311' } })]);

    const queue = await t.request('GET', '/api/v1/tickets?status=submitted&channel=open311&limit=100', { token: operator });
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((i: Json) => i.number)).toContain(number);

    const tokens = await both('GET', `tokens/${token}`);
    valid(strict.tokenResponse, tokens.json.body, 'tokens.json');
    valid(coercing.tokenResponse, tokens.xml.body, 'tokens.xml');
    expect(tokens.json.body).toEqual([{ service_request_id: number, token }]);
    expect(tokens.xml.body).toEqual(tokens.json.body);
    await errorInBoth('GET', 'tokens/01ARZ3NDEKTSV4RRFFQ69G5FAV', {}, 404);
  });

  it('a retried POST files one appeal: the same report, the same client_request_id, or the same Idempotency-Key', async () => {
    const params = report();
    const first = await call('POST', 'requests', 'json', params);
    const tickets = await t.count(TicketEntity);
    const again = await call('POST', 'requests', 'xml', params);
    expect(again.status).toBe(200);
    valid(coercing.requestResponse, again.body, 'POST requests.xml');
    expect(again.body[0].service_request_id).toBe(first.body[0].service_request_id);

    const byId = report({ 'attribute[client_request_id]': `app-${Date.now()}` });
    const a = await call('POST', 'requests', 'json', byId);
    const b = await call('POST', 'requests', 'json', byId);
    expect(b.body[0].service_request_id).toBe(a.body[0].service_request_id);
    // The same request id with other content is a client bug, not a retry.
    const reused = await call('POST', 'requests', 'json', { ...byId, description: '另一件事情，完全不同的内容' });
    expectError(reused, 400, strict);

    const header = { 'idempotency-key': `retry-${Date.now()}` };
    const h1 = await call('POST', 'requests', 'json', report(), header);
    const h2 = await call('POST', 'requests', 'json', report(), header);
    expect(h1.status).toBe(200);
    expectError(h2, 400, strict); // same key, another body
    expect(await t.count(TicketEntity)).toBe(tickets + 2);
  });

  it('the same report posted five times at once is one appeal', async () => {
    const params = report();
    const tickets = await t.count(TicketEntity);
    const answers = await Promise.all(Array.from({ length: 5 }, () => call('POST', 'requests', 'json', params)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(answers.map((a) => a.body[0].service_request_id)).size).toBe(1);
    expect(await t.count(TicketEntity)).toBe(tickets + 1);
  });

  it('refuses bad reports with 400/403/404 in both formats and writes nothing', async () => {
    const tickets = await t.count(TicketEntity);
    const { api_key: _key, ...noKey } = report();
    await errorInBoth('POST', 'requests', noKey, 403);
    await errorInBoth('POST', 'requests', { ...report(), api_key: 'not-a-key' }, 403);
    const { service_code: _code, ...noService } = report();
    await errorInBoth('POST', 'requests', noService, 400);
    await errorInBoth('POST', 'requests', report({ service_code: '9.9.9' }), 404);
    await errorInBoth('POST', 'requests', report({ lat: 'north' }), 400);
    await errorInBoth('POST', 'requests', report({ lat: '95' }), 400);
    const { lat: _lat, long: _long, address_string: _a, ...nowhere } = report();
    expect(await errorInBoth('POST', 'requests', nowhere, 400)).toContain('lat/long');
    await errorInBoth('POST', 'requests', report({ description: '' }), 400);
    await errorInBoth('POST', 'requests', report({ description: '短' }), 400);
    await errorInBoth('POST', 'requests', report({ 'attribute[colour]': 'red' }), 400);
    await errorInBoth('POST', 'requests', report({ 'attribute[type]': 'gossip' }), 400);
    await errorInBoth('POST', 'requests', report({ phone: '12345' }), 400);
    await errorInBoth('POST', 'requests', report({ jurisdiction_id: 'elsewhere' }), 404);
    expect(await t.count(TicketEntity)).toBe(tickets);
  });

  it('follows a report through dispatch and reply: lead unit, deadline, public reply; no personal data', async () => {
    const filed = await call('POST', 'requests', 'json', report({ first_name: '先生', last_name: '李', phone: '13900000009', 'attribute[type]': 'complaint', 'attribute[title]': '暖气不热' }));
    const { service_request_id: number, token: id } = filed.body[0];

    const before = await both('GET', `requests/${number}`);
    valid(strict.requests, before.json.body, 'requests/{id}.json');
    valid(strict.requestsJson, before.json.body, 'requests/{id}.json (request.json)');
    valid(coercing.requests, before.xml.body, 'requests/{id}.xml');
    expect(before.xml.body).toEqual(before.json.body);
    onlySpecFields(before.json.body, 'Request');
    const open = before.json.body[0];
    expect(open).toMatchObject({ service_request_id: number, status: 'open', service_code: heating.code, service_name: '冬季采暖', address: '雄关区新华中路 12 号' });
    expect(open.description).toContain('暖气不热：');
    expect(open.lat).toBeCloseTo(39.8012, 5);
    expect(open.long).toBeCloseTo(98.2851, 5);
    expect(open.requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    expect(open.agency_responsible).toBeUndefined();
    expect(open.expected_datetime).toBeUndefined();

    await act(t, operator, id, 'accept', { categoryId: heating.id });
    const dispatched = await act(t, operator, id, 'dispatch', { leadUnitId: unit['co.heating']?.id, cooperatingUnitIds: [] });
    await act(t, handler, id, 'sign');
    await act(t, handler, id, 'reply', { content: '已派维修人员排查管网，室温恢复到20度，有问题请拨打13911112222', handlerName: '张师傅', handlerPhone: '13900000002' });

    const after = await both('GET', `requests/${number}`);
    valid(strict.requests, after.json.body, 'requests/{id}.json after reply');
    valid(coercing.requests, after.xml.body, 'requests/{id}.xml after reply');
    expect(after.xml.body).toEqual(after.json.body);
    const closed = after.json.body[0];
    expect(closed).toMatchObject({ status: 'closed', agency_responsible: unit['co.heating']?.name, status_notes: '已派维修人员排查管网，室温恢复到20度，有问题请拨打139****2222' });
    expect(closed.expected_datetime).toMatch(/\+08:00$/);
    expect(new Date(closed.expected_datetime).getTime()).toBe(Math.floor(new Date(dispatched.replyDueAt).getTime() / 1000) * 1000);
    for (const secret of ['13900000009', '李先生', '张师傅', '13900000002', '13911112222', 'contact', 'handler']) {
      expect(after.json.text).not.toContain(secret);
      expect(after.xml.text).not.toContain(secret);
    }
    await errorInBoth('GET', 'requests/JYG20000101000001', {}, 404);
  });

  it('lists requests: the last 90 days by default, filtered by status, service, dates and ids; valid in both formats', async () => {
    const filed = await call('POST', 'requests', 'json', report());
    const number = filed.body[0].service_request_id;
    const all = await both('GET', 'requests');
    expect(all.json.status).toBe(200);
    valid(strict.requests, all.json.body, 'requests.json');
    valid(strict.requestsJson, all.json.body, 'requests.json (request.json)');
    valid(coercing.requests, all.xml.body, 'requests.xml');
    expect(all.xml.body).toEqual(all.json.body);
    onlySpecFields(all.json.body, 'Request');
    const numbers = all.json.body.map((r: Json) => r.service_request_id);
    expect(numbers).toContain(number);
    // Newest first; the demo data of other channels is listed too.
    expect(numbers[0]).toBe(number);
    expect(all.json.body.some((r: Json) => r.service_code === 'unclassified' || r.service_code !== heating.code)).toBe(true);

    const open = (await call('GET', 'requests', 'json', { status: 'open' })).body;
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((r: Json) => r.status === 'open')).toBe(true);
    const closed = (await call('GET', 'requests', 'json', { status: 'closed' })).body;
    expect(closed.every((r: Json) => r.status === 'closed')).toBe(true);
    expect(closed.map((r: Json) => r.service_request_id)).not.toContain(number);
    expect((await call('GET', 'requests', 'json', { status: 'open,closed' })).body).toHaveLength(all.json.body.length);

    const heatingOnly = (await call('GET', 'requests', 'json', { service_code: heating.code })).body;
    expect(heatingOnly.length).toBeGreaterThan(0);
    expect(heatingOnly.every((r: Json) => r.service_code === heating.code)).toBe(true);
    expect((await call('GET', 'requests', 'json', { service_code: 'no-such-service' })).body).toEqual([]);

    const now = Date.now();
    const w3c = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');
    expect((await call('GET', 'requests', 'json', { start_date: w3c(now - 3_600_000), end_date: w3c(now + 60_000) })).body.map((r: Json) => r.service_request_id)).toContain(number);
    expect((await call('GET', 'requests', 'json', { start_date: '2020-01-01T00:00:00+08:00', end_date: '2020-02-01T00:00:00+08:00' })).body).toEqual([]);
    await errorInBoth('GET', 'requests', { start_date: '2026-01-01T00:00:00+08:00', end_date: '2026-06-01T00:00:00+08:00' }, 400);
    await errorInBoth('GET', 'requests', { start_date: 'yesterday' }, 400);
    await errorInBoth('GET', 'requests', { status: 'pending' }, 400);

    // service_request_id overrides every other argument.
    const byIds = (await call('GET', 'requests', 'json', { service_request_id: `${number},JYG20000101000001`, status: 'closed' })).body;
    expect(byIds.map((r: Json) => r.service_request_id)).toEqual([number]);
  });

  it('a confidential report shows its progress only; a photo is a URL that works without a token', async () => {
    const secret = await call('POST', 'requests', 'json', report({ 'attribute[confidential]': 'true', description: '举报某餐馆使用地沟油，我是隔壁的住户' }));
    const shown = (await call('GET', `requests/${secret.body[0].service_request_id}`, 'json')).body[0];
    valid(strict.requests, [shown], 'confidential request');
    expect(shown).toMatchObject({ status: 'open', status_notes: '已提交' });
    for (const field of ['description', 'address', 'lat', 'long', 'media_url']) expect(shown[field]).toBeUndefined();

    const resident = (await t.resident('open311-photo')).token;
    const photo = await upload(t, resident, await phoneJpeg());
    expect(photo.status).toBe(201);
    const ticket = await t.request('POST', '/api/v1/tickets', {
      token: resident,
      body: { type: 'help', description: '路灯不亮，晚上很黑，请尽快维修', location: { lat: 39.8023, lng: 98.2901, coordSystem: 'gcj02' }, confidential: false, attachmentIds: [photo.body.id] },
    });
    expect(ticket.status).toBe(201);
    const view = await both('GET', `requests/${ticket.body.number}`);
    valid(strict.requests, view.json.body, 'request with media');
    valid(coercing.requests, view.xml.body, 'request with media (XML)');
    const mediaUrl: string = view.json.body[0].media_url;
    expect(mediaUrl.startsWith(`${t.baseUrl}/api/v1/attachments/${photo.body.id}?exp=`)).toBe(true);
    const image = await fetch(mediaUrl);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toMatch(/^image\//);
    expect(view.json.body[0]).toMatchObject({ service_code: 'unclassified', service_name: '待分类' });
    // The mini-program's GCJ-02 point comes out as WGS-84.
    expect(view.json.body[0].lat).toBeCloseTo(ticket.body.wgs84.lat, 6);
    expect(view.json.body[0].lat).not.toBeCloseTo(39.8023, 4);
  });

  it('keys: admins create, list and revoke them; a revoked key is refused and files nothing', async () => {
    expect((await t.request('POST', '/api/v1/open311/keys', { token: operator, body: { owner: 'x' } })).status).toBe(403);
    expect((await t.request('GET', '/api/v1/open311/keys', { token: operator })).status).toBe(403);
    expect((await t.request('GET', '/api/v1/open311/keys')).status).toBe(401);
    const bad = await t.request('POST', '/api/v1/open311/keys', { token: admin, body: { owner: '', ratePerHour: 0, extra: 1 } });
    expect(bad.status).toBe(400);

    const created = await t.request('POST', '/api/v1/open311/keys', { token: admin, body: { owner: '研究小组', ratePerHour: 50 } });
    expect(created.status).toBe(201);
    const key: string = created.body.apiKey;
    expect(Buffer.from(key, 'base64url')).toHaveLength(32);
    const row = await t.db.getRepository(Open311KeyEntity).findOneByOrFail({ id: created.body.id });
    expect(row.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(key);

    expect((await call('POST', 'requests', 'json', report({ api_key: key }))).status).toBe(200);
    const listed = await t.request('GET', '/api/v1/open311/keys', { token: admin });
    expect(listed.status).toBe(200);
    const mine = listed.body.find((k: Json) => k.id === created.body.id);
    expect(mine).toMatchObject({ owner: '研究小组', ratePerHour: 50, prefix: key.slice(0, 8), revokedAt: null, lastUsedAt: expect.any(String) });
    expect(JSON.stringify(listed.body)).not.toContain(key);
    expect(JSON.stringify(listed.body)).not.toContain(row.keyHash);

    const revoked = await t.request('DELETE', `/api/v1/open311/keys/${created.body.id}`, { token: admin });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    const tickets = await t.count(TicketEntity);
    await errorInBoth('POST', 'requests', report({ api_key: key }), 403);
    await errorInBoth('GET', 'requests', { api_key: key }, 403);
    expect(await t.count(TicketEntity)).toBe(tickets);
    const again = await t.request('DELETE', `/api/v1/open311/keys/${created.body.id}`, { token: admin });
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    expect((await t.request('DELETE', '/api/v1/open311/keys/01ARZ3NDEKTSV4RRFFQ69G5FAV', { token: admin })).status).toBe(404);
    expect((await t.request('DELETE', '/api/v1/open311/keys/nope', { token: admin })).body.code).toBe('OPEN311_KEY_NOT_FOUND');
  });

  it('each key has its own hourly limit: 429 in the spec\'s error shape, with Retry-After', async () => {
    const created = await t.request('POST', '/api/v1/open311/keys', { token: admin, body: { owner: '限流测试', ratePerHour: 2 } });
    const key = created.body.apiKey;
    expect((await call('POST', 'requests', 'json', report({ api_key: key }))).status).toBe(200);
    expect((await call('GET', 'requests', 'json', { api_key: key })).status).toBe(200);
    const tickets = await t.count(TicketEntity);
    const limited = await call('POST', 'requests', 'xml', report({ api_key: key }));
    expectError(limited, 429, coercing);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await t.count(TicketEntity)).toBe(tickets);
    // Another key is not affected.
    expect((await call('POST', 'requests', 'json', report())).status).toBe(200);
  });

  it('creates open311_keys by migration exactly as the entity describes it (MySQL/MariaDB)', async () => {
    if (t.driver !== 'mysql') return;
    const pending = await t.db.driver.createSchemaBuilder().log();
    // MariaDB reports nullable columns' default as the string 'NULL', so TypeORM always wants to redefine them.
    const noise = /^ALTER TABLE `open311_keys` CHANGE `(\w+)` `\1` [a-z0-9()]+ NULL$/;
    expect(pending.upQueries.map((q) => q.query).filter((q) => q.includes('open311_keys') && !noise.test(q))).toEqual([]);
  });

  it('anything else under /open311/v2 is a 404 in the spec\'s shape; the staff OpenAPI lists the key routes only', async () => {
    for (const route of ['/open311/v2/services.csv', '/open311/v2/requests/JYG20000101000001.csv', '/open311/v2/nothing.json', '/open311/v2/requests']) {
      const res = await t.request('GET', route);
      expect(res.status).toBe(404);
      valid(strict.errors, res.body, route);
    }
    const res = await fetch(`${t.baseUrl}/open311/v2/nothing.xml`);
    expect(res.headers.get('content-type')).toBe(CONTENT_TYPE.xml);
    expectError({ status: res.status, body: fromXml(await res.text()) }, 404, coercing);

    const docs = await t.request('GET', '/api/docs-json');
    const paths = Object.keys(docs.body.paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/open311/keys', '/api/v1/open311/keys/{id}']));
    expect(paths.filter((p) => p.startsWith('/open311'))).toEqual([]);
  });

  it('a POST may also carry its parameters as JSON or in the query string', async () => {
    const { lat: _lat, long: _long, ...rest } = report();
    const asJson = await fetch(`${t.baseUrl}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...rest, lat: 39.8012, long: 98.2851 }),
    });
    expect(asJson.status).toBe(200);
    const [filed] = (await asJson.json()) as Json[];
    const row = await t.db.getRepository(TicketEntity).findOneByOrFail({ id: filed.token });
    expect(row.wgs84Lat).toBeCloseTo(39.8012, 5);
    const inQuery = await fetch(`${t.baseUrl}/open311/v2/requests.xml?${new URLSearchParams(report()).toString()}`, { method: 'POST' });
    expect(inQuery.status).toBe(200);
    valid(coercing.requestResponse, fromXml(await inQuery.text()), 'POST with a query string');
  });
});
