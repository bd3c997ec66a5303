import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The notification outbox, and the WeChat openid staff bind for their own notifications. */
export class Notifications1795855600000 implements MigrationInterface {
  name = 'Notifications1795855600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE TABLE `outbox_messages` (`id` varchar(26) NOT NULL, `eventId` varchar(26) NOT NULL, `ticketId` varchar(26) NOT NULL, `recipientKind` enum ('resident', 'staff') NOT NULL, `recipientId` varchar(26) NOT NULL, `topic` enum ('accepted', 'dispatched', 'replied', 'closed', 'rejected', 'urged') NOT NULL, `payload` json NOT NULL, `status` enum ('pending', 'sent', 'skipped', 'failed') NOT NULL, `attempts` int NOT NULL DEFAULT '0', `nextAttemptAt` datetime(3) NOT NULL, `lockedBy` varchar(64) NULL, `lockedUntil` datetime(3) NULL, `lastError` varchar(500) NULL, `sentAt` datetime(3) NULL, `createdAt` datetime(3) NOT NULL, UNIQUE INDEX `uq_outbox_event_recipient` (`eventId`, `recipientKind`, `recipientId`), INDEX `ix_outbox_due` (`status`, `nextAttemptAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
    );
    await queryRunner.query('ALTER TABLE `staff` ADD `wechatOpenid` varchar(64) NULL');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `staff` DROP COLUMN `wechatOpenid`');
    await queryRunner.query('DROP TABLE `outbox_messages`');
  }
}
