import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { In, IsNull } from 'typeorm';
import { AssessmentItemEntity } from '../src/assessment/assessment.entities.js';
import { newId } from '../src/common/ids.js';
import { findRow, findRows, insertRow, updateGuardedThenRead } from '../src/common/sql-rows.js';
import { batchedTransaction } from '../src/common/statement-batch.js';
import { CategoryEntity, TicketEntity, UnitEntity } from '../src/database/entities.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** The hot paths' reads and guarded update without the query builder (common/sql-rows.ts) read what TypeORM's would. */
describe('rows without the query builder', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));

  it('reads by a list of ids and a boolean as findBy with In does; an empty list reads nothing', async () => {
    const units = await t.db.getRepository(UnitEntity).find({ order: { id: 'ASC' }, take: 3 });
    expect(units).toHaveLength(3);
    const ids = [...units.map((u) => u.id), newId()];
    await t.db.getRepository(UnitEntity).update({ id: units[1]!.id }, { active: false });
    try {
      const mine = await findRows(t.db.manager, UnitEntity, { id: ids, active: true });
      expect(byId(mine)).toEqual(byId(await t.db.manager.findBy(UnitEntity, { id: In(ids), active: true })));
      expect(mine.map((u) => u.id).sort()).toEqual([units[0]!.id, units[2]!.id].sort());
      expect(await findRows(t.db.manager, UnitEntity, { id: [], active: true })).toEqual([]);
    } finally {
      await t.db.getRepository(UnitEntity).update({ id: units[1]!.id }, { active: true });
    }
    const [category] = await t.db.getRepository(CategoryEntity).find({ take: 1 });
    expect(await findRows(t.db.manager, CategoryEntity, { id: category!.id, active: true })).toEqual([
      await t.db.manager.findOneBy(CategoryEntity, { id: category!.id, active: true }),
    ]);
  });

  it('reads a null condition as IS NULL, with dates and booleans as findBy hydrates them', async () => {
    const ticketId = newId();
    const item = (metric: string, doneAt: Date | null): AssessmentItemEntity => ({
      metric: metric as AssessmentItemEntity['metric'],
      at: new Date('2026-11-03T04:05:06.789Z'),
      itemKey: newId(),
      ticketId,
      ticketNumber: 'JYG20261103000001',
      unitId: null,
      categoryId: null,
      communityId: null,
      dueAt: new Date('2026-11-05T00:00:00.001Z'),
      doneAt,
      counted: doneAt !== null,
      onTime: doneAt === null ? null : true,
    });
    await batchedTransaction(t.db, async (tx) => {
      await insertRow(tx, AssessmentItemEntity, item('response', null));
      await insertRow(tx, AssessmentItemEntity, item('response', new Date('2026-11-04T00:00:00Z')));
      await insertRow(tx, AssessmentItemEntity, item('completion', null));
    });
    const open = await findRows(t.db.manager, AssessmentItemEntity, { ticketId, metric: 'response', doneAt: null });
    expect(open).toEqual(await t.db.manager.findBy(AssessmentItemEntity, { ticketId, metric: 'response', doneAt: IsNull() }));
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ doneAt: null, counted: false, onTime: null, at: new Date('2026-11-03T04:05:06.789Z') });
    expect(await findRows(t.db.manager, AssessmentItemEntity, { ticketId })).toHaveLength(3);
  });

  it('updates under a guard and reads the row it left in the same transaction; a guard that fails changes nothing', async () => {
    const operator = (await t.login('operator')).token;
    const [category] = await t.db.getRepository(CategoryEntity).find({ where: { active: true }, take: 1 });
    const filed = await t.request('POST', '/api/v1/tickets', {
      token: operator,
      body: { channel: 'phone', categoryId: category!.id, type: 'complaint', description: '小区门口路灯不亮', contact: { name: '李先生', phone: '13800000001' } },
    });
    expect(filed.status).toBe(201);
    expect(filed.body.id).toEqual(expect.any(String));
    const id = filed.body.id as string;
    const before = (await findRow(t.db.manager, TicketEntity, id))!;
    const stale = await batchedTransaction(t.db, (tx) => updateGuardedThenRead(tx, TicketEntity, id, { id, version: before.version + 1 }, { urgent: !before.urgent }));
    expect(stale).toBeNull();
    expect(await findRow(t.db.manager, TicketEntity, id)).toEqual(before);
    const after = await batchedTransaction(t.db, (tx) =>
      updateGuardedThenRead(tx, TicketEntity, id, { id, version: before.version }, { urgent: !before.urgent, version: before.version + 1 }),
    );
    expect(after).toEqual({ ...before, urgent: !before.urgent, version: before.version + 1 });
    expect(await findRow(t.db.manager, TicketEntity, id)).toEqual(after);
    await expect(batchedTransaction(t.db, (tx) => updateGuardedThenRead(tx, TicketEntity, id, { version: 1 } as Partial<TicketEntity>, { urgent: true }))).rejects.toThrow(
      /must hold the row's id/,
    );
  });
});
