import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Uploaded photos. Written by hand to match `AttachmentEntity` column for column (the SQLite database follows the
 * entity through `synchronize`). `usage` is a reserved word in MySQL: always quoted.
 */
export class Attachments1795855000000 implements MigrationInterface {
  name = 'Attachments1795855000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE \`attachments\` (\`id\` varchar(26) NOT NULL, \`ownerId\` varchar(26) NOT NULL, \`ticketId\` varchar(26) NULL, \`usage\` enum ('ticket', 'supplement', 'reply') NULL, \`mime\` varchar(32) NOT NULL, \`size\` int NOT NULL, \`width\` int NOT NULL, \`height\` int NOT NULL, \`sha256\` varchar(64) NOT NULL, \`storageKey\` varchar(200) NOT NULL, \`thumbKey\` varchar(200) NOT NULL, \`createdAt\` datetime(3) NOT NULL, INDEX \`ix_attachments_ticket\` (\`ticketId\`, \`id\`), UNIQUE INDEX \`uq_attachments_owner_sha256\` (\`ownerId\`, \`sha256\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`attachments\``);
  }
}
