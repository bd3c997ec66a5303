import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `tickets.parts`: a copy of each ticket's units and photos as JSON (tickets/ticket-parts.ts), so that reading a
 * ticket is a primary-key select instead of a join of three tables (docs/adr/0008-ticket-parts.md). Every existing
 * ticket gets its copy here, built from `ticket_units` and `attachments` in one statement.
 */
export class TicketParts1795858900000 implements MigrationInterface {
  name = 'TicketParts1795858900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `tickets` ADD `parts` text NULL');
    // A ticket holds at most a few units and a few dozen photos; the default cap (1,024 bytes) is ~20 photos.
    await queryRunner.query('SET SESSION group_concat_max_len = 1048576');
    await queryRunner.query(
      'UPDATE `tickets` t SET t.`parts` = CONCAT(' +
        `'{"units":[', ` +
        "COALESCE((SELECT GROUP_CONCAT(CONCAT('{\"unitId\":', JSON_QUOTE(u.`unitId`), ',\"part\":', JSON_QUOTE(u.`part`), '}') ORDER BY u.`unitId`) FROM `ticket_units` u WHERE u.`ticketId` = t.`id`), ''), " +
        `'],"photos":[', ` +
        "COALESCE((SELECT GROUP_CONCAT(CONCAT('{\"id\":', JSON_QUOTE(a.`id`), ',\"usage\":', COALESCE(JSON_QUOTE(a.`usage`), 'null'), '}') ORDER BY a.`id`) FROM `attachments` a WHERE a.`ticketId` = t.`id`), ''), " +
        `']}')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `tickets` DROP COLUMN `parts`');
  }
}
