import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An Open311 client's API key. Only the SHA-256 of the key is stored (the key is 32 random bytes, shown once at
 * creation); `prefix` (its first characters) lets an admin tell keys apart. A revoked key stays, for the record.
 */
@Entity('open311_keys')
export class Open311KeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 26 }) id!: string;
  @Index('uq_open311_keys_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  keyHash!: string;
  @Column({ type: 'varchar', length: 12 }) prefix!: string;
  /** Who holds the key: an organisation or app. */
  @Column({ type: 'varchar', length: 100 }) owner!: string;
  /** How to reach them (an email or a phone); shown to admins only. */
  @Column({ type: 'varchar', length: 200, nullable: true }) contact!: string | null;
  @Column({ type: 'int' }) ratePerHour!: number;
  @Column({ type: 'varchar', length: 26 }) createdById!: string;
  @Column({ type: 'datetime', precision: 3 }) createdAt!: Date;
  @Column({ type: 'datetime', precision: 3, nullable: true }) revokedAt!: Date | null;
  /** Updated at most once a minute, so a busy client does not write on every request. */
  @Column({ type: 'datetime', precision: 3, nullable: true }) lastUsedAt!: Date | null;
}
