import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 每月一题: topics, the units' reports, topic↔ticket tags and the tagger's cursor (docs/hotspots.md). */
export class Topics1795856900000 implements MigrationInterface {
  name = 'Topics1795856900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const tail = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
    await queryRunner.query(
      "CREATE TABLE `topics` (`id` varchar(26) NOT NULL, `title` varchar(100) NOT NULL, `problem` text NOT NULL, `month` varchar(7) NOT NULL, `rule` json NOT NULL, `status` enum ('selected', 'assigned', 'answering', 'evaluated') NOT NULL, `source` json NULL, `leadUnitId` varchar(26) NULL, `cooperatingUnitIds` json NOT NULL, `standard` text NULL, `deadline` varchar(10) NULL, `verdict` enum ('solved', 'partly_solved', 'unsolved') NULL, `verdictNote` text NULL, `version` int NOT NULL, `createdBy` varchar(26) NOT NULL, `createdAt` datetime(3) NOT NULL, `updatedAt` datetime(3) NOT NULL, `assignedAt` datetime(3) NULL, `evaluatedBy` varchar(26) NULL, `evaluatedAt` datetime(3) NULL, INDEX `ix_topics_month` (`month`, `id`), PRIMARY KEY (`id`)) " +
        tail,
    );
    await queryRunner.query(
      'CREATE TABLE `topic_reports` (`id` varchar(26) NOT NULL, `topicId` varchar(26) NOT NULL, `unitId` varchar(26) NOT NULL, `authorId` varchar(26) NOT NULL, `content` text NOT NULL, `createdAt` datetime(3) NOT NULL, INDEX `ix_topic_reports_topic` (`topicId`, `id`), PRIMARY KEY (`id`)) ' +
        tail,
    );
    await queryRunner.query(
      "CREATE TABLE `topic_tickets` (`topicId` varchar(26) NOT NULL, `ticketId` varchar(26) NOT NULL, `source` enum ('auto', 'manual') NOT NULL, `taggedBy` varchar(26) NULL, `taggedAt` datetime(3) NOT NULL, `removedAt` datetime(3) NULL, INDEX `ix_topic_tickets_ticket` (`ticketId`), PRIMARY KEY (`topicId`, `ticketId`)) " +
        tail,
    );
    await queryRunner.query('CREATE TABLE `topic_tag_cursor` (`id` varchar(16) NOT NULL, `lastTicketId` varchar(26) NOT NULL, `updatedAt` datetime(3) NOT NULL, PRIMARY KEY (`id`)) ' + tail);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const t of ['topic_tag_cursor', 'topic_tickets', 'topic_reports', 'topics']) await queryRunner.query(`DROP TABLE \`${t}\``);
  }
}
