import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The provincial 12345 platform: forwarded tickets by their provincial number (unique: one ticket per forward),
 * and the feedback outbox, ordered per ticket by `seq` (docs/adr/0002-province-protocol.md).
 */
export class Province1795856400000 implements MigrationInterface {
  name = 'Province1795856400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `province_tickets` (`ticketId` varchar(26) NOT NULL, `provinceNumber` varchar(40) NOT NULL, `forwardedAt` datetime(3) NOT NULL, `receivedAt` datetime(3) NOT NULL, UNIQUE INDEX `uq_province_tickets_number` (`provinceNumber`), PRIMARY KEY (`ticketId`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci',
    );
    await queryRunner.query(
      "CREATE TABLE `province_outbox` (`id` varchar(26) NOT NULL, `eventId` varchar(26) NOT NULL, `ticketId` varchar(26) NOT NULL, `seq` int NOT NULL, `event` enum ('accepted', 'dispatched', 'signed', 'returned', 'extended', 'replied', 'rated', 'reopened', 'closed', 'rejected', 'merged') NOT NULL, `payload` json NOT NULL, `status` enum ('pending', 'sent', 'rejected') NOT NULL, `attempts` int NOT NULL DEFAULT '0', `nextAttemptAt` datetime(3) NOT NULL, `lockedBy` varchar(64) NULL, `lockedUntil` datetime(3) NULL, `lastError` varchar(500) NULL, `sentAt` datetime(3) NULL, `createdAt` datetime(3) NOT NULL, UNIQUE INDEX `uq_province_outbox_ticket_seq` (`ticketId`, `seq`), INDEX `ix_province_outbox_due` (`status`, `nextAttemptAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `province_outbox`');
    await queryRunner.query('DROP TABLE `province_tickets`');
  }
}
