import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The knowledge base operators answer callers from. Written by hand to match `KnowledgeEntryEntity` column for
 * column (the SQLite database follows the entity through `synchronize`).
 *
 * Search is portable LIKE for now (see KnowledgeService); the later path on MySQL is a
 * `FULLTEXT INDEX ... (title, keywords, content) WITH PARSER ngram` in a migration of its own.
 */
export class Knowledge1795854900000 implements MigrationInterface {
  name = 'Knowledge1795854900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE \`knowledge_entries\` (\`id\` varchar(26) NOT NULL, \`title\` varchar(100) NOT NULL, \`content\` text NOT NULL, \`categoryId\` varchar(26) NULL, \`keywords\` varchar(200) NOT NULL, \`active\` tinyint NOT NULL DEFAULT 1, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, INDEX \`ix_knowledge_category\` (\`categoryId\`, \`id\`), INDEX \`ix_knowledge_active\` (\`active\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`knowledge_entries\``);
  }
}
