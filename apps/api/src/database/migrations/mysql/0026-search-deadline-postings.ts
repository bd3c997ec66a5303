import type { MigrationInterface, QueryRunner } from 'typeorm';
import { backfillDeadlineWords } from '../../../search/ticket-search.index.js';

/**
 * Words in deadline order: `ticket_words_due (token, replyDueAt, ticketId)`, the postings of every ticket with a
 * reply deadline keyed by that deadline, so a word's tickets by deadline are one ordered range read from the cursor
 * for a page, instead of all of a rare word's tickets read and sorted (which grew with the history;
 * docs/adr/0004-search.md, "Deadline postings"). TicketWriter moves a ticket's rows when its deadline changes, in
 * the same transaction. Existing tickets are copied here from their postings and their deadline.
 */
export class SearchDeadlinePostings1795858800000 implements MigrationInterface {
  name = 'SearchDeadlinePostings1795858800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `ticket_words_due` (`token` varchar(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL, `replyDueAt` datetime(3) NOT NULL, `ticketId` varchar(26) NOT NULL, PRIMARY KEY (`token`, `replyDueAt`, `ticketId`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci',
    );
    await backfillDeadlineWords((sql, params) => queryRunner.query(sql, params) as Promise<Record<string, unknown>[]>, true);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `ticket_words_due`');
  }
}
