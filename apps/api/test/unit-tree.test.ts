import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UnitEntity } from '../src/database/entities.js';
import { newId } from '../src/common/ids.js';
import { UnitTreeService } from '../src/units/unit-tree.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * An action's transaction holds a pooled connection when it asks for the handler's scope, which needs the unit tree.
 * Until session 13 a copy due to be read again was read through the pool: with every connection held by such
 * transactions, each waited for a second one, and requests failed with 503 after the acquire timeout (seen every
 * 30 s under load). Here the pool has one connection, so any second connection taken inside an action fails it.
 */
describe('the unit tree, with one pooled connection', () => {
  let t: TestApp;
  let operator: string;
  let handler: string;
  let housing: string;
  let categoryId: string;
  const tree = () => t.app.get(UnitTreeService);
  const copy = () => (tree() as unknown as { cache: { at: number } | null }).cache;

  beforeAll(async () => {
    t = await startTestApp({ DATABASE_POOL_SIZE: '1', DATABASE_ACQUIRE_TIMEOUT_MS: '1500' });
    operator = (await t.login('operator')).token;
    handler = (await t.login('handler.dept.housing')).token;
    housing = ((await t.db.query("SELECT id FROM units WHERE code = 'dept.housing'")) as { id: string }[])[0]?.id as string;
    categoryId = ((await t.db.query('SELECT id FROM categories WHERE defaultUnitId = ? ORDER BY code', [housing])) as { id: string }[])[0]?.id as string;
  });

  afterAll(async () => {
    await t?.close();
  });

  /**
   * Runs `request` with `before` done just before the unit tree's second use in it: the first is the access check
   * before the transaction, the second the handler's scope inside it, after the write.
   */
  async function withinTheTransaction<T>(before: () => void, request: () => Promise<T>): Promise<T> {
    const service = tree();
    const subtree = service.subtree.bind(service);
    let uses = 0;
    service.subtree = async (...args) => {
      if (++uses === 2) before();
      return subtree(...args);
    };
    try {
      return await request();
    } finally {
      service.subtree = subtree;
      expect(uses).toBeGreaterThanOrEqual(2);
    }
  }

  async function dispatched(): Promise<{ id: string; version: number }> {
    const filed = await t.request('POST', '/api/v1/tickets', {
      token: operator,
      body: { channel: 'phone', categoryId, type: 'complaint', description: '楼道灯坏了一周，晚上看不见路', contact: { name: '王女士', phone: '13800000000' } },
    });
    expect(filed.status).toBe(201);
    const res = await t.request('POST', `/api/v1/tickets/${filed.body.id}/actions/dispatch`, { token: operator, body: { version: filed.body.version, leadUnitId: housing } });
    expect(res.status).toBe(200);
    return { id: res.body.id, version: res.body.version };
  }

  it('answers an action from the old copy when it is due to be read again, and reads it again beside', async () => {
    const ticket = await dispatched();
    expect(copy()).not.toBeNull();
    // a unit added by another process: this one learns of it when it reads the tree again
    const child = newId();
    await t.db.getRepository(UnitEntity).insert({ id: child, code: `test.${child}`, name: '测试社区', kind: 'community', parentId: housing, active: true, createdAt: new Date() });
    expect(await tree().subtree(housing)).not.toContain(child);
    const signed = await withinTheTransaction(
      () => ((copy() as { at: number }).at -= 60_000),
      () => t.request('POST', `/api/v1/tickets/${ticket.id}/actions/sign`, { token: handler, body: { version: ticket.version } }),
    );
    expect({ status: signed.status, code: signed.body.code, ticketStatus: signed.body.status }).toEqual({ status: 200, code: undefined, ticketStatus: 'in_progress' });

    const deadline = Date.now() + 5_000;
    while (!(await tree().subtree(housing)).includes(child) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await tree().subtree(housing)).toContain(child);
  });

  it('reads the tree through the action’s own transaction when this process has no copy', async () => {
    const ticket = await dispatched();
    const signed = await withinTheTransaction(
      () => tree().invalidate(),
      () => t.request('POST', `/api/v1/tickets/${ticket.id}/actions/sign`, { token: handler, body: { version: ticket.version } }),
    );
    expect({ status: signed.status, code: signed.body.code }).toEqual({ status: 200, code: undefined });
    expect(copy()).not.toBeNull();
  });
});
