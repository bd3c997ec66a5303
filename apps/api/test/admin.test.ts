import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { StaffEntity, UnitEntity } from '../src/database/entities.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('administration', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = (await t.login('admin')).token;
  });
  afterAll(() => t.close());

  it("seeds Jiayuguan's organisation: the centre, 3 sub-centres, 5 streets and 48 communities", async () => {
    const res = await t.request('GET', '/api/v1/units', { token: admin });
    expect(res.status).toBe(200);
    const kinds = (k: string) => res.body.filter((u: { kind: string }) => u.kind === k);
    expect(kinds('centre')).toHaveLength(1);
    expect(kinds('sub_centre')).toHaveLength(3);
    expect(kinds('street')).toHaveLength(5);
    expect(kinds('community')).toHaveLength(48);
    const codes = res.body.map((u: { code: string }) => u.code);
    expect(codes).toEqual(expect.arrayContaining(['dept.housing', 'dept.urban_management', 'co.heating', 'co.water', 'co.power', 'dept.traffic_police']));
  });

  it('lets a resident read the units by name (who handles their appeal), but not change them', async () => {
    const resident = (await t.resident('unit-reader')).token;
    const res = await t.request('GET', '/api/v1/units', { token: resident });
    expect(res.status).toBe(200);
    expect(res.body.find((u: { code: string; name: string }) => u.code === 'co.heating')?.name).toBeTruthy();
    const before = await t.count(UnitEntity);
    const post = await t.request('POST', '/api/v1/units', { token: resident, body: { code: 'x.y', name: '不该有', kind: 'department', parentId: null } });
    expect(post.status).toBe(403);
    expect(await t.count(UnitEntity)).toBe(before);
  });

  it('seeds 517 categories, each with a default unit, readable by residents', async () => {
    const resident = (await t.resident('reader')).token;
    const res = await t.request('GET', '/api/v1/categories', { token: resident });
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(517);
    expect(res.body.every((c: { defaultUnitId: string | null }) => c.defaultUnitId !== null)).toBe(true);
  });

  it("seeds the 2026 calendar with China's holidays and make-up workdays", async () => {
    const res = await t.request('GET', '/api/v1/calendar?year=2026', { token: admin });
    expect(res.status).toBe(200);
    const byDate = new Map(res.body.map((d: { date: string; kind: string }) => [d.date, d.kind]));
    expect(byDate.get('2026-10-01')).toBe('holiday');
    expect(byDate.get('2026-02-17')).toBe('holiday');
    expect(byDate.get('2026-10-10')).toBe('workday');
  });

  it('lets an admin change a calendar day and refuses others', async () => {
    const put = await t.request('PUT', '/api/v1/calendar/2026-12-31', { token: admin, body: { kind: 'holiday', name: '临时调整' } });
    expect(put.status).toBe(200);
    const operator = (await t.login('operator')).token;
    const refused = await t.request('PUT', '/api/v1/calendar/2026-12-30', { token: operator, body: { kind: 'holiday', name: 'x' } });
    expect(refused.status).toBe(403);
    const bad = await t.request('PUT', '/api/v1/calendar/2026-02-30', { token: admin, body: { kind: 'holiday', name: 'x' } });
    expect(bad.status).toBe(400);
    const list = await t.request('GET', '/api/v1/calendar?year=2026', { token: admin });
    const dates = list.body.map((d: { date: string }) => d.date);
    expect(dates).toContain('2026-12-31');
    expect(dates).not.toContain('2026-12-30');
  });

  it('creates staff who can then log in', async () => {
    const units = await t.request('GET', '/api/v1/units', { token: admin });
    const heating = units.body.find((u: { code: string }) => u.code === 'co.heating');
    const res = await t.request('POST', '/api/v1/staff', {
      token: admin,
      body: { username: 'heat.li', password: 'Heat-Pass-2026', role: 'handler', unitId: heating.id, displayName: '李师傅' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ username: 'heat.li', role: 'handler', unitId: heating.id, active: true });
    expect(res.body.passwordHash).toBeUndefined();
    const login = await t.request('POST', '/api/v1/auth/staff', { body: { username: 'heat.li', password: 'Heat-Pass-2026' } });
    expect(login.status).toBe(200);
    expect(login.body.user.unitId).toBe(heating.id);

    const disabled = await t.request('PATCH', `/api/v1/staff/${res.body.id}`, { token: admin, body: { active: false } });
    expect(disabled.status).toBe(200);
    const refused = await t.request('POST', '/api/v1/auth/staff', { body: { username: 'heat.li', password: 'Heat-Pass-2026' } });
    // A disabled account answers like a wrong password (docs/security.md).
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('refuses bad staff input and writes nothing', async () => {
    const before = await t.count(StaffEntity);
    const units = await t.request('GET', '/api/v1/units', { token: admin });
    const unitId = units.body[0].id;
    const cases = [
      [{ username: 'operator', password: 'Long-enough-1', role: 'operator', unitId }, 409, 'USERNAME_TAKEN'],
      [{ username: 'new.user', password: 'short', role: 'operator', unitId }, 400, 'VALIDATION_FAILED'],
      [{ username: 'new.user', password: 'Long-enough-1', role: 'king', unitId }, 400, 'VALIDATION_FAILED'],
      [{ username: 'new.user', password: 'Long-enough-1', role: 'operator', unitId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }, 400, 'VALIDATION_FAILED'],
      [{ username: 'new.user', password: 'Long-enough-1', role: 'operator', unitId, superuser: true }, 400, 'UNKNOWN_FIELD'],
    ] as const;
    for (const [body, status, code] of cases) {
      const res = await t.request('POST', '/api/v1/staff', { token: admin, body });
      expect([res.status, res.body.code]).toEqual([status, code]);
    }
    const operator = (await t.login('operator')).token;
    const notAdmin = await t.request('POST', '/api/v1/staff', { token: operator, body: { username: 'sneaky', password: 'Long-enough-1', role: 'admin', unitId } });
    expect(notAdmin.status).toBe(403);
    expect(await t.count(StaffEntity)).toBe(before);
  });

  it('manages units: create under a parent, refuse cycles and duplicate codes', async () => {
    const before = await t.count(UnitEntity);
    const units = await t.request('GET', '/api/v1/units', { token: admin });
    const street = units.body.find((u: { kind: string }) => u.kind === 'street');
    const grid = await t.request('POST', '/api/v1/units', { token: admin, body: { code: 'grid.test', name: '测试网格', kind: 'community', parentId: street.id } });
    expect(grid.status).toBe(201);
    const dup = await t.request('POST', '/api/v1/units', { token: admin, body: { code: 'grid.test', name: '重复', kind: 'community' } });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('UNIT_CODE_TAKEN');
    const cycle = await t.request('PATCH', `/api/v1/units/${street.id}`, { token: admin, body: { parentId: grid.body.id } });
    expect(cycle.status).toBe(400);
    const busy = await t.request('DELETE', `/api/v1/units/${street.id}`, { token: admin });
    expect(busy.status).toBe(409);
    expect(busy.body.code).toBe('UNIT_HAS_CHILDREN');
    expect(await t.count(UnitEntity)).toBe(before + 1);
    const removed = await t.request('DELETE', `/api/v1/units/${grid.body.id}`, { token: admin });
    expect(removed.status).toBe(204);
    expect(await t.count(UnitEntity)).toBe(before);
  });

  it('seeds idempotently: a second run adds nothing', async () => {
    const { SeedService } = await import('../src/seed/seed.service.js');
    const report = await t.app.get(SeedService).run({ demo: true });
    expect(report).toEqual({ units: 0, categories: 0, calendarDays: 0, staff: 0, tickets: 0 });
  });
});
