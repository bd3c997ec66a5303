import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Open311 GeoReport v2 clients' API keys (stored as SHA-256; docs/open311.md). */
export class Open3111795856700000 implements MigrationInterface {
  name = 'Open3111795856700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `open311_keys` (`id` varchar(26) NOT NULL, `keyHash` varchar(64) NOT NULL, `prefix` varchar(12) NOT NULL, `owner` varchar(100) NOT NULL, `contact` varchar(200) NULL, `ratePerHour` int NOT NULL, `createdById` varchar(26) NOT NULL, `createdAt` datetime(3) NOT NULL, `revokedAt` datetime(3) NULL, `lastUsedAt` datetime(3) NULL, UNIQUE INDEX `uq_open311_keys_hash` (`keyHash`), PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `open311_keys`');
  }
}
