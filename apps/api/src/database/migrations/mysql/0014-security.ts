import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Sessions that can be taken back, blocked residents, the security log and known login addresses (docs/security.md). */
export class Security1795856800000 implements MigrationInterface {
  name = 'Security1795856800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `staff` ADD `tokenVersion` int NOT NULL DEFAULT 0');
    await queryRunner.query('ALTER TABLE `residents` ADD `tokenVersion` int NOT NULL DEFAULT 0, ADD `blocked` tinyint NOT NULL DEFAULT 0');
    await queryRunner.query(
      'CREATE TABLE `security_events` (`id` varchar(26) NOT NULL, `at` datetime(3) NOT NULL, `kind` varchar(32) NOT NULL, `actorId` varchar(26) NULL, `subjectId` varchar(26) NULL, `username` varchar(64) NULL, `address` varchar(64) NULL, `detail` varchar(200) NULL, INDEX `ix_security_events_at` (`at`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci',
    );
    await queryRunner.query(
      'CREATE TABLE `login_addresses` (`key` varchar(64) NOT NULL, `lastSuccessAt` datetime(3) NOT NULL, PRIMARY KEY (`key`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `login_addresses`');
    await queryRunner.query('DROP TABLE `security_events`');
    await queryRunner.query('ALTER TABLE `residents` DROP COLUMN `blocked`, DROP COLUMN `tokenVersion`');
    await queryRunner.query('ALTER TABLE `staff` DROP COLUMN `tokenVersion`');
  }
}
