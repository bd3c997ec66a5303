import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rate-limit counters left the database (docs/adr/0006-rate-limits-off-the-database.md): they are counted in each
 * process's memory or in Redis. The counters were short-lived (an hour at most), so nothing is carried over.
 */
export class SpeedRateLimitsOffDb1795857180000 implements MigrationInterface {
  name = 'SpeedRateLimitsOffDb1795857180000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS `rate_limits`');
  }

  /** Back to 0008's table, empty. */
  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `rate_limits` (`key` varchar(128) NOT NULL, `windowStart` datetime(3) NOT NULL, `count` int NOT NULL, PRIMARY KEY (`key`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci',
    );
  }
}
