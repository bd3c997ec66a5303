import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Security follow-ups (docs/security.md): the same photo uploaded again after its first copy was attached gets a new
 * row sharing the files, so (ownerId, sha256) becomes a plain index; login addresses are pruned by age, by index.
 */
export class SecurityUploadsRetention1795857500000 implements MigrationInterface {
  name = 'SecurityUploadsRetention1795857500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX `ix_attachments_owner_sha256` ON `attachments` (`ownerId`, `sha256`)');
    await queryRunner.query('DROP INDEX `uq_attachments_owner_sha256` ON `attachments`');
    await queryRunner.query('CREATE INDEX `ix_login_addresses_last` ON `login_addresses` (`lastSuccessAt`)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_login_addresses_last` ON `login_addresses`');
    // Fails while one person holds two rows of the same bytes: those copies must go first.
    await queryRunner.query('CREATE UNIQUE INDEX `uq_attachments_owner_sha256` ON `attachments` (`ownerId`, `sha256`)');
    await queryRunner.query('DROP INDEX `ix_attachments_owner_sha256` ON `attachments`');
  }
}
