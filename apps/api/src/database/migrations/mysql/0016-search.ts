import type { MigrationInterface, QueryRunner } from 'typeorm';
import { backfillSearchIndex } from '../../../search/ticket-search.index.js';

/** Tickets' words, segmented in the API and indexed with InnoDB FULLTEXT (docs/adr/0004-search.md); existing tickets indexed here. */
export class Search1795857000000 implements MigrationInterface {
  name = 'Search1795857000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `ticket_search` (`ticketId` varchar(26) NOT NULL, `words` mediumtext NOT NULL, PRIMARY KEY (`ticketId`), FULLTEXT INDEX `ft_ticket_search_words` (`words`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci',
    );
    await backfillSearchIndex((sql, params) => queryRunner.query(sql, params) as Promise<Record<string, unknown>[]>);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `ticket_search`');
  }
}
