import type { MigrationInterface, QueryRunner } from 'typeorm';
import { backfillKnowledgeIndex, backfillSearchIndex } from '../../../search/ticket-search.index.js';

/** Tickets' and knowledge entries' words, segmented in the API and indexed with InnoDB FULLTEXT (docs/adr/0004-search.md); existing tickets indexed here. */
export class Search1795857000000 implements MigrationInterface {
  name = 'Search1795857000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `ticket_search` (`ticketId` varchar(26) NOT NULL, `words` mediumtext NOT NULL, PRIMARY KEY (`ticketId`), FULLTEXT INDEX `ft_ticket_search_words` (`words`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci',
    );
    await queryRunner.query(
      'CREATE TABLE `knowledge_search` (`entryId` varchar(26) NOT NULL, `words` mediumtext NOT NULL, PRIMARY KEY (`entryId`), FULLTEXT INDEX `ft_knowledge_search_words` (`words`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci',
    );
    const query = (sql: string, params?: unknown[]) => queryRunner.query(sql, params) as Promise<Record<string, unknown>[]>;
    await backfillSearchIndex(query);
    await backfillKnowledgeIndex(query);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `knowledge_search`');
    await queryRunner.query('DROP TABLE `ticket_search`');
  }
}
