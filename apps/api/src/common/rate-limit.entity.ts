import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Fixed-window request counters shared by every API process (login, filing, uploads): one row per bucket
 * (`login:addr:<ip>`, `file:user:<id>`, …), reused when its window rolls over. Only guarded single-row
 * statements touch it, so concurrent processes never count past the limit (see RateLimitService).
 */
@Entity('rate_limits')
export class RateLimitEntity {
  @PrimaryColumn({ type: 'varchar', length: 128 }) key!: string;
  @Column({ type: 'datetime', precision: 3 }) windowStart!: Date;
  @Column({ type: 'int' }) count!: number;
}
