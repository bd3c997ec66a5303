import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BoundaryEntity } from '../src/database/entities.js';
import { convert } from '../src/geo/coords.js';
import { LocationService } from '../src/geo/location.service.js';
import { SeedService } from '../src/seed/seed.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const DOWNTOWN = { lat: 39.8023, lng: 98.2901 }; // 新华中路, GCJ-02
const LANZHOU = { lat: 36.06, lng: 103.83 };

/** A closed square ring around a point (GCJ-02 degrees). */
const squareAround = (p: { lat: number; lng: number }, half: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [p.lng - half, p.lat - half],
      [p.lng + half, p.lat - half],
      [p.lng + half, p.lat + half],
      [p.lng - half, p.lat + half],
      [p.lng - half, p.lat - half],
    ],
  ],
});

describe('location: boundaries and resolution', () => {
  let t: TestApp;
  let admin: string;
  let operator: string;
  let handler: string;
  let resident: string;
  const unit: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ BOUNDARY_REFRESH_MS: '0' });
    admin = (await t.login('admin')).token;
    operator = (await t.login('operator')).token;
    handler = (await t.login('handler.620201001')).token;
    resident = (await t.resident('geo-resident')).token;
    const units = await t.request('GET', '/api/v1/units', { token: admin });
    for (const u of units.body) unit[u.code] = u.id;
  });
  afterAll(() => t.close());

  const resolve = (p: { lat: number; lng: number }, coordSystem: 'gcj02' | 'wgs84' = 'gcj02') =>
    t.app.get(LocationService).resolve(p.lat, p.lng, coordSystem);

  it('seeds the city outline and one APPROXIMATE area per street/town', async () => {
    const res = await t.request('GET', '/api/v1/boundaries', { token: operator });
    expect(res.status).toBe(200);
    expect(res.body.filter((b: { kind: string }) => b.kind === 'service_area')).toHaveLength(1);
    const streets = res.body.filter((b: { kind: string }) => b.kind === 'street');
    expect(streets.map((s: { unitId: string }) => s.unitId).sort()).toEqual(
      ['620201001', '620201002', '620201100', '620201101', '620201102'].map((c) => unit[c]).sort(),
    );
    for (const s of streets) expect(s).toMatchObject({ approximate: true, geojson: { type: 'MultiPolygon' } });
    const onlyStreets = await t.request('GET', '/api/v1/boundaries?kind=street', { token: handler });
    expect(onlyStreets.body).toHaveLength(5);
  });

  it('resolves a downtown point to its street, in either coordinate system', async () => {
    const r = await resolve(DOWNTOWN);
    expect(r).toMatchObject({ outsideArea: false, streetId: unit['620201001'], communityId: null, gcj02: DOWNTOWN });
    // GCJ-02 is offset from WGS-84 by a few hundred metres in China.
    expect(Math.abs(r.wgs84.lat - DOWNTOWN.lat) + Math.abs(r.wgs84.lng - DOWNTOWN.lng)).toBeGreaterThan(0.001);
    const fromGps = await resolve(r.wgs84, 'wgs84');
    expect(fromGps.streetId).toBe(unit['620201001']);
    expect(fromGps.gcj02.lat).toBeCloseTo(DOWNTOWN.lat, 5);
    expect(fromGps.gcj02.lng).toBeCloseTo(DOWNTOWN.lng, 5);
    expect(convert(DOWNTOWN, 'gcj02', 'gcj02')).toEqual(DOWNTOWN);
  });

  it('marks a point in Lanzhou as outside the service area', async () => {
    expect(await resolve(LANZHOU)).toMatchObject({ outsideArea: true, streetId: null, communityId: null });
    const res = await t.request('GET', `/api/v1/geo/resolve?lat=${LANZHOU.lat}&lng=${LANZHOU.lng}&coordSystem=wgs84`, { token: resident });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ outsideArea: true, streetId: null, wgs84: LANZHOU });
  });

  it('refuses boundary changes from anyone but an admin, and boundary reads from residents', async () => {
    const body = { name: '钢城街道', geojson: squareAround(DOWNTOWN, 0.01) };
    for (const token of [operator, handler, resident]) {
      const res = await t.request('PUT', `/api/v1/boundaries/street/${unit['620201002']}`, { token, body });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    expect((await t.request('GET', '/api/v1/boundaries', { token: resident })).status).toBe(403);
    expect((await t.request('GET', '/api/v1/boundaries')).status).toBe(401);
    expect((await resolve(DOWNTOWN)).streetId).toBe(unit['620201001']);
  });

  it('validates the GeoJSON and the unit', async () => {
    const put = (url: string, body: unknown) => t.request('PUT', url, { token: admin, body });
    const street = `/api/v1/boundaries/street/${unit['620201002']}`;
    const open = { type: 'Polygon', coordinates: [[[98, 39], [98.1, 39], [98.1, 39.1]]] };
    expect((await put(street, { name: 'x', geojson: open })).body.code).toBe('VALIDATION_FAILED');
    expect((await put(street, { name: 'x', geojson: { type: 'Point', coordinates: [98, 39] } })).status).toBe(400);
    expect((await put(street, { name: 'x', geojson: squareAround(DOWNTOWN, 0.01), extra: 1 })).body.code).toBe('UNKNOWN_FIELD');
    expect((await put(`/api/v1/boundaries/planet/${unit['620201002']}`, { name: 'x', geojson: squareAround(DOWNTOWN, 0.01) })).status).toBe(400);
    // a community is not a street; an unknown unit is not found
    const wrongKind = await put(`/api/v1/boundaries/street/${unit['620201001001']}`, { name: 'x', geojson: squareAround(DOWNTOWN, 0.01) });
    expect(wrongKind.status).toBe(400);
    expect((await put('/api/v1/boundaries/street/01NOSUCHUNIT0000000000000', { name: 'x', geojson: squareAround(DOWNTOWN, 0.01) })).body.code).toBe('UNIT_NOT_FOUND');
    expect((await put('/api/v1/boundaries/service_area', { name: 'x', geojson: open })).status).toBe(400);
    expect((await resolve(DOWNTOWN)).streetId).toBe(unit['620201001']);
  });

  it('follows an admin who replaces a street boundary (exact boundaries, then smaller areas, win)', async () => {
    const url = `/api/v1/boundaries/street/${unit['620201002']}`;
    const res = await t.request('PUT', url, { token: admin, body: { name: '钢城街道', geojson: { type: 'Feature', properties: {}, geometry: squareAround(DOWNTOWN, 0.01) } } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'street', unitId: unit['620201002'], approximate: false, geojson: { type: 'Polygon' } });
    expect((await resolve(DOWNTOWN)).streetId).toBe(unit['620201002']);
    expect(await t.db.getRepository(BoundaryEntity).countBy({ kind: 'street' })).toBe(5);

    // Uploaded in WGS-84: stored in GCJ-02, so the same place still resolves to it.
    const wgs = convert(DOWNTOWN, 'gcj02', 'wgs84');
    const again = await t.request('PUT', url, { token: admin, body: { name: '钢城街道', geojson: squareAround(wgs, 0.002), coordSystem: 'wgs84', approximate: true } });
    expect(again.status).toBe(200);
    expect((await resolve(DOWNTOWN)).streetId).toBe(unit['620201002']); // both approximate now: the smaller area wins
    const ring = again.body.geojson.coordinates[0];
    expect(ring[0][0]).toBeCloseTo(DOWNTOWN.lng - 0.002, 4);
    expect(ring[0][1]).toBeCloseTo(DOWNTOWN.lat - 0.002, 4);

    // A re-seed leaves the admin's boundary alone.
    await t.app.get(SeedService).run({ demo: false });
    const stored = await t.request('GET', `/api/v1/boundaries/${again.body.id}`, { token: operator });
    expect(stored.status).toBe(200);
    expect(stored.body.approximate).toBe(true);
    expect(await t.db.getRepository(BoundaryEntity).count()).toBe(6);
  });

  it('resolves communities, and moves the service area when the admin does', async () => {
    const created = await t.request('POST', '/api/v1/boundaries', {
      token: admin,
      body: { kind: 'community', unitId: unit['620201001001'], name: '福民社区', geojson: squareAround(DOWNTOWN, 0.001) },
    });
    expect(created.status).toBe(201);
    expect(await resolve(DOWNTOWN)).toMatchObject({ communityId: unit['620201001001'], outsideArea: false });
    expect((await resolve({ lat: DOWNTOWN.lat + 0.005, lng: DOWNTOWN.lng })).communityId).toBeNull();

    const lanzhouOnly = await t.request('PUT', '/api/v1/boundaries/service_area', { token: admin, body: { name: '兰州（测试）', geojson: squareAround(LANZHOU, 0.1) } });
    expect(lanzhouOnly.status).toBe(200);
    expect(await resolve(DOWNTOWN)).toMatchObject({ outsideArea: true, streetId: null, communityId: null });
    expect((await resolve(LANZHOU)).outsideArea).toBe(false);

    expect((await t.request('DELETE', `/api/v1/boundaries/${lanzhouOnly.body.id}`, { token: admin })).status).toBe(204);
    expect((await t.request('DELETE', `/api/v1/boundaries/${lanzhouOnly.body.id}`, { token: admin })).body.code).toBe('BOUNDARY_NOT_FOUND');
    // No service area: nothing is outside.
    expect((await resolve(LANZHOU)).outsideArea).toBe(false);
    await t.app.get(SeedService).run({ demo: false });
    expect((await resolve(LANZHOU)).outsideArea).toBe(true);
    expect((await resolve(DOWNTOWN)).outsideArea).toBe(false);
  });

  it('lets another API process on the same database see a change', async () => {
    const b = await startTestApp({ BOUNDARY_REFRESH_MS: '0' }, t);
    try {
      const other = b.app.get(LocationService);
      const before = await other.resolve(DOWNTOWN.lat, DOWNTOWN.lng, 'gcj02');
      const res = await t.request('PUT', `/api/v1/boundaries/street/${unit['620201102']}`, { token: admin, body: { name: '文殊镇', geojson: squareAround(DOWNTOWN, 0.003) } });
      expect(res.status).toBe(200);
      expect(before.streetId).not.toBe(unit['620201102']);
      expect((await other.resolve(DOWNTOWN.lat, DOWNTOWN.lng, 'gcj02')).streetId).toBe(unit['620201102']);
    } finally {
      await b.close();
    }
  });
});
