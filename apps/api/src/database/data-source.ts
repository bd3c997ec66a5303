import fs from 'node:fs';
import path from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { DATABASE_TIMEOUT_DEFAULTS, type DatabaseConfig } from '../config/config.js';
import { mysqlWithAcquireTimeout, SqlLogger, TimedOutConnectionDestroyer, withoutQueryTimeout } from './mysql-timeouts.js';

/** Every table and every migration: the composition root (`src/schema.ts`) assembles them from the feature folders. */
export interface Schema {
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: readonly Function[];
}

export function dataSourceOptions(db: DatabaseConfig, schema: Schema): DataSourceOptions {
  if (db.driver === 'mysql') {
    return {
      type: 'mysql',
      url: db.url,
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      poolSize: db.poolSize,
      entities: schema.entities,
      migrations: withoutQueryTimeout(schema.migrations),
      migrationsTableName: 'migrations',
      // Versioned migrations only: `synchronize` never runs against MySQL/MariaDB/TiDB.
      synchronize: false,
      // A frozen server answers nothing and closes nothing: every wait on it is bounded (see mysql-timeouts.ts).
      enableQueryTimeout: true,
      maxQueryExecutionTime: db.queryTimeoutMs ?? DATABASE_TIMEOUT_DEFAULTS.queryMs,
      driver: mysqlWithAcquireTimeout(db.acquireTimeoutMs ?? DATABASE_TIMEOUT_DEFAULTS.acquireMs),
      subscribers: [TimedOutConnectionDestroyer],
      logger: new SqlLogger(),
      // trace: false — mysql2 otherwise captures a stack trace for every statement (4 % of a filing's CPU), used only
      // to decorate the stack of a failed statement's error.
      // multipleStatements — a transaction's inserts whose results nobody reads go in one round trip
      // (common/statement-batch.ts). Values go as parameters (escaped by mysql2), never spliced into SQL text, so
      // no value can add a statement.
      extra: { connectTimeout: 3000, enableKeepAlive: true, maxIdle: db.poolSize, idleTimeout: 60000, queueLimit: 200, trace: false, multipleStatements: true },
    };
  }
  fs.mkdirSync(path.dirname(db.path), { recursive: true });
  return {
    type: 'better-sqlite3',
    database: db.path,
    entities: schema.entities,
    // The embedded demo database follows the entities directly; MySQL migrations do not run on SQLite.
    synchronize: true,
    enableWAL: true,
    prepareDatabase: (conn: { pragma: (s: string) => unknown }) => {
      conn.pragma('busy_timeout = 5000');
      conn.pragma('foreign_keys = ON');
    },
  };
}

/** Creates the MySQL database if it is missing (utf8mb4), when the account may. */
export async function ensureMysqlDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`DATABASE_URL: database name "${name}" must match [A-Za-z0-9_]+`);
  u.pathname = '/';
  const mysql = await import('mysql2/promise');
  const conn = await mysql.createConnection({ uri: u.toString(), connectTimeout: 3000 });
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await conn.end();
  }
}

export function createDataSource(db: DatabaseConfig, schema: Schema): DataSource {
  return new DataSource(dataSourceOptions(db, schema));
}
