import { Column, PrimaryColumn } from 'typeorm';

/**
 * What both outboxes (messages to people, feedback to the province) keep to deliver a row: who it is about, when it
 * is next due, the worker holding it, and how the last try went. Each entity adds what it delivers and its statuses.
 */
export abstract class OutboxRow {
  @PrimaryColumn({ type: 'varchar', length: 26 }) id!: string;
  @Column({ type: 'varchar', length: 26 }) eventId!: string;
  @Column({ type: 'varchar', length: 26 }) ticketId!: string;
  @Column({ type: 'int', default: 0 }) attempts!: number;
  @Column({ type: 'datetime', precision: 3 }) nextAttemptAt!: Date;
  @Column({ type: 'varchar', length: 64, nullable: true }) lockedBy!: string | null;
  @Column({ type: 'datetime', precision: 3, nullable: true }) lockedUntil!: Date | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) lastError!: string | null;
  @Column({ type: 'datetime', precision: 3, nullable: true }) sentAt!: Date | null;
  @Column({ type: 'datetime', precision: 3 }) createdAt!: Date;
}

/** A new row's bookkeeping, written with the event it reports: pending, due at once, never tried. */
export const pendingRow = (eventId: string, ticketId: string, at: Date) => ({
  eventId,
  ticketId,
  status: 'pending' as const,
  attempts: 0,
  nextAttemptAt: at,
  lockedBy: null,
  lockedUntil: null,
  lastError: null,
  sentAt: null,
  createdAt: at,
});
