import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('platform', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports health with the database checked, and a request id', async () => {
    const res = await t.request('GET', '/api/health', { headers: { 'x-request-id': 'trace-123' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: 'up', driver: t.driver });
    expect(res.headers.get('x-request-id')).toBe('trace-123');
  });

  it('serves OpenAPI at /api/docs-json and the docs page at /api/docs', async () => {
    const json = await t.request('GET', '/api/docs-json');
    expect(json.status).toBe(200);
    expect(Object.keys(json.body.paths)).toEqual(expect.arrayContaining(['/api/v1/tickets', '/api/v1/auth/staff', '/api/health']));
    const html = await t.request('GET', '/api/docs');
    expect(html.status).toBe(200);
    expect(String(html.body)).toContain('swagger');
  });

  it('answers unknown routes with a JSON error code', async () => {
    const res = await t.request('GET', '/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('ROUTE_NOT_FOUND');
  });

  it('answers 503 on health when the database is unreachable', async () => {
    const other = await startTestApp();
    try {
      await other.app.get(DataSource).destroy();
      const res = await other.request('GET', '/api/health');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 'unavailable', database: 'down' });
    } finally {
      await other.close();
    }
  });
});

describe('schema', () => {
  it('applies the versioned migrations on start (MySQL/MariaDB) and keeps text in utf8mb4', async () => {
    const t = await startTestApp();
    try {
      if (t.driver !== 'mysql') return;
      const applied: { name: string }[] = await t.db.query('SELECT name FROM migrations ORDER BY id');
      expect(applied.map((m) => m.name)).toEqual(t.db.migrations.map((m) => m.name));
      const [row]: { TABLE_COLLATION: string }[] = await t.db.query(
        "SELECT TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'tickets'",
      );
      expect(row?.TABLE_COLLATION).toBe('utf8mb4_unicode_ci');
    } finally {
      await t.close();
    }
  });
});
