import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** 选题 → 交题 → 答题 → 评题. */
export const TOPIC_STATUSES = ['selected', 'assigned', 'answering', 'evaluated'] as const;
export type TopicStatus = (typeof TOPIC_STATUSES)[number];
export const TOPIC_VERDICTS = ['solved', 'partly_solved', 'unsolved'] as const;
export type TopicVerdict = (typeof TOPIC_VERDICTS)[number];

/** The appeals a topic is about: in any of the categories or using any of the words, within any of the communities (empty = anywhere). */
export interface TopicRule {
  categoryIds: string[];
  words: string[];
  communityIds: string[];
}

/** Where a topic came from: the hot spot as the console showed it (kind, category, community, counts…). */
export type TopicSource = Record<string, string | number | boolean | null>;

/**
 * 每月一题: one problem the centre takes on for a month. Topics are few (about one a month), so unit involvement is
 * read from `leadUnitId` and `cooperatingUnitIds` in memory rather than from a join table.
 */
@Entity('topics')
@Index('ix_topics_month', ['month', 'id'])
export class TopicEntity {
  @PrimaryColumn({ type: 'varchar', length: 26 }) id!: string;
  @Column({ type: 'varchar', length: 100 }) title!: string;
  @Column({ type: 'text' }) problem!: string;
  /** 'YYYY-MM' (China time). */
  @Column({ type: 'varchar', length: 7 }) month!: string;
  @Column({ type: 'json' }) rule!: TopicRule;
  @Column({ type: 'simple-enum', enum: TOPIC_STATUSES }) status!: TopicStatus;
  /** The hot spot it was chosen from, as the console showed it (null: by hand). */
  @Column({ type: 'json', nullable: true }) source!: TopicSource | null;
  @Column({ type: 'varchar', length: 26, nullable: true }) leadUnitId!: string | null;
  @Column({ type: 'json' }) cooperatingUnitIds!: string[];
  @Column({ type: 'text', nullable: true }) standard!: string | null;
  /** Last China date of the work, 'YYYY-MM-DD'. */
  @Column({ type: 'varchar', length: 10, nullable: true }) deadline!: string | null;
  @Column({ type: 'simple-enum', enum: TOPIC_VERDICTS, nullable: true }) verdict!: TopicVerdict | null;
  @Column({ type: 'text', nullable: true }) verdictNote!: string | null;
  @Column({ type: 'int' }) version!: number;
  @Column({ type: 'varchar', length: 26 }) createdBy!: string;
  @Column({ type: 'datetime', precision: 3 }) createdAt!: Date;
  @Column({ type: 'datetime', precision: 3 }) updatedAt!: Date;
  @Column({ type: 'datetime', precision: 3, nullable: true }) assignedAt!: Date | null;
  @Column({ type: 'varchar', length: 26, nullable: true }) evaluatedBy!: string | null;
  @Column({ type: 'datetime', precision: 3, nullable: true }) evaluatedAt!: Date | null;
}

/** A unit's progress report on a topic (答题). Inserted, never changed. */
@Entity('topic_reports')
@Index('ix_topic_reports_topic', ['topicId', 'id'])
export class TopicReportEntity {
  @PrimaryColumn({ type: 'varchar', length: 26 }) id!: string;
  @Column({ type: 'varchar', length: 26 }) topicId!: string;
  @Column({ type: 'varchar', length: 26 }) unitId!: string;
  @Column({ type: 'varchar', length: 26 }) authorId!: string;
  @Column({ type: 'text' }) content!: string;
  @Column({ type: 'datetime', precision: 3 }) createdAt!: Date;
}

/**
 * A ticket tagged to a topic. The primary key makes tagging idempotent across processes; untagging keeps the row
 * (`removedAt`), so automatic tagging never puts back what staff took off.
 */
@Entity('topic_tickets')
@Index('ix_topic_tickets_ticket', ['ticketId'])
export class TopicTicketEntity {
  @PrimaryColumn({ type: 'varchar', length: 26 }) topicId!: string;
  @PrimaryColumn({ type: 'varchar', length: 26 }) ticketId!: string;
  @Column({ type: 'simple-enum', enum: ['auto', 'manual'] }) source!: 'auto' | 'manual';
  @Column({ type: 'varchar', length: 26, nullable: true }) taggedBy!: string | null;
  @Column({ type: 'datetime', precision: 3 }) taggedAt!: Date;
  @Column({ type: 'datetime', precision: 3, nullable: true }) removedAt!: Date | null;
}

/** How far the topic tagger has read the tickets (by ULID id, which sorts by filing time). One row. */
@Entity('topic_tag_cursor')
export class TopicTagCursorEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 }) id!: string;
  @Column({ type: 'varchar', length: 26 }) lastTicketId!: string;
  @Column({ type: 'datetime', precision: 3 }) updatedAt!: Date;
}

export const PROACTIVE_ENTITIES = [TopicEntity, TopicReportEntity, TopicTicketEntity, TopicTagCursorEntity];
