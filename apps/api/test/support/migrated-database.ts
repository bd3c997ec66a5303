import { describe } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { ensureMysqlDatabase } from '../../src/database/data-source.js';
import { createDataSource } from '../../src/schema.js';

/** The migration tests run on MySQL/MariaDB only (TEST_DATABASE_URL); SQLite follows the entities itself. */
export const describeOnMysql: typeof describe.skip = process.env.TEST_DATABASE_URL ? describe : describe.skip;

/** A fresh MySQL/MariaDB database named after `tag`, with every migration run. */
export async function migratedDatabase(tag: string): Promise<DataSource> {
  const name = `jyg_t_${process.pid}_${tag}_${Math.random().toString(36).slice(2, 6)}`;
  const url = `${process.env.TEST_DATABASE_URL?.replace(/\/+$/, '')}/${name}`;
  await ensureMysqlDatabase(url);
  const ds = createDataSource({ driver: 'mysql', url, poolSize: 2 });
  await ds.initialize();
  await ds.runMigrations();
  return ds;
}

/** Drops the database `migratedDatabase` made, and lets go of it. */
export async function dropDatabase(ds: DataSource | undefined): Promise<void> {
  if (!ds?.isInitialized) return;
  const [{ name }] = (await ds.query('SELECT DATABASE() AS name')) as [{ name: string }];
  await ds.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await ds.destroy();
}
