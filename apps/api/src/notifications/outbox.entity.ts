import { Column, Entity, Index } from 'typeorm';
import { OutboxRow } from './outbox-row.js';

export const NOTIFICATION_TOPICS = ['accepted', 'dispatched', 'replied', 'closed', 'rejected', 'urged'] as const;
export type NotificationTopic = (typeof NOTIFICATION_TOPICS)[number];
export const OUTBOX_STATUSES = ['pending', 'sent', 'skipped', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * Messages to deliver, written in the same transaction as the ticket event that causes them, and sent by a
 * worker: nothing is announced that did not happen, and nothing that happened goes unannounced.
 */
@Entity('outbox_messages')
@Index('uq_outbox_event_recipient', ['eventId', 'recipientKind', 'recipientId'], { unique: true })
@Index('ix_outbox_due', ['status', 'nextAttemptAt'])
export class OutboxMessageEntity extends OutboxRow {
  @Column({ type: 'simple-enum', enum: ['resident', 'staff'] }) recipientKind!: 'resident' | 'staff';
  @Column({ type: 'varchar', length: 26 }) recipientId!: string;
  @Column({ type: 'simple-enum', enum: NOTIFICATION_TOPICS }) topic!: NotificationTopic;
  @Column({ type: 'json' }) payload!: Record<string, string>;
  @Column({ type: 'simple-enum', enum: OUTBOX_STATUSES }) status!: OutboxStatus;
}
