import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { BULLETIN_KINDS, type BulletinFigures, type BulletinKind, type FigureDiff, type Metric, type Weights } from './assessment.types.js';

/** The composite score's weights: one row (`id = 'default'`), changed by an admin. */
@Entity('assessment_settings')
export class AssessmentSettingsEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 }) id!: string;
  @Column({ type: 'json' }) weights!: Weights;
  @Column({ type: 'varchar', length: 26, nullable: true }) updatedBy!: string | null;
  @Column({ type: 'datetime', precision: 3 }) updatedAt!: Date;
}

/**
 * A published bulletin: the figures as they were when published. Rows are inserted, never updated: a correction
 * is a new row (version + 1) pointing at the one it corrects, with the differences.
 */
@Entity('assessment_bulletins')
@Index('uq_assessment_bulletins_period_version', ['kind', 'periodStart', 'version'], { unique: true })
export class AssessmentBulletinEntity {
  @PrimaryColumn({ type: 'varchar', length: 26 }) id!: string;
  @Column({ type: 'simple-enum', enum: BULLETIN_KINDS }) kind!: BulletinKind;
  /** First and last China date of the period, 'YYYY-MM-DD'. */
  @Column({ type: 'varchar', length: 10 }) periodStart!: string;
  @Column({ type: 'varchar', length: 10 }) periodEnd!: string;
  @Column({ type: 'varchar', length: 100 }) title!: string;
  @Column({ type: 'int' }) version!: number;
  @Column({ type: 'varchar', length: 26, nullable: true }) correctsId!: string | null;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ type: 'json' }) figures!: BulletinFigures;
  @Column({ type: 'json', nullable: true }) diff!: FigureDiff[] | null;
  @Column({ type: 'varchar', length: 26 }) publishedBy!: string;
  @Column({ type: 'datetime', precision: 3 }) publishedAt!: Date;
  /** The instant the figures were computed at (items still within a deadline then were not counted). */
  @Column({ type: 'datetime', precision: 3 }) asOf!: Date;
}

/** Every item behind a published bulletin's figures: which ticket, which unit, which figure, counted or not. */
@Entity('assessment_bulletin_items')
@Index('ix_assessment_bulletin_items_figure', ['bulletinId', 'metric', 'unitKey', 'itemKey'])
export class AssessmentBulletinItemEntity {
  @PrimaryColumn({ type: 'varchar', length: 26 }) bulletinId!: string;
  @PrimaryColumn({ type: 'varchar', length: 16 }) metric!: string;
  /** The event id that defines the item (dispatch, episode start, rating, …): unique per metric. */
  @PrimaryColumn({ type: 'varchar', length: 26 }) itemKey!: string;
  /** The unit id, or '-' for items under no unit (answered at intake). */
  @Column({ type: 'varchar', length: 26 }) unitKey!: string;
  @Column({ type: 'varchar', length: 26 }) ticketId!: string;
  @Column({ type: 'varchar', length: 20 }) ticketNumber!: string;
  @Column({ type: 'boolean' }) counted!: boolean;
  @Column({ type: 'boolean', nullable: true }) onTime!: boolean | null;
  /** The instant that put the item in the period (dispatch, deadline, rating). */
  @Column({ type: 'datetime', precision: 3 }) at!: Date;
}

/**
 * The roll-up every live figure reads (docs/assessment.md, "Speed"): one row per item (assignment, reply episode,
 * rating, unrated auto-close, answer at intake), written by `AssessmentLedger` from the action writer in the action's
 * own transaction, with the ticket's current category and community. A period's figures are one range of the
 * primary key `(metric, at, …)`; whether an undone item is still pending is decided when reading (`dueAt > now`).
 */
@Entity('assessment_items')
@Index('ix_assessment_items_ticket', ['ticketId'])
@Index('ix_assessment_items_unit', ['unitId', 'metric', 'at'])
// Covers the figures' GROUP BY over a range of (metric, at): the scan reads this index, not the rows.
@Index('ix_assessment_items_figures', ['metric', 'at', 'unitId', 'communityId', 'categoryId', 'counted', 'onTime', 'dueAt', 'doneAt'])
export class AssessmentItemEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 }) metric!: Metric;
  /** The instant that puts the item in a period: dispatch, reply deadline (moves with extensions), rating, close, answer. */
  @PrimaryColumn({ type: 'datetime', precision: 3 }) at!: Date;
  /** The event that opened the item (dispatch, reopen, rate, auto_close, answer): unique per metric. */
  @PrimaryColumn({ type: 'varchar', length: 26 }) itemKey!: string;
  @Column({ type: 'varchar', length: 26 }) ticketId!: string;
  @Column({ type: 'varchar', length: 20 }) ticketNumber!: string;
  /** The lead unit answering for it; null for an answer at intake and its rating. */
  @Column({ type: 'varchar', length: 26, nullable: true }) unitId!: string | null;
  @Column({ type: 'varchar', length: 26, nullable: true }) categoryId!: string | null;
  @Column({ type: 'varchar', length: 26, nullable: true }) communityId!: string | null;
  /** Sign-for or reply deadline (response, completion). */
  @Column({ type: 'datetime', precision: 3, nullable: true }) dueAt!: Date | null;
  /** Signed or replied (response, completion). */
  @Column({ type: 'datetime', precision: 3, nullable: true }) doneAt!: Date | null;
  /** In the numerator once not pending: signed on time, replied, satisfied; always for unrated and answered. */
  @Column({ type: 'boolean' }) counted!: boolean;
  @Column({ type: 'boolean', nullable: true }) onTime!: boolean | null;
}

export const ASSESSMENT_ENTITIES = [AssessmentSettingsEntity, AssessmentBulletinEntity, AssessmentBulletinItemEntity, AssessmentItemEntity];
