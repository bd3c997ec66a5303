import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A covering index for the assessment figures (docs/assessment.md, "Speed"): every figure is a GROUP BY over one
 * range of `(metric, at)`, and this index holds every column those queries read (group columns, counted, onTime and
 * the pending test's dueAt/doneAt), so the scan reads it alone instead of the wider rows of the primary key.
 */
export class AssessmentFiguresIndex1795858600000 implements MigrationInterface {
  name = 'AssessmentFiguresIndex1795858600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX `ix_assessment_items_figures` ON `assessment_items` (`metric`, `at`, `unitId`, `communityId`, `categoryId`, `counted`, `onTime`, `dueAt`, `doneAt`)',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_assessment_items_figures` ON `assessment_items`');
  }
}
