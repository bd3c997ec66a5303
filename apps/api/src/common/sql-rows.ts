import type { DataSource, EntityManager, EntityMetadata, ObjectLiteral } from 'typeorm';
import { readSoon, sendLater, sendPair } from './statement-batch.js';

/**
 * Whole-row INSERTs and row hydration for hot paths, through TypeORM's own metadata and driver conversions
 * (dates, booleans, json exactly as `insert`/`find` store and read them), without its query builder: building
 * and hydrating queries cost more CPU than the round trip on intake. Works on MySQL/MariaDB and SQLite.
 */
const insertSql = new WeakMap<EntityMetadata, string>();

/**
 * One INSERT of every column of the entity (the type makes the caller give each one, no database defaults). Held
 * and sent with the transaction's next statement when a batch is open (statement-batch.ts).
 */
export async function insertRow<T extends ObjectLiteral>(tx: EntityManager, entity: new () => T, row: T): Promise<void> {
  const { driver } = tx.connection;
  const meta = tx.connection.getMetadata(entity);
  let sql = insertSql.get(meta);
  if (sql === undefined) {
    const names = meta.columns.map((c) => driver.escape(c.databaseName)).join(', ');
    sql = `INSERT INTO ${driver.escape(meta.tableName)} (${names}) VALUES (${meta.columns.map(() => '?').join(', ')})`;
    insertSql.set(meta, sql);
  }
  await sendLater(tx, sql, meta.columns.map((c) => driver.preparePersistentValue(c.getEntityValue(row) ?? null, c)));
}

/** `UPDATE … SET set WHERE where`, columns by property name, values converted as TypeORM's `update` would. */
function updateStatement<T extends ObjectLiteral>(tx: EntityManager, entity: new () => T, where: Partial<T>, set: Partial<T>): { sql: string; params: unknown[] } | null {
  const { driver } = tx.connection;
  const meta = tx.connection.getMetadata(entity);
  const column = (name: string) => {
    const c = meta.findColumnWithPropertyName(name);
    if (!c) throw new Error(`${meta.tableName} has no column ${name}`);
    return c;
  };
  // a property left undefined is not set (as TypeORM's `update` skips it); a condition must have its value
  const sets = Object.keys(set)
    .filter((name) => set[name] !== undefined)
    .map(column);
  const conds = Object.keys(where).map(column);
  if (conds.length === 0 || conds.some((c) => c.getEntityValue(where) === undefined)) throw new Error(`${meta.tableName}: an update needs a value for each condition`);
  if (sets.length === 0) return null;
  const value = (c: (typeof sets)[number], row: Partial<T>) => driver.preparePersistentValue(c.getEntityValue(row) ?? null, c);
  return {
    sql:
      `UPDATE ${driver.escape(meta.tableName)} SET ${sets.map((c) => `${driver.escape(c.databaseName)} = ?`).join(', ')} ` +
      `WHERE ${conds.map((c) => `${driver.escape(c.databaseName)} = ?`).join(' AND ')}`,
    params: [...sets.map((c) => value(c, set)), ...conds.map((c) => value(c, where))],
  };
}

/** Refuses a key that leaves a primary column out: a write by key must reach one row at most. */
function requireWholeKey(meta: EntityMetadata, key: ObjectLiteral, what: string): void {
  if (meta.primaryColumns.some((c) => c.getEntityValue(key) === undefined)) throw new Error(`${what}: ${meta.tableName} needs its whole primary key`);
}

/**
 * Columns of a row changed by its primary key (`key` gives every primary column). Held and sent with the
 * transaction's next statement when a batch is open: for a write whose result is not read.
 */
export async function updateRow<T extends ObjectLiteral>(tx: EntityManager, entity: new () => T, key: Partial<T>, set: Partial<T>): Promise<void> {
  requireWholeKey(tx.connection.getMetadata(entity), key, 'updateRow');
  const statement = updateStatement(tx, entity, key, set);
  if (statement) await sendLater(tx, statement.sql, statement.params);
}

/**
 * A guarded update (`WHERE id = ? AND version = ?`, `where` holding the row's `id`), sent now in the caller's
 * transaction without the update query builder's CPU, then the row as the update left it; `null` if the guard no
 * longer held. One round trip where the transaction batches (the read goes in the update's packet), two elsewhere.
 */
export async function updateGuardedThenRead<T extends ObjectLiteral>(
  tx: EntityManager,
  entity: new () => T,
  id: string,
  where: Partial<T>,
  set: Partial<T>,
): Promise<T | null> {
  if (!tx.queryRunner) throw new Error('updateGuardedThenRead runs in a transaction');
  const statement = updateStatement(tx, entity, where, set);
  if (!statement) throw new Error('updateGuardedThenRead: nothing to set');
  const meta = tx.connection.getMetadata(entity);
  if (meta.primaryColumns[0]?.getEntityValue(where) !== id) throw new Error("updateGuardedThenRead: the condition must hold the row's id");
  const pair = await sendPair(tx, statement, { sql: selectByIdSql(tx.connection, meta), params: [id] });
  if (pair === null) {
    const result = await tx.queryRunner.query(statement.sql, statement.params, true);
    return result.affected === 1 ? findRow(tx, entity, id) : null;
  }
  const [header, rows] = pair as [{ affectedRows?: number }, Record<string, unknown>[]];
  return header.affectedRows === 1 && rows[0] ? hydrateRow(tx.connection, entity, rows[0]) : null;
}

/** A row deleted by its whole primary key, held like `updateRow`. */
export async function deleteRow<T extends ObjectLiteral>(tx: EntityManager, entity: new () => T, key: Partial<T>): Promise<void> {
  const { driver } = tx.connection;
  const meta = tx.connection.getMetadata(entity);
  const keys = meta.primaryColumns;
  requireWholeKey(meta, key, 'deleteRow');
  const sql = `DELETE FROM ${driver.escape(meta.tableName)} WHERE ${keys.map((c) => `${driver.escape(c.databaseName)} = ?`).join(' AND ')}`;
  await sendLater(tx, sql, keys.map((c) => driver.preparePersistentValue(c.getEntityValue(key), c)));
}

/** The entity from a raw result row holding its columns under their database names (e.g. `SELECT t.*`). */
export function hydrateRow<T extends ObjectLiteral>(db: DataSource, entity: new () => T, raw: Record<string, unknown>): T {
  const meta = db.getMetadata(entity);
  const out = new entity() as Record<string, unknown>;
  for (const c of meta.columns) out[c.propertyName] = db.driver.prepareHydratedValue(raw[c.databaseName], c);
  return out as T;
}

const selectSql = new WeakMap<EntityMetadata, string>();

/**
 * An entity by its one-column primary key: one `SELECT *`, hydrated as `findOneBy` would. An action reads its
 * ticket three times (the access check, inside its transaction, after the write); the query builder's SQL and
 * hydration were a third of the API's CPU for an action (docs/performance.md, session 13).
 */
export async function findRow<T extends ObjectLiteral>(manager: EntityManager, entity: new () => T, id: string): Promise<T | null> {
  const db = manager.connection;
  const rows = (await manager.query(selectByIdSql(db, db.getMetadata(entity)), [id])) as Record<string, unknown>[];
  return rows[0] ? hydrateRow(db, entity, rows[0]) : null;
}

function selectByIdSql(db: DataSource, meta: EntityMetadata): string {
  let sql = selectSql.get(meta);
  if (sql === undefined) {
    const [key, ...more] = meta.primaryColumns;
    if (!key || more.length > 0) throw new Error(`findRow: ${meta.tableName} has no single-column primary key`);
    sql = `SELECT * FROM ${db.driver.escape(meta.tableName)} WHERE ${db.driver.escape(key.databaseName)} = ?`;
    selectSql.set(meta, sql);
  }
  return sql;
}

const whereSql = new WeakMap<EntityMetadata, Map<string, string>>();

/**
 * Rows meeting every condition of `where` (property names; `null` reads `IS NULL`, an array `IN`): one `SELECT *`,
 * hydrated as `findBy` would, without the query builder's CPU (an action reads its units, category and assessment
 * items this way).
 */
export async function findRows<T extends ObjectLiteral>(manager: EntityManager, entity: new () => T, where: Where<T>): Promise<T[]> {
  const db = manager.connection;
  const statement = selectWhere(db, db.getMetadata(entity), where);
  if (statement === null) return [];
  const rows = (await manager.query(statement.sql, statement.params)) as Record<string, unknown>[];
  return rows.map((raw) => hydrateRow(db, entity, raw));
}

/**
 * `findRows`, its SELECT held to go with the transaction's next round trip (`readSoon`): ask for the rows when they
 * are needed. Two reads that do not depend on each other then cost one round trip.
 */
export async function findRowsSoon<T extends ObjectLiteral>(tx: EntityManager, entity: new () => T, where: Where<T>): Promise<() => Promise<T[]>> {
  const db = tx.connection;
  const statement = selectWhere(db, db.getMetadata(entity), where);
  if (statement === null) return () => Promise.resolve([]);
  const rows = await readSoon<Record<string, unknown>>(tx, statement.sql, statement.params);
  return async () => (await rows()).map((raw) => hydrateRow(db, entity, raw));
}

type Where<T> = { [K in keyof T]?: T[K] | readonly NonNullable<T[K]>[] };

function selectWhere<T extends ObjectLiteral>(db: DataSource, meta: EntityMetadata, where: Where<T>): { sql: string; params: unknown[] } | null {
  const names = Object.keys(where).filter((name) => where[name] !== undefined);
  if (names.length === 0) throw new Error(`findRows: ${meta.tableName} needs a condition`);
  const columns = names.map((name) => {
    const c = meta.findColumnWithPropertyName(name);
    if (!c) throw new Error(`${meta.tableName} has no column ${name}`);
    return c;
  });
  const values = columns.map((c) => c.getEntityValue(where) as unknown);
  if (values.some((v) => Array.isArray(v) && v.length === 0)) return null;
  const test = (v: unknown) => (v === null ? 'IS NULL' : Array.isArray(v) ? `IN (${v.map(() => '?').join(', ')})` : '= ?');
  const shape = names.map((name, i) => `${name} ${test(values[i])}`).join(',');
  let byShape = whereSql.get(meta);
  if (byShape === undefined) whereSql.set(meta, (byShape = new Map()));
  let sql = byShape.get(shape);
  if (sql === undefined) {
    sql = `SELECT * FROM ${db.driver.escape(meta.tableName)} WHERE ${columns.map((c, i) => `${db.driver.escape(c.databaseName)} ${test(values[i])}`).join(' AND ')}`;
    byShape.set(shape, sql);
  }
  const params = columns.flatMap((c, i) => {
    const v = values[i];
    if (v === null) return [];
    return (Array.isArray(v) ? v : [v]).map((one: unknown) => db.driver.preparePersistentValue(one, c));
  });
  return { sql, params };
}

/** A LIKE pattern matching `term` anywhere, its wildcards escaped (use with `ESCAPE '!'`). */
export const likePattern = (term: string) => `%${term.replace(/[!%_]/g, (m) => `!${m}`)}%`;
