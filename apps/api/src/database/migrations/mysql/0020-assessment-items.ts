import type { MigrationInterface, QueryRunner } from 'typeorm';
import { rebuildAssessmentItems } from '../../../assessment/assessment-history.js';

/**
 * 考—评's roll-up (docs/assessment.md, "Speed"): one row per assessed item, written by the action writer from now
 * on; existing tickets' items are folded from their events here. The primary key `(metric, at, itemKey)` clusters a
 * period's items of a figure together, so a figure is one range read.
 */
export class AssessmentItems1795857400000 implements MigrationInterface {
  name = 'AssessmentItems1795857400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `assessment_items` (`metric` varchar(16) NOT NULL, `at` datetime(3) NOT NULL, `itemKey` varchar(26) NOT NULL, `ticketId` varchar(26) NOT NULL, ' +
        '`ticketNumber` varchar(20) NOT NULL, `unitId` varchar(26) NULL, `categoryId` varchar(26) NULL, `communityId` varchar(26) NULL, `dueAt` datetime(3) NULL, ' +
        '`doneAt` datetime(3) NULL, `counted` tinyint NOT NULL, `onTime` tinyint NULL, INDEX `ix_assessment_items_ticket` (`ticketId`), ' +
        'INDEX `ix_assessment_items_unit` (`unitId`, `metric`, `at`), PRIMARY KEY (`metric`, `at`, `itemKey`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci',
    );
    await rebuildAssessmentItems(queryRunner.manager, null);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `assessment_items`');
  }
}
