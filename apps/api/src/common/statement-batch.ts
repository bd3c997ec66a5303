import { Logger } from '@nestjs/common';
import { type DataSource, type DataSourceOptions, type EntityManager, QueryResult, type QueryRunner } from 'typeorm';
import { isUnknownVariable } from '../database/db-errors.js';
import { refuseSeveralStatements, sendingBatch } from '../database/one-statement.js';

/**
 * Transactions whose statements nobody reads the result of (START TRANSACTION, the rows of a new ticket, its
 * postings, its event, the idempotency key, COMMIT) go to the database together, in one round trip: each statement
 * to MariaDB is a socket write and a wait, and they were most of a filing's CPU (docs/performance.md). Only on
 * MySQL/MariaDB with `multipleStatements` (data-source.ts); elsewhere (SQLite: in-process, no round trips) it is a
 * plain transaction and every statement is sent at once.
 *
 * Order is kept: any other statement in the transaction (a read, an update, a query builder's insert) is sent
 * after what is held, in the same round trip (its caller gets its own result), so it runs after START and sees
 * the held rows. COMMIT goes with the last held statements; the
 * server stops at the first one that fails (a duplicate key, a deadlock) and runs no COMMIT, the error reaches
 * the caller as before, and the transaction is rolled back (ROLLBACK; or nothing at all when nothing was sent).
 * Work that throws drops what is held.
 *
 * Never on a Galera node (`wsrep_on`): there a transaction that loses a certification conflict while the server runs
 * a several-statement packet is rolled back without the error reaching the client, and the rest of the packet (its
 * event, its COMMIT) runs on in autocommit: both of two concurrent signs were answered 200 and the loser's rows
 * were written outside any transaction (MariaDB 10.11, docs/adr/0009-no-statement-batches-on-galera.md). Each
 * statement goes alone there, and the error reaches the caller.
 */
interface Held {
  sql: string[];
  params: unknown[];
  /** START TRANSACTION is among the held statements: nothing of the transaction has reached the server. */
  unstarted: boolean;
  /** Reads held among them (`readSoon`): their place in `sql`, and where their rows go when it is sent. */
  reads: { at: number; slot: ReadSlot }[];
}

interface ReadSlot {
  done?: { rows: unknown } | { error: unknown };
}

/** An open batched transaction: what it holds, and how it sends that with more statements in one round trip. */
interface Batch {
  held: Held;
  /** What is held, then `last`, in one round trip: the results, one a statement. */
  send: (last?: string, lastParams?: unknown[]) => Promise<unknown[]>;
}

const open = new WeakMap<QueryRunner, Batch>();

function canBatch(options: DataSourceOptions): boolean {
  const o = options as { type: string; extra?: { multipleStatements?: boolean } };
  return o.type === 'mysql' && o.extra?.multipleStatements === true;
}

const batching = new WeakMap<DataSource, Promise<boolean>>();

/** Whether `db` takes a transaction's statements together: asked of the server once (a Galera node does not). */
export function batchesStatements(db: DataSource): Promise<boolean> {
  let known = batching.get(db);
  if (known === undefined) {
    known = canBatch(db.options) ? notGalera(db) : Promise.resolve(false);
    batching.set(db, known);
    // the server could not be asked (down, say): asked again by the next transaction
    known.catch(() => batching.delete(db));
  }
  return known;
}

async function notGalera(db: DataSource): Promise<boolean> {
  let rows: { wsrep: unknown }[];
  try {
    rows = (await db.query('SELECT @@wsrep_on AS wsrep')) as { wsrep: unknown }[];
  } catch (err) {
    if (isUnknownVariable(err)) return true;
    throw err;
  }
  const galera = Number(rows[0]?.wsrep) === 1;
  if (galera) new Logger('Database').log('Galera node (wsrep_on): a transaction\'s statements are sent one by one, not batched');
  return !galera;
}

type Query = QueryRunner['query'];

/** `db.transaction(work)`, with the statements `sendLater` gives it held and sent together (see above). */
export async function batchedTransaction<T>(db: DataSource, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  if (!(await batchesStatements(db))) return db.transaction(work);
  const qr = db.createQueryRunner();
  const original = qr.query;
  const held: Held = { sql: [], params: [], unstarted: false, reads: [] };
  const drop = () => {
    held.sql = [];
    held.params = [];
    held.unstarted = false;
    held.reads = [];
  };
  const send = async (last?: string, lastParams: unknown[] = []): Promise<unknown[]> => {
    if (last) {
      held.sql.push(last);
      for (const p of lastParams) held.params.push(p);
    }
    if (held.sql.length === 0) return [];
    const { sql: statements, params, reads } = held;
    drop();
    let results: unknown[];
    try {
      const raw = await sendingBatch(qr, () => original.call(qr, statements.join(';\n'), params));
      // one statement's answer comes alone, several come as a list
      results = statements.length === 1 ? [raw] : (raw as unknown[]);
    } catch (error) {
      for (const r of reads) r.slot.done = { error };
      throw error;
    }
    for (const r of reads) r.slot.done = { rows: results[r.at] };
    return results;
  };
  qr.query = async function (this: QueryRunner, ...args: Parameters<Query>) {
    const [sql] = args;
    if (sql === 'START TRANSACTION' && held.sql.length === 0) {
      held.sql.push(sql);
      held.unstarted = true;
      return undefined;
    }
    if (sql === 'COMMIT') {
      await send(sql);
      return undefined;
    }
    if (sql === 'ROLLBACK') {
      const unstarted = held.unstarted;
      drop();
      if (unstarted) return undefined;
    } else if (held.sql.length > 0) {
      // What is held goes first, in the same round trip; the caller gets this statement's result, as if sent alone.
      // TypeORM's overloads: (sql, parameters?) and (sql, parameters, useStructuredResult)
      const [statement, params, structured] = args as unknown as [string, unknown[] | undefined, boolean | undefined];
      // the caller's own text is checked as if sent alone: inside the batch the logger lets several statements through
      refuseSeveralStatements(statement, undefined);
      const results = await send(statement, params);
      const raw = results[results.length - 1] as { affectedRows?: number } | unknown[];
      if (!structured) return raw;
      const result = new QueryResult();
      result.raw = raw;
      if (Array.isArray(raw)) result.records = raw;
      if (!Array.isArray(raw) && typeof raw?.affectedRows === 'number') result.affected = raw.affectedRows;
      return result;
    }
    return original.apply(qr, args);
  } as Query;
  open.set(qr, { held, send });
  try {
    return await qr.manager.transaction(work);
  } finally {
    open.delete(qr);
    delete (qr as Partial<QueryRunner>).query;
    await qr.release();
  }
}

/** A statement whose result is not read: held in a batched transaction (sent with its next statement), else sent now. */
export async function sendLater(tx: EntityManager, sql: string, params: unknown[]): Promise<void> {
  const batch = openBatch(tx);
  if (batch) {
    batch.held.sql.push(sql);
    for (const p of params) batch.held.params.push(p);
    return;
  }
  await tx.query(sql, params);
}

export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * Two statements whose results are both read (an update's count, then a read that sees it), sent with what is held
 * in one round trip when the transaction batches; `null` when it does not, and the caller sends them one by one.
 * The raw results: the first's header (`affectedRows`), the second's rows.
 */
export async function sendPair(tx: EntityManager, first: Statement, second: Statement): Promise<[unknown, unknown] | null> {
  const batch = openBatch(tx);
  if (!batch) return null;
  refuseSeveralStatements(first.sql, undefined);
  refuseSeveralStatements(second.sql, undefined);
  batch.held.sql.push(first.sql);
  for (const p of first.params) batch.held.params.push(p);
  const results = await batch.send(second.sql, second.params);
  return [results[results.length - 2], results[results.length - 1]];
}

/**
 * A read whose rows are wanted later in the transaction: held in a batched transaction and sent with its next round
 * trip (a statement whose result is read, or COMMIT), or on its own when its rows are asked for first. It sees what
 * was written before it and nothing after, as if sent now; elsewhere it is sent and answered now (await it before the
 * next statement). Ask within the transaction.
 */
export async function readSoon<R>(tx: EntityManager, sql: string, params: unknown[]): Promise<() => Promise<R[]>> {
  const batch = openBatch(tx);
  if (!batch) {
    const rows = (await tx.query(sql, params)) as R[];
    return () => Promise.resolve(rows);
  }
  refuseSeveralStatements(sql, undefined);
  const slot: ReadSlot = {};
  batch.held.reads.push({ at: batch.held.sql.length, slot });
  batch.held.sql.push(sql);
  for (const p of params) batch.held.params.push(p);
  return async () => {
    if (!slot.done) await batch.send();
    if (!slot.done) throw new Error('readSoon: asked for after its transaction ended');
    if ('error' in slot.done) throw slot.done.error;
    return slot.done.rows as R[];
  };
}

function openBatch(tx: EntityManager): Batch | undefined {
  const batch = tx.queryRunner ? open.get(tx.queryRunner) : undefined;
  return batch && tx.queryRunner?.isTransactionActive ? batch : undefined;
}
