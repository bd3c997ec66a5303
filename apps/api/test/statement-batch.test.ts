import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { QueryRunner } from 'typeorm';
import { newId } from '../src/common/ids.js';
import { insertRow } from '../src/common/sql-rows.js';
import { batchedTransaction, readSoon } from '../src/common/statement-batch.js';
import { IdempotencyKeyEntity } from '../src/database/entities.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Transactions whose inserts, START and COMMIT are sent together (common/statement-batch.ts): order, failure, round trips. */
describe('statement batches', () => {
  let t: TestApp;
  const actor = newId();

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const key = (k: string): IdempotencyKeyEntity => ({
    id: newId(),
    actorId: actor,
    key: k,
    requestHash: 'h',
    operation: 'test.batch',
    responseStatus: 200,
    responseBody: { k },
    createdAt: new Date(),
  });
  const keys = async () =>
    (await t.db.getRepository(IdempotencyKeyEntity).findBy({ actorId: actor })).map((r) => r.key).sort();

  /** Counts the statements sent to the database by every query runner (one per round trip) until `done`. */
  function counting(): { sent: string[]; done: () => void } {
    const proto = Object.getPrototypeOf(t.db.createQueryRunner()) as QueryRunner;
    const original = proto.query;
    const sent: string[] = [];
    proto.query = async function (this: QueryRunner, ...args: Parameters<QueryRunner['query']>) {
      sent.push(args[0]);
      return original.apply(this, args);
    } as QueryRunner['query'];
    return { sent, done: () => void (proto.query = original) };
  }

  it('sends START, the held inserts and COMMIT in one round trip on MariaDB, and writes them all', async () => {
    const log = counting();
    try {
      await batchedTransaction(t.db, async (tx) => {
        await insertRow(tx, IdempotencyKeyEntity, key('one-a'));
        await insertRow(tx, IdempotencyKeyEntity, key('one-b'));
        await insertRow(tx, IdempotencyKeyEntity, key('one-c'));
        expect(log.sent).toHaveLength(t.driver === 'mysql' ? 0 : 4);
      });
    } finally {
      log.done();
    }
    if (t.driver === 'mysql') {
      expect(log.sent).toHaveLength(1);
      expect(log.sent[0]?.split(';\n').map((sql) => sql.split(' (')[0])).toEqual([
        'START TRANSACTION',
        'INSERT INTO `idempotency_keys`',
        'INSERT INTO `idempotency_keys`',
        'INSERT INTO `idempotency_keys`',
        'COMMIT',
      ]);
    }
    expect(await keys()).toEqual(['one-a', 'one-b', 'one-c']);
  });

  it('sends what it holds before any other statement, in its round trip, so a read in the transaction sees it', async () => {
    const log = counting();
    try {
      await batchedTransaction(t.db, async (tx) => {
        await insertRow(tx, IdempotencyKeyEntity, key('read-a'));
        const seen = await tx.getRepository(IdempotencyKeyEntity).findOneBy({ actorId: actor, key: 'read-a' });
        expect(seen?.responseBody).toEqual({ k: 'read-a' });
        // an update's own result (rows affected) comes back, not the held insert's
        await insertRow(tx, IdempotencyKeyEntity, key('read-b'));
        const updated = await tx.getRepository(IdempotencyKeyEntity).update({ actorId: actor, key: 'read-a' }, { requestHash: 'h' });
        expect(updated.affected).toBe(1);
        const none = await tx.getRepository(IdempotencyKeyEntity).update({ actorId: actor, key: 'no-such-key' }, { requestHash: 'h' });
        expect(none.affected).toBe(0);
      });
    } finally {
      log.done();
    }
    if (t.driver === 'mysql') {
      expect(log.sent.map((sql) => sql.split(';\n').map((one) => one.split(' ')[0]))).toEqual([
        ['START', 'INSERT', 'SELECT'],
        ['INSERT', 'UPDATE'],
        ['UPDATE'],
        ['COMMIT'],
      ]);
    }
    expect(await keys()).toEqual(['one-a', 'one-b', 'one-c', 'read-a', 'read-b']);
  });

  it('rolls back every held insert when one of them fails (a duplicate key), writing nothing, and the connection serves on', async () => {
    await expect(
      batchedTransaction(t.db, async (tx) => {
        await insertRow(tx, IdempotencyKeyEntity, key('dup-a'));
        await insertRow(tx, IdempotencyKeyEntity, key('one-a'));
        await insertRow(tx, IdempotencyKeyEntity, key('dup-b'));
      }),
    ).rejects.toThrow(/Duplicate|UNIQUE/);
    // the same again after a read was sent (the transaction had started on the server)
    await expect(
      batchedTransaction(t.db, async (tx) => {
        await insertRow(tx, IdempotencyKeyEntity, key('dup-c'));
        await tx.getRepository(IdempotencyKeyEntity).findOneBy({ actorId: actor, key: 'dup-c' });
        await insertRow(tx, IdempotencyKeyEntity, key('one-b'));
      }),
    ).rejects.toThrow(/Duplicate|UNIQUE/);
    expect(await keys()).toEqual(['one-a', 'one-b', 'one-c', 'read-a', 'read-b']);
    // no transaction left open on a pooled connection: every later write commits
    for (let i = 0; i < 12; i++) await batchedTransaction(t.db, (tx) => insertRow(tx, IdempotencyKeyEntity, key(`later-${i}`)));
    expect((await keys()).filter((k) => k.startsWith('later-'))).toHaveLength(12);
  });

  it('sends nothing when the work fails after holding inserts', async () => {
    const log = counting();
    try {
      await expect(
        batchedTransaction(t.db, async (tx) => {
          await insertRow(tx, IdempotencyKeyEntity, key('lost-a'));
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
    } finally {
      log.done();
    }
    if (t.driver === 'mysql') expect(log.sent).toEqual([]);
    expect(await keys()).not.toContain('lost-a');
  });

  it('takes a dispatch, a sign and a reply in four round trips each on MariaDB, the access check’s read first', async () => {
    const operator = (await t.login('operator')).token;
    const handler = (await t.login('handler.dept.housing')).token;
    const [unit] = (await t.db.query("SELECT id FROM units WHERE code = 'dept.housing'")) as { id: string }[];
    const [category] = (await t.db.query('SELECT id FROM categories WHERE defaultUnitId = ? ORDER BY code', [unit?.id])) as { id: string }[];
    const file = () =>
      t.request('POST', '/api/v1/tickets', {
        token: operator,
        body: { channel: 'phone', categoryId: category?.id, type: 'complaint', description: '楼道灯坏了一周', contact: { name: '王女士', phone: '13800000000' } },
      });
    // the first of each action warms what a process caches (the unit tree, the operator's and handler's account state)
    const warm = await file();
    expect((await t.request('POST', `/api/v1/tickets/${warm.body.id}/actions/dispatch`, { token: operator, body: { version: warm.body.version, leadUnitId: unit?.id } })).status).toBe(200);
    expect((await t.request('GET', `/api/v1/tickets/${warm.body.id}`, { token: handler })).status).toBe(200);
    const filed = await file();
    const counted = async (send: () => Promise<{ status: number; body: any }>) => {
      const log = counting();
      try {
        const answer = await send();
        expect(answer.status).toBe(200);
        return { answer, sent: log.sent };
      } finally {
        log.done();
      }
    };
    const dispatched = await counted(() => t.request('POST', `/api/v1/tickets/${filed.body.id}/actions/dispatch`, { token: operator, body: { version: filed.body.version, leadUnitId: unit?.id } }));
    const signed = await counted(() => t.request('POST', `/api/v1/tickets/${filed.body.id}/actions/sign`, { token: handler, body: { version: dispatched.answer.body.version } }));
    const replied = await counted(() =>
      t.request('POST', `/api/v1/tickets/${filed.body.id}/actions/reply`, {
        token: handler,
        body: { version: signed.answer.body.version, content: '已更换灯泡，请查看', handlerName: '张师傅', handlerPhone: '13900000001' },
      }),
    );
    expect([dispatched, signed, replied].map((a) => a.answer.body.status)).toEqual(['dispatched', 'in_progress', 'replied']);
    if (t.driver === 'mysql') {
      const first = (sql: string) => sql.split(';\n').map((one) => one.replace(/`/g, '').split(' ').slice(0, 3).join(' '));
      expect(dispatched.sent.map(first)).toEqual([
        ['SELECT * FROM'],
        ['START TRANSACTION', 'SELECT * FROM', 'SELECT * FROM'],
        ['SELECT note FROM', 'SELECT id FROM', 'UPDATE tickets SET', 'SELECT * FROM'],
        [
          'INSERT INTO ticket_events',
          'INSERT IGNORE INTO',
          'INSERT INTO assessment_items',
          'INSERT INTO assessment_items',
          'INSERT INTO ticket_units',
          'COMMIT',
        ],
      ]);
      expect(signed.sent.map(first)).toEqual([
        ['SELECT * FROM'],
        ['START TRANSACTION', 'UPDATE tickets SET', 'SELECT * FROM'],
        ['INSERT INTO ticket_events', 'SELECT * FROM'],
        ['UPDATE assessment_items SET', 'UPDATE ticket_units SET', 'COMMIT'],
      ]);
      expect(replied.sent.map(first)).toEqual([
        ['SELECT * FROM'],
        // the account's check rides with the guarded update
        ['START TRANSACTION', 'SELECT * FROM', 'SELECT id, number,', 'UPDATE tickets SET', 'SELECT * FROM'],
        ['INSERT INTO ticket_events', 'SELECT * FROM'],
        ['UPDATE assessment_items SET', 'UPDATE ticket_units SET', 'COMMIT'],
      ]);
    }
  });

  it('refuses SQL text with a second statement outside a batch (a value spliced into SQL), and runs none of it', async () => {
    const spliced = "x'; DELETE FROM idempotency_keys; -- ";
    const before = await keys();
    await expect(t.db.query(`SELECT id FROM idempotency_keys WHERE \`key\` = '${spliced}'`)).rejects.toThrow(
      t.driver === 'mysql' ? expect.objectContaining({ code: 'SQL_SEVERAL_STATEMENTS' }) : /more than one statement/,
    );
    await expect(
      batchedTransaction(t.db, async (tx) => {
        await insertRow(tx, IdempotencyKeyEntity, key('spliced-a'));
        await tx.query('UPDATE idempotency_keys SET requestHash = ? WHERE actorId = ?; DELETE FROM idempotency_keys', ['h2', actor]);
      }),
    ).rejects.toThrow(t.driver === 'mysql' ? expect.objectContaining({ code: 'SQL_SEVERAL_STATEMENTS' }) : /more than one statement/);
    expect(await keys()).toEqual(before);
    // parameters carry the same text harmlessly
    expect(await t.db.query('SELECT id FROM idempotency_keys WHERE `key` = ?', [spliced])).toEqual([]);
  });

  it('sends reads asked for later with the next statement: each sees what was written before it and nothing after', async () => {
    const count = "SELECT COUNT(*) AS n FROM idempotency_keys WHERE `key` LIKE 'soon-%'";
    const n = async (read: () => Promise<{ n: unknown }[]>) => Number((await read())[0]?.n);
    const log = counting();
    let seen: number[] = [];
    try {
      await batchedTransaction(t.db, async (tx) => {
        await insertRow(tx, IdempotencyKeyEntity, key('soon-a'));
        const afterOne = await readSoon<{ n: unknown }>(tx, count, []);
        await insertRow(tx, IdempotencyKeyEntity, key('soon-b'));
        const afterTwo = await readSoon<{ n: unknown }>(tx, count, []);
        const third = await tx.query(count); // sends everything held, the two reads among it
        await insertRow(tx, IdempotencyKeyEntity, key('soon-c'));
        const alone = await readSoon<{ n: unknown }>(tx, count, []);
        seen = [await n(afterOne), await n(afterTwo), Number((third as { n: unknown }[])[0]?.n), await n(alone)];
      });
    } finally {
      log.done();
    }
    expect(seen).toEqual([1, 2, 2, 3]);
    if (t.driver === 'mysql') {
      // START, a, read, b, read, the third read; then c with the read asked for first; then COMMIT
      expect(log.sent.map((sql) => sql.split(';\n').length)).toEqual([6, 2, 1]);
    }
    expect((await keys()).filter((k) => k.startsWith('soon-'))).toEqual(['soon-a', 'soon-b', 'soon-c']);
  });

  it('refuses a held read asked for after its transaction rolled back, and the read rejects with the failing statement', async () => {
    let late: (() => Promise<unknown[]>) | undefined;
    await expect(
      batchedTransaction(t.db, async (tx) => {
        await insertRow(tx, IdempotencyKeyEntity, key('soon-dup'));
        await insertRow(tx, IdempotencyKeyEntity, key('soon-dup'));
        late = await readSoon(tx, 'SELECT 1 AS one', []);
        await tx.query('SELECT 2 AS two');
      }),
    ).rejects.toThrow(/Duplicate entry|UNIQUE constraint failed/);
    if (t.driver === 'mysql') await expect(late!()).rejects.toThrow(/Duplicate entry/);
    expect(await keys()).not.toContain('soon-dup');
  });
});
