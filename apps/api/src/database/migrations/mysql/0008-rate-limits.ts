import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Fixed-window request counters (login, filing, uploads) shared by every API process (dropped by 0017: docs/adr/0005). */
export class RateLimits1795856200000 implements MigrationInterface {
  name = 'RateLimits1795856200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `rate_limits` (`key` varchar(128) NOT NULL, `windowStart` datetime(3) NOT NULL, `count` int NOT NULL, PRIMARY KEY (`key`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `rate_limits`');
  }
}
