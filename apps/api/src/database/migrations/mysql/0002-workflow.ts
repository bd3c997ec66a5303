import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The workflow: deadlines, measured minutes, replies, ratings, and the units taking part in a ticket. */
export class Workflow1795854723482 implements MigrationInterface {
  name = 'Workflow1795854723482';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE \`ticket_units\` (\`ticketId\` varchar(26) NOT NULL, \`unitId\` varchar(26) NOT NULL, \`part\` enum ('lead', 'cooperating', 'assigned') NOT NULL, INDEX \`ix_ticket_units_unit\` (\`unitId\`, \`ticketId\`), PRIMARY KEY (\`ticketId\`, \`unitId\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`urgent\` tinyint NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`assignedUnitId\` varchar(26) NULL`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`statusBeforeReturn\` enum ('submitted', 'accepted', 'dispatched', 'in_progress', 'return_requested', 'replied', 'closed', 'rejected', 'withdrawn', 'merged') NULL`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`dispatchedAt\` datetime(3) NULL`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`signDueAt\` datetime(3) NULL`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`signedAt\` datetime(3) NULL`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`signMinutes\` int NULL`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`signOnTime\` tinyint NULL`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`replyDueAt\` datetime(3) NULL`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`repliedAt\` datetime(3) NULL`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`replyMinutes\` int NULL`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`replyOnTime\` tinyint NULL`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`dueSoonFrom\` datetime(3) NULL`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`dueSoonAt\` datetime(3) NULL`);
    await queryRunner.query(`CREATE INDEX \`ix_tickets_status_due_soon\` ON \`tickets\` (\`status\`, \`dueSoonFrom\`)`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`overdueAt\` datetime(3) NULL`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`lastAutoUrgeDay\` varchar(10) NULL`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`urgeCount\` int NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`pendingExtensionDays\` int NULL`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`extensionDays\` int NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`replyContent\` text NULL`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`handlerName\` varchar(50) NULL`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`handlerPhone\` varchar(20) NULL`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`replyUnitId\` varchar(26) NULL`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`satisfaction\` enum ('satisfied', 'basically_satisfied', 'unsatisfied') NULL`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`resolved\` tinyint NULL`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`ratingComment\` text NULL`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`ratedAt\` datetime(3) NULL`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`rejectReason\` text NULL`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`mergedIntoId\` varchar(26) NULL`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`closedAt\` datetime(3) NULL`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`streetId\` varchar(26) NULL`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`communityId\` varchar(26) NULL`);
    await queryRunner.query(`CREATE INDEX \`ix_tickets_community\` ON \`tickets\` (\`communityId\`, \`id\`)`);
    await queryRunner.query(`CREATE INDEX \`ix_tickets_category\` ON \`tickets\` (\`categoryId\`, \`id\`)`);
    await queryRunner.query(`CREATE INDEX \`ix_tickets_overdue\` ON \`tickets\` (\`overdueAt\`, \`id\`)`);
    await queryRunner.query(`CREATE INDEX \`ix_tickets_status_reply_due\` ON \`tickets\` (\`status\`, \`replyDueAt\`, \`id\`)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`ix_tickets_status_reply_due\` ON \`tickets\``);
    await queryRunner.query(`DROP INDEX \`ix_tickets_overdue\` ON \`tickets\``);
    await queryRunner.query(`DROP INDEX \`ix_tickets_category\` ON \`tickets\``);
    await queryRunner.query(`DROP INDEX \`ix_tickets_community\` ON \`tickets\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`communityId\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`streetId\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`closedAt\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`mergedIntoId\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`rejectReason\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`ratedAt\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`ratingComment\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`resolved\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`satisfaction\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`replyUnitId\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`handlerPhone\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`handlerName\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`replyContent\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`extensionDays\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`pendingExtensionDays\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`urgeCount\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`lastAutoUrgeDay\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`overdueAt\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`dueSoonAt\``);
    await queryRunner.query(`DROP INDEX \`ix_tickets_status_due_soon\` ON \`tickets\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`dueSoonFrom\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`replyOnTime\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`replyMinutes\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`repliedAt\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`replyDueAt\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`signOnTime\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`signMinutes\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`signedAt\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`signDueAt\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`dispatchedAt\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`statusBeforeReturn\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`assignedUnitId\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`urgent\``);
    await queryRunner.query(`DROP TABLE \`ticket_units\``);
  }
}
