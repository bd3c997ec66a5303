import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Replies and closes notify the residents whose tickets were merged into the one answered, and a resident's access to
 * a ticket they follow through a merge is checked the same way: both look tickets up by `mergedIntoId`, which had no
 * index, so every reply scanned the tickets table.
 */
export class TicketsMergedIntoIndex1795858700000 implements MigrationInterface {
  name = 'TicketsMergedIntoIndex1795858700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX `ix_tickets_merged_into` ON `tickets` (`mergedIntoId`)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_tickets_merged_into` ON `tickets`');
  }
}
