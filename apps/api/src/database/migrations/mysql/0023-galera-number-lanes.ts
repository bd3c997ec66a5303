import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ticket-number counters per (day, lane) instead of per day (docs/adr/0005-galera.md): processes on a multi-writer
 * cluster take numbers from different lanes and stop updating one row from several nodes. The existing rows are
 * lane 0, whose range (1–99,999) is the numbers handed out so far.
 */
export class GaleraNumberLanes1795858500000 implements MigrationInterface {
  name = 'GaleraNumberLanes1795858500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `ticket_number_blocks` ADD `lane` tinyint NOT NULL DEFAULT '0', DROP PRIMARY KEY, ADD PRIMARY KEY (`day`, `lane`)");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Keeps each day's highest counter (lane 0 alone would hand out numbers other lanes already gave).
    await queryRunner.query(
      'UPDATE `ticket_number_blocks` b JOIN (SELECT `day`, MAX(`nextSeq`) AS m FROM `ticket_number_blocks` GROUP BY `day`) x ON x.`day` = b.`day` SET b.`nextSeq` = x.m WHERE b.`lane` = 0',
    );
    await queryRunner.query('DELETE FROM `ticket_number_blocks` WHERE `lane` <> 0');
    await queryRunner.query('ALTER TABLE `ticket_number_blocks` DROP PRIMARY KEY, DROP COLUMN `lane`, ADD PRIMARY KEY (`day`)');
  }
}
