import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { describeOnMysql, dropDatabase, migratedDatabase } from './support/migrated-database.js';

const MINE = 'UnitQueues1795856300000';

/**
 * The hand-written 0009 migration on a database that already holds tickets: it fills the new ticket_units columns
 * from the tickets, leaves the schema where `TicketUnitEntity` says, and down() takes it back.
 */
describeOnMysql('unit queues migration (MySQL/MariaDB)', () => {
  let ds: DataSource;
  const applied = async () => ((await ds.query('SELECT name FROM `migrations`')) as { name: string }[]).some((m) => m.name === MINE);
  const columns = async () =>
    ((await ds.query("SELECT column_name AS c FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'ticket_units'")) as { c: string }[])
      .map((r) => r.c)
      .sort();

  beforeAll(async () => {
    ds = await migratedDatabase('uq');
    for (let i = 0; i < ds.migrations.length && (await applied()); i++) await ds.undoLastMigration();
    // Rows written before 0009: one open ticket at two units, one closed ticket.
    const now = '2026-11-28 09:00:00.000';
    const ticket = (id: string, status: string, due: string | null) =>
      ds.query(
        'INSERT INTO `tickets` (`id`, `number`, `status`, `version`, `channel`, `type`, `description`, `confidential`, `createdAt`, `updatedAt`, `replyDueAt`, `urgent`, `urgeCount`, `extensionDays`) VALUES (?, ?, ?, 1, ?, ?, ?, 0, ?, ?, ?, 0, 0, 0)',
        [id, `JYG${id.slice(-8)}`, status, 'phone', 'complaint', '路灯不亮', now, now, due],
      );
    await ticket('01JQ0000000000000000000001', 'in_progress', '2026-12-03 18:00:00.000');
    await ticket('01JQ0000000000000000000002', 'closed', '2026-11-20 18:00:00.000');
    await ds.query("INSERT INTO `ticket_units` (`ticketId`, `unitId`, `part`) VALUES ('01JQ0000000000000000000001', 'U1', 'lead'), ('01JQ0000000000000000000001', 'U2', 'cooperating'), ('01JQ0000000000000000000002', 'U1', 'lead')");
    await ds.runMigrations();
  });
  afterAll(() => dropDatabase(ds));

  it('fills status and deadline of existing rows from their tickets', async () => {
    expect(await applied()).toBe(true);
    const rows = (await ds.query('SELECT `ticketId`, `unitId`, `status`, DATE_FORMAT(`replyDueAt`, "%Y-%m-%d %H:%i") AS due FROM `ticket_units` ORDER BY `ticketId`, `unitId`')) as Record<string, string>[];
    expect(rows).toEqual([
      { ticketId: '01JQ0000000000000000000001', unitId: 'U1', status: 'in_progress', due: '2026-12-03 18:00' },
      { ticketId: '01JQ0000000000000000000001', unitId: 'U2', status: 'in_progress', due: '2026-12-03 18:00' },
      { ticketId: '01JQ0000000000000000000002', unitId: 'U1', status: 'closed', due: '2026-11-20 18:00' },
    ]);
  });

  it('leaves ticket_units as the entity describes it, with the queue index', async () => {
    const pending = await ds.driver.createSchemaBuilder().log();
    const mine = pending.upQueries.map((q) => q.query).filter((q) => /`ticket_units`/.test(q));
    // MariaDB's nullable-default noise (see attachments-migration.test.ts): re-declared nullable columns and the
    // indexes over them. Nothing else may be pending.
    const created = new Set(mine.map((q) => /^CREATE INDEX `(\w+)`/.exec(q)?.[1]).filter(Boolean));
    const real = mine.filter((q) => !/^ALTER TABLE `ticket_units` CHANGE `(\w+)` `\1` .+ NULL$/.test(q) && !created.has(/^(?:DROP|CREATE) INDEX `(\w+)`/.exec(q)?.[1]));
    expect(real).toEqual([]);
    const index = ((await ds.query("SHOW INDEX FROM `ticket_units` WHERE Key_name = 'ix_ticket_units_queue'")) as { Column_name: string; Seq_in_index: number | string }[])
      .sort((a, b) => Number(a.Seq_in_index) - Number(b.Seq_in_index))
      .map((i) => i.Column_name);
    expect(index).toEqual(['unitId', 'status', 'replyDueAt', 'ticketId']);
  });

  it('rolls back: down() removes the columns and the index, and keeps the rows', async () => {
    expect(await columns()).toEqual(['part', 'replyDueAt', 'status', 'ticketId', 'unitId']);
    for (let i = 0; i < ds.migrations.length && (await applied()); i++) await ds.undoLastMigration();
    expect(await columns()).toEqual(['part', 'ticketId', 'unitId']);
    expect(Number(((await ds.query('SELECT COUNT(*) AS n FROM `ticket_units`')) as { n: string }[])[0]!.n)).toBe(3);
  });
});
