import type { MigrationInterface, QueryRunner } from 'typeorm';
import { backfillTicketWords } from '../../../search/ticket-search.index.js';

/**
 * Tickets' words as B-tree postings `ticket_words (token, ticketId)` instead of the FULLTEXT table of 0016: a page
 * of a common word is a page of one ordered index range (docs/adr/0004-search.md). Existing tickets indexed here.
 * The token is compared byte for byte (utf8mb4_bin); ticketId has the collation of tickets.id, so joins use the keys.
 */
export class SearchPostings1795857450000 implements MigrationInterface {
  name = 'SearchPostings1795857450000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `ticket_words` (`token` varchar(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL, `ticketId` varchar(26) NOT NULL, PRIMARY KEY (`token`, `ticketId`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci',
    );
    await backfillTicketWords((sql, params) => queryRunner.query(sql, params) as Promise<Record<string, unknown>[]>, true);
    await queryRunner.query('DROP TABLE `ticket_search`');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `ticket_search` (`ticketId` varchar(26) NOT NULL, `words` mediumtext NOT NULL, PRIMARY KEY (`ticketId`), FULLTEXT INDEX `ft_ticket_search_words` (`words`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci',
    );
    await queryRunner.query('DROP TABLE `ticket_words`');
  }
}
