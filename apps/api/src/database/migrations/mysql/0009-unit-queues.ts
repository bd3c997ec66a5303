import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A unit's queues read one ordered index range: ticket_units mirrors the ticket's status and reply deadline
 * (kept in each action's transaction) under `ix_ticket_units_queue (unitId, status, replyDueAt, ticketId)`.
 */
export class UnitQueues1795856300000 implements MigrationInterface {
  name = 'UnitQueues1795856300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "ALTER TABLE `ticket_units` ADD `status` enum ('submitted', 'accepted', 'dispatched', 'in_progress', 'return_requested', 'replied', 'closed', 'rejected', 'withdrawn', 'merged') NULL, ADD `replyDueAt` datetime(3) NULL",
    );
    await queryRunner.query('UPDATE `ticket_units` tu JOIN `tickets` t ON t.`id` = tu.`ticketId` SET tu.`status` = t.`status`, tu.`replyDueAt` = t.`replyDueAt`');
    await queryRunner.query('CREATE INDEX `ix_ticket_units_queue` ON `ticket_units` (`unitId`, `status`, `replyDueAt`, `ticketId`)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_ticket_units_queue` ON `ticket_units`');
    await queryRunner.query('ALTER TABLE `ticket_units` DROP COLUMN `replyDueAt`, DROP COLUMN `status`');
  }
}
