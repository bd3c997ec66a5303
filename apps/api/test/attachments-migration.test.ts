import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { describeOnMysql, dropDatabase, migratedDatabase } from './support/migrated-database.js';

/** The hand-written 0004 migration must leave MySQL/MariaDB exactly where `AttachmentEntity` says. */
describeOnMysql('attachments migration (MySQL/MariaDB)', () => {
  let ds: DataSource;

  beforeAll(async () => {
    ds = await migratedDatabase('att');
  });
  afterAll(() => dropDatabase(ds));

  it('creates the table the entity describes: no pending schema change for attachments', async () => {
    const pending = await ds.driver.createSchemaBuilder().log();
    const mine = pending.upQueries.map((q) => q.query).filter((q) => /`attachments`/.test(q));
    // MariaDB reports nullable columns with a default of 'NULL', so TypeORM proposes to re-declare every nullable
    // column and rebuild the indexes on them, for every table alike (tickets, units, …). That noise aside: nothing.
    const created = new Set(mine.map((q) => /^CREATE INDEX `(\w+)`/.exec(q)?.[1]).filter(Boolean));
    const real = mine.filter(
      (q) =>
        !/^ALTER TABLE `attachments` CHANGE `(\w+)` `\1` .+ NULL$/.test(q) &&
        !created.has(/^(?:DROP|CREATE) INDEX `(\w+)`/.exec(q)?.[1]),
    );
    expect(real).toEqual([]);
    expect(mine.every((q) => !/NOT NULL|CREATE TABLE|ADD|DROP COLUMN/.test(q))).toBe(true);
    const indexes = (await ds.query('SHOW INDEX FROM `attachments`')) as { Key_name: string; Non_unique: number | string }[];
    // (ownerId, sha256) is a plain index since the same photo uploaded again may share an attached copy's files.
    expect(indexes.some((i) => i.Key_name === 'uq_attachments_owner_sha256')).toBe(false);
    const bySha = indexes.filter((i) => i.Key_name === 'ix_attachments_owner_sha256');
    expect(bySha.length).toBe(2);
    expect(bySha.every((i) => Number(i.Non_unique) === 1)).toBe(true);
  });

  it('rolls back: down() drops the table', async () => {
    const applied = async () =>
      ((await ds.query('SELECT name FROM `migrations`')) as { name: string }[]).some((m) => m.name === 'Attachments1795855000000');
    const tables = async () =>
      Number(
        ((await ds.query(
          "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'attachments'",
        )) as { n: number | string }[])[0]!.n,
      );
    expect(await tables()).toBe(1);
    for (let i = 0; i < ds.migrations.length && (await applied()); i++) await ds.undoLastMigration();
    expect(await applied()).toBe(false);
    expect(await tables()).toBe(0);
  });
});
