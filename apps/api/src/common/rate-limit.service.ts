import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ErrorCode } from '@jyg12345/shared';
import { DataSource } from 'typeorm';
import { AppError } from './app-error.js';
import { isUniqueViolation } from '../database/db-errors.js';
import { RateLimitEntity } from './rate-limit.entity.js';

export interface RateLimitCheck {
  /** At most 128 characters; callers hash free text (usernames) into it. */
  key: string;
  limit: number;
  windowMs: number;
}

/** How often a hit also deletes counters idle for a day (about one hit in PRUNE_EVERY). */
const PRUNE_EVERY = 500;
const DAY_MS = 86_400_000;

/**
 * Fixed-window counters in the database, so the limits hold across API processes. A hit is at most four
 * single-row statements, each a guarded update (or an insert racing on the primary key):
 *   1. `count = count + 1 WHERE key AND windowStart = current AND count < limit`  → allowed
 *   2. `windowStart = current, count = 1 WHERE key AND windowStart < current`     → allowed (window rolled over)
 *   3. no row yet: INSERT (key, current, 1)                                       → allowed; a duplicate key → again
 *   4. otherwise the current window is full                                       → refused, nothing written
 * Fixed windows let a client make up to twice the limit across a window boundary; that is the price of one row
 * per bucket and no clock agreement beyond the database rows themselves.
 */
@Injectable()
export class RateLimitService {
  /** The clock windows are cut from (tests move it). */
  now: () => number = Date.now;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Counts one request against every check, or none of them: throws 429 RATE_LIMITED with Retry-After (seconds)
   * when any bucket is full, after giving back what the earlier buckets counted.
   */
  async consume(checks: RateLimitCheck[], now = this.now()): Promise<void> {
    const counted: { key: string; windowStart: Date }[] = [];
    for (const check of checks) {
      const windowStart = new Date(Math.floor(now / check.windowMs) * check.windowMs);
      if (await this.hit(check.key, check.limit, windowStart)) {
        counted.push({ key: check.key, windowStart });
        continue;
      }
      for (const c of counted) await this.giveBack(c.key, c.windowStart);
      const retryAfter = Math.max(1, Math.ceil((windowStart.getTime() + check.windowMs - now) / 1000));
      throw new AppError(ErrorCode.RATE_LIMITED, undefined, undefined, { 'retry-after': String(retryAfter) });
    }
    if (checks.length > 0 && Math.random() * PRUNE_EVERY < 1) this.prune(now);
  }

  private async hit(key: string, limit: number, windowStart: Date): Promise<boolean> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const counted = await this.db
        .createQueryBuilder()
        .update(RateLimitEntity)
        .set({ count: () => '`count` + 1' })
        .where({ key, windowStart })
        .andWhere('`count` < :limit', { limit })
        .execute();
      if (counted.affected === 1) return true;
      const rolled = await this.db
        .createQueryBuilder()
        .update(RateLimitEntity)
        .set({ windowStart, count: 1 })
        .where('`key` = :key AND `windowStart` < :windowStart', { key, windowStart })
        .execute();
      if (rolled.affected === 1) return true;
      const exists = await this.db.getRepository(RateLimitEntity).existsBy({ key });
      if (exists) return false; // the current window (or a later one, by a process with a faster clock) is full
      try {
        await this.db.getRepository(RateLimitEntity).insert({ key, windowStart, count: 1 });
        return true;
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        // Another process created the row meanwhile: count against it.
      }
    }
    return false;
  }

  private async giveBack(key: string, windowStart: Date): Promise<void> {
    await this.db
      .createQueryBuilder()
      .update(RateLimitEntity)
      .set({ count: () => '`count` - 1' })
      .where({ key, windowStart })
      .andWhere('`count` > 0')
      .execute();
  }

  private prune(now: number): void {
    void this.db
      .createQueryBuilder()
      .delete()
      .from(RateLimitEntity)
      .where('`windowStart` < :before', { before: new Date(now - DAY_MS) })
      .execute()
      .catch(() => undefined);
  }
}
