import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 每月一题: a progress report's photos are attachments (attachments.topicReportId, docs/hotspots.md). */
export class TopicReportPhotos1795857350000 implements MigrationInterface {
  name = 'TopicReportPhotos1795857350000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `attachments` ADD `topicReportId` varchar(26) NULL AFTER `ticketId`, ADD INDEX `ix_attachments_topic_report` (`topicReportId`, `id`)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `attachments` DROP INDEX `ix_attachments_topic_report`, DROP COLUMN `topicReportId`');
  }
}
