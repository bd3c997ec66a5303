import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A caller's earlier appeals by phone, newest first (the console shows them while the caller is on the line). */
export class CallerPhone1795857050000 implements MigrationInterface {
  name = 'CallerPhone1795857050000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX `ix_tickets_contact_phone` ON `tickets` (`contactPhone`, `id`)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_tickets_contact_phone` ON `tickets`');
  }
}
