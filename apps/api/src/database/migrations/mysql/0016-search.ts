import type { MigrationInterface, QueryRunner } from 'typeorm';
import { indexText } from '../../../search/search-text.js';
import { backfillKnowledgeIndex, searchableText } from '../../../search/ticket-search.index.js';

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

/** Indexes every ticket into the FULLTEXT table, a thousand at a time in id order (0017 replaces that table by postings). */
async function backfillSearchIndex(query: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>): Promise<number> {
  let after = '';
  let n = 0;
  for (;;) {
    const rows = await query('SELECT id, title, description FROM tickets WHERE id > ? ORDER BY id LIMIT 1000', [after]);
    if (rows.length === 0) return n;
    const values = rows.map((r) => [r.id as string, indexText(searchableText(r as { title: string | null; description: string }))]);
    await query(`INSERT INTO ticket_search (ticketId, words) VALUES ${values.map(() => '(?, ?)').join(', ')}`, values.flat());
    n += rows.length;
    after = rows.at(-1)?.id as string;
  }
}
