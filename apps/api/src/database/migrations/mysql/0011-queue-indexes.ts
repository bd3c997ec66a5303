import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The centre's queues by type (all reports, all praise) and by channel (all forwarded by the province), newest first. */
export class QueueIndexes1795856500000 implements MigrationInterface {
  name = 'QueueIndexes1795856500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX `ix_tickets_type` ON `tickets` (`type`, `id`)');
    await queryRunner.query('CREATE INDEX `ix_tickets_channel` ON `tickets` (`channel`, `id`)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_tickets_channel` ON `tickets`');
    await queryRunner.query('DROP INDEX `ix_tickets_type` ON `tickets`');
  }
}
