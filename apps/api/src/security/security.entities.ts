import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const SECURITY_EVENT_KINDS = [
  'login_succeeded',
  'login_failed',
  'logout',
  'staff_created',
  'staff_disabled',
  'staff_enabled',
  'role_changed',
  'unit_changed',
  'password_reset',
  'resident_blocked',
  'resident_unblocked',
] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

/** Append-only: rows are inserted by SecurityEventsService and never updated or deleted by the API. */
@Entity('security_events')
@Index('ix_security_events_at', ['at', 'id'])
export class SecurityEventEntity {
  @PrimaryColumn({ type: 'varchar', length: 26 }) id!: string;
  @Column({ type: 'datetime', precision: 3 }) at!: Date;
  @Column({ type: 'varchar', length: 32 }) kind!: SecurityEventKind;
  /** The staff account that acted (an admin), null for logins. */
  @Column({ type: 'varchar', length: 26, nullable: true }) actorId!: string | null;
  /** The account acted upon (staff or resident id), null when a login named no existing account. */
  @Column({ type: 'varchar', length: 26, nullable: true }) subjectId!: string | null;
  /** The normalised username tried (logins), so failures against unknown names are visible too. */
  @Column({ type: 'varchar', length: 64, nullable: true }) username!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) address!: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) detail!: string | null;
}

/**
 * A (username, client address) pair that logged in successfully: such logins skip the per-account guessing limit.
 * Pairs not seen for LOGIN_ADDRESS_RETENTION_DAYS are pruned (LoginAddressesService).
 */
@Entity('login_addresses')
@Index('ix_login_addresses_last', ['lastSuccessAt'])
export class LoginAddressEntity {
  /** sha256(username + address), hex. */
  @PrimaryColumn({ type: 'varchar', length: 64 }) key!: string;
  @Column({ type: 'datetime', precision: 3 }) lastSuccessAt!: Date;
}

export const SECURITY_ENTITIES = [SecurityEventEntity, LoginAddressEntity];
