import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Where a ticket's location falls: its WGS-84 coordinates and whether it lies outside the service area. */
export class TicketLocation1795855900000 implements MigrationInterface {
  name = 'TicketLocation1795855900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `tickets` ADD `wgs84Lat` double NULL');
    await queryRunner.query('ALTER TABLE `tickets` ADD `wgs84Lng` double NULL');
    await queryRunner.query('ALTER TABLE `tickets` ADD `outsideArea` tinyint NOT NULL DEFAULT 0');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `tickets` DROP COLUMN `outsideArea`');
    await queryRunner.query('ALTER TABLE `tickets` DROP COLUMN `wgs84Lng`');
    await queryRunner.query('ALTER TABLE `tickets` DROP COLUMN `wgs84Lat`');
  }
}
