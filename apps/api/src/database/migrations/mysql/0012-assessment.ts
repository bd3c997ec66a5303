import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 考—评 (docs/assessment.md): the composite score's weights, published bulletins with their frozen figures and
 * items, and an index to find a period's dispatches, ratings and closes by action and time.
 */
export class Assessment1795856600000 implements MigrationInterface {
  name = 'Assessment1795856600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `assessment_settings` (`id` varchar(16) NOT NULL, `weights` json NOT NULL, `updatedBy` varchar(26) NULL, `updatedAt` datetime(3) NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci',
    );
    await queryRunner.query(
      "CREATE TABLE `assessment_bulletins` (`id` varchar(26) NOT NULL, `kind` enum ('weekly', 'xun', 'monthly', 'yearly') NOT NULL, `periodStart` varchar(10) NOT NULL, `periodEnd` varchar(10) NOT NULL, `title` varchar(100) NOT NULL, `version` int NOT NULL, `correctsId` varchar(26) NULL, `reason` text NULL, `figures` json NOT NULL, `diff` json NULL, `publishedBy` varchar(26) NOT NULL, `publishedAt` datetime(3) NOT NULL, `asOf` datetime(3) NOT NULL, UNIQUE INDEX `uq_assessment_bulletins_period_version` (`kind`, `periodStart`, `version`), PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
    );
    await queryRunner.query(
      'CREATE TABLE `assessment_bulletin_items` (`bulletinId` varchar(26) NOT NULL, `metric` varchar(16) NOT NULL, `itemKey` varchar(26) NOT NULL, `unitKey` varchar(26) NOT NULL, `ticketId` varchar(26) NOT NULL, `ticketNumber` varchar(20) NOT NULL, `counted` tinyint NOT NULL, `onTime` tinyint NULL, `at` datetime(3) NOT NULL, INDEX `ix_assessment_bulletin_items_figure` (`bulletinId`, `metric`, `unitKey`, `itemKey`), PRIMARY KEY (`bulletinId`, `metric`, `itemKey`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci',
    );
    await queryRunner.query('CREATE INDEX `ix_ticket_events_action_time` ON `ticket_events` (`action`, `createdAt`, `ticketId`)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_ticket_events_action_time` ON `ticket_events`');
    await queryRunner.query('DROP TABLE `assessment_bulletin_items`');
    await queryRunner.query('DROP TABLE `assessment_bulletins`');
    await queryRunner.query('DROP TABLE `assessment_settings`');
  }
}
