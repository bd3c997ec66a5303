import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TicketEntity } from '../src/database/entities.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Far from the demo appeals' locations, so only this file's tickets are nearby.
const BASE = { lat: 39.7, lng: 98.1 };
const M_PER_DEG_LAT = 111_320;
const north = (m: number) => ({ lat: BASE.lat + m / M_PER_DEG_LAT, lng: BASE.lng });
const east = (m: number) => ({ lat: BASE.lat, lng: BASE.lng + m / (M_PER_DEG_LAT * Math.cos((BASE.lat * Math.PI) / 180)) });
const DAY = 24 * 3600 * 1000;

describe('likely duplicates at intake', () => {
  let t: TestApp;
  let operator: string;
  let supervisor: string;
  let admin: string;
  let handler: string;
  let categoryId: string;
  let otherCategoryId: string;

  async function register(at: { lat: number; lng: number } | null, category = categoryId): Promise<string> {
    const res = await t.request('POST', '/api/v1/tickets', {
      token: operator,
      body: {
        type: 'complaint',
        channel: 'phone',
        categoryId: category,
        description: '小区供暖不热，室温只有十二度',
        ...(at ? { location: { ...at, coordSystem: 'gcj02', address: '测试地址' } } : {}),
      },
    });
    if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  }
  const duplicates = (id: string, token = operator) => t.request('GET', `/api/v1/tickets/${id}/duplicates`, { token });
  const ids = (body: { ticket: { id: string } }[]) => body.map((d) => d.ticket.id);

  beforeAll(async () => {
    t = await startTestApp();
    operator = (await t.login('operator')).token;
    supervisor = (await t.login('supervisor')).token;
    admin = (await t.login('admin')).token;
    handler = (await t.login('handler.co.heating')).token;
    const categories = await t.request('GET', '/api/v1/categories', { token: operator });
    categoryId = categories.body.find((c: { level3: string }) => c.level3 === '冬季采暖').id;
    otherCategoryId = categories.body.find((c: { level3: string }) => c.level3 !== '冬季采暖').id;
  });
  afterAll(() => t.close());

  it('lists open tickets of the same category within 200 m and 7 days, nearest first, with their distance', async () => {
    const subject = await register(BASE);
    const near50 = await register(north(50));
    const near150 = await register(east(150));
    const sixDaysOld = await register(north(100));
    const far500 = await register(north(500));
    const justOutside = await register(north(230));
    const otherCategory = await register(north(20), otherCategoryId);
    const eightDaysOld = await register(north(30));
    const closed = await register(north(40));
    const noLocation = await register(null);
    const repo = t.db.getRepository(TicketEntity);
    await repo.update({ id: sixDaysOld }, { createdAt: new Date(Date.now() - 6 * DAY) });
    await repo.update({ id: eightDaysOld }, { createdAt: new Date(Date.now() - 8 * DAY) });
    await repo.update({ id: closed }, { status: 'closed' });

    const res = await duplicates(subject);
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual([near50, sixDaysOld, near150]);
    const distances = res.body.map((d: { distanceMeters: number }) => d.distanceMeters);
    expect(distances[0]).toBeGreaterThanOrEqual(48);
    expect(distances[0]).toBeLessThanOrEqual(52);
    expect(distances[1]).toBeGreaterThanOrEqual(98);
    expect(distances[1]).toBeLessThanOrEqual(102);
    expect(distances[2]).toBeGreaterThanOrEqual(147);
    expect(distances[2]).toBeLessThanOrEqual(153);
    expect(res.body[0].ticket).toMatchObject({ id: near50, status: 'accepted', categoryId, location: { lat: north(50).lat, lng: BASE.lng } });
    for (const excluded of [subject, far500, justOutside, otherCategory, eightDaysOld, closed, noLocation]) {
      expect(ids(res.body)).not.toContain(excluded);
    }

    // The window is measured from the ticket's own creation: the 8-day-old one sees the 6-day-old one (2 days apart).
    expect(ids((await duplicates(eightDaysOld)).body)).toEqual([sixDaysOld]);
    // Symmetric, and the supervisor sees the same.
    const fromNear = await duplicates(near50, supervisor);
    expect(fromNear.status).toBe(200);
    // 50 m north of the subject: the subject and the 6-day-old one are 50 m away, the one 230 m north is now 180 m.
    expect(new Set(ids(fromNear.body).slice(0, 2))).toEqual(new Set([subject, sixDaysOld]));
    expect(ids(fromNear.body).slice(2)).toEqual([near150, justOutside]);
    // A ticket without location (or category) has none.
    expect((await duplicates(noLocation)).body).toEqual([]);
  });

  it('returns at most 10', async () => {
    const centre = { lat: BASE.lat + 0.02, lng: BASE.lng };
    const subject = await register(centre);
    for (let i = 1; i <= 12; i++) await register({ lat: centre.lat + (i * 10) / M_PER_DEG_LAT, lng: centre.lng });
    const res = await duplicates(subject);
    expect(res.body).toHaveLength(10);
    const distances = res.body.map((d: { distanceMeters: number }) => d.distanceMeters);
    expect([...distances].sort((a, b) => a - b)).toEqual(distances);
    expect(distances[9]).toBeLessThanOrEqual(101);
  });

  it('is for intake staff: others get 404 where they cannot see the ticket, 403 where they can', async () => {
    const subject = await register(BASE);
    const resident = (await t.resident('duplicates-resident')).token;
    const filed = await t.request('POST', '/api/v1/tickets', {
      token: resident,
      body: { type: 'complaint', description: '楼道灯坏了很久没人修', location: { ...BASE, coordSystem: 'gcj02' } },
    });
    expect(filed.status).toBe(201);

    expect((await duplicates(subject, resident)).body.code).toBe('TICKET_NOT_FOUND');
    expect((await duplicates(subject, resident)).status).toBe(404);
    expect((await duplicates(filed.body.id, resident)).status).toBe(403);
    // the handler's unit takes no part in a ticket not yet dispatched
    expect((await duplicates(subject, handler)).status).toBe(404);
    expect((await duplicates(subject, admin)).status).toBe(403);
    expect((await duplicates('01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).toBe(404);
    expect((await duplicates('nope')).status).toBe(404);
    expect((await t.request('GET', `/api/v1/tickets/${subject}/duplicates`)).status).toBe(401);
    // the existing routes still answer beside the new one
    expect((await t.request('GET', `/api/v1/tickets/${subject}`, { token: operator })).status).toBe(200);
    expect((await t.request('GET', `/api/v1/tickets/${subject}/events`, { token: operator })).status).toBe(200);
  });
});
