import { PROVINCE_EVENTS, PROVINCE_OUTBOX_STATUSES, type ProvinceEvent, type ProvinceFeedback, type ProvinceOutboxStatus } from '@jyg12345/shared';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { OutboxRow } from './outbox-row.js';

/** A ticket the provincial platform forwarded: its provincial number is unique, so a forward creates one ticket. */
@Entity('province_tickets')
export class ProvinceTicketEntity {
  @PrimaryColumn({ type: 'varchar', length: 26 }) ticketId!: string;
  @Index('uq_province_tickets_number', { unique: true })
  @Column({ type: 'varchar', length: 40 })
  provinceNumber!: string;
  @Column({ type: 'datetime', precision: 3 }) forwardedAt!: Date;
  @Column({ type: 'datetime', precision: 3 }) receivedAt!: Date;
}

/**
 * Feedback to the provincial platform, written in the transaction of the event it reports. The id is the
 * delivery id the platform dedups on; `seq` (the ticket's version after the event) orders one ticket's messages.
 * Rows leave `pending` only as `sent` (the platform acknowledged it) or `rejected` (it refused it for good).
 */
@Entity('province_outbox')
@Index('uq_province_outbox_ticket_seq', ['ticketId', 'seq'], { unique: true })
@Index('ix_province_outbox_due', ['status', 'nextAttemptAt'])
export class ProvinceOutboxEntity extends OutboxRow {
  @Column({ type: 'int' }) seq!: number;
  @Column({ type: 'simple-enum', enum: PROVINCE_EVENTS }) event!: ProvinceEvent;
  /** The feedback body as sent. */
  @Column({ type: 'json' }) payload!: ProvinceFeedback;
  @Column({ type: 'simple-enum', enum: PROVINCE_OUTBOX_STATUSES }) status!: ProvinceOutboxStatus;
}
