import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { partsOf } from '../src/tickets/ticket-parts.js';
import { describeOnMysql, dropDatabase, migratedDatabase } from './support/migrated-database.js';

const MINE = 'TicketParts1795858900000';

/**
 * The 0027 migration on a database that already holds tickets: every ticket gets its copy of its units and photos
 * (ticket-parts.ts) from the tables, the schema ends where `TicketEntity` says, and down() takes it back.
 */
describeOnMysql('ticket parts migration (MySQL/MariaDB)', () => {
  let ds: DataSource;
  const applied = async () => ((await ds.query('SELECT name FROM `migrations`')) as { name: string }[]).some((m) => m.name === MINE);
  const T1 = '01JQ0000000000000000000001';
  const T2 = '01JQ0000000000000000000002';
  const T3 = '01JQ0000000000000000000003';

  beforeAll(async () => {
    ds = await migratedDatabase('tp');
    for (let i = 0; i < ds.migrations.length && (await applied()); i++) await ds.undoLastMigration();
    const now = '2026-11-28 09:00:00.000';
    for (const id of [T1, T2, T3]) {
      await ds.query(
        'INSERT INTO `tickets` (`id`, `number`, `status`, `version`, `channel`, `type`, `description`, `confidential`, `createdAt`, `updatedAt`, `urgent`, `urgeCount`, `extensionDays`) VALUES (?, ?, ?, 1, ?, ?, ?, 0, ?, ?, 0, 0, 0)',
        [id, `JYG${id.slice(-8)}`, 'in_progress', 'phone', 'complaint', '路灯不亮', now, now],
      );
    }
    await ds.query(`INSERT INTO \`ticket_units\` (\`ticketId\`, \`unitId\`, \`part\`) VALUES ('${T1}', 'U1', 'lead'), ('${T1}', 'U2', 'cooperating'), ('${T2}', 'U1', 'lead')`);
    // 30 photos on one ticket: more than GROUP_CONCAT's default 1,024 bytes hold
    const photo = (n: number, ticketId: string | null, usage: string | null) =>
      ds.query(
        'INSERT INTO `attachments` (`id`, `ownerId`, `ticketId`, `topicReportId`, `usage`, `mime`, `size`, `width`, `height`, `sha256`, `storageKey`, `thumbKey`, `createdAt`) VALUES (?, ?, ?, NULL, ?, ?, 1, 1, 1, ?, ?, ?, ?)',
        [`01JQA${String(n).padStart(21, '0')}`, 'R1', ticketId, usage, 'image/jpeg', 'x'.repeat(64), `k${n}`, `t${n}`, now],
      );
    for (let n = 1; n <= 30; n++) await photo(n, T1, n === 30 ? 'reply' : 'ticket');
    await photo(31, null, null);
    await ds.runMigrations();
  });
  afterAll(() => dropDatabase(ds));

  it('copies each ticket’s units and photos into its row', async () => {
    expect(await applied()).toBe(true);
    const rows = (await ds.query('SELECT `id`, `parts` FROM `tickets` ORDER BY `id`')) as { id: string; parts: string | null }[];
    const copies = new Map(rows.map((r) => [r.id, partsOf(r)]));
    expect(copies.get(T1)?.units).toEqual([
      { unitId: 'U1', part: 'lead' },
      { unitId: 'U2', part: 'cooperating' },
    ]);
    expect(copies.get(T1)?.photos).toHaveLength(30);
    expect(copies.get(T1)?.photos.at(-1)).toEqual({ id: `01JQA${'30'.padStart(21, '0')}`, usage: 'reply' });
    expect(copies.get(T1)?.photos[0]).toEqual({ id: `01JQA${'1'.padStart(21, '0')}`, usage: 'ticket' });
    expect(copies.get(T2)).toEqual({ units: [{ unitId: 'U1', part: 'lead' }], photos: [] });
    expect(copies.get(T3)).toEqual({ units: [], photos: [] });
  });

  it('leaves tickets as the entity describes them', async () => {
    const pending = await ds.driver.createSchemaBuilder().log();
    // MariaDB's nullable-default noise (see attachments-migration.test.ts): a nullable column re-declared as it is.
    const mine = pending.upQueries.map((q) => q.query).filter((q) => /`parts`/.test(q));
    expect(mine.filter((q) => q !== 'ALTER TABLE `tickets` CHANGE `parts` `parts` text NULL')).toEqual([]);
  });

  it('rolls back: down() removes the column and keeps the rows', async () => {
    await ds.undoLastMigration();
    const columns = (await ds.query("SELECT column_name AS c FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'tickets' AND column_name = 'parts'")) as unknown[];
    expect(columns).toEqual([]);
    expect(Number(((await ds.query('SELECT COUNT(*) AS n FROM `tickets`')) as { n: unknown }[])[0]?.n)).toBe(3);
    await ds.runMigrations();
    expect(await applied()).toBe(true);
  });
});
