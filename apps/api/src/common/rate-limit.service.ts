import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ErrorCode } from '@jyg12345/shared';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AppError } from './app-error.js';

export interface RateLimitCheck {
  /** At most 128 characters; callers hash free text (usernames) into it. */
  key: string;
  limit: number;
  windowMs: number;
}

/** A check placed in its current window. */
export interface Bucket {
  key: string;
  limit: number;
  windowStart: number;
  windowMs: number;
}

/** Where the counters live. `hit` counts one request in every bucket, or in none: it answers the first full one's index, or -1. */
export interface RateLimitStore {
  hit(buckets: Bucket[], now: number): Promise<number>;
}

/** How many hits between two sweeps of the in-process counters whose window has ended. */
const SWEEP_EVERY = 10_000;

/**
 * Counters in this process's memory: the embedded single-process default, and what a process falls back to while
 * Redis does not answer. Checking every bucket and counting them is one synchronous step, so concurrent requests
 * never count past a limit.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly buckets = new Map<string, { windowStart: number; end: number; count: number }>();
  private hits = 0;

  hit(buckets: Bucket[], now: number): Promise<number> {
    for (let i = 0; i < buckets.length; i++) {
      const b = buckets[i]!;
      const current = this.buckets.get(b.key);
      if (current && current.windowStart === b.windowStart && current.count >= b.limit) return Promise.resolve(i);
    }
    for (const b of buckets) {
      const current = this.buckets.get(b.key);
      if (current && current.windowStart === b.windowStart) current.count += 1;
      else this.buckets.set(b.key, { windowStart: b.windowStart, end: b.windowStart + b.windowMs, count: 1 });
    }
    if (++this.hits % SWEEP_EVERY === 0) {
      for (const [key, c] of this.buckets) if (c.end <= now) this.buckets.delete(key);
    }
    return Promise.resolve(-1);
  }

  get size(): number {
    return this.buckets.size;
  }
}

/**
 * Checks every bucket, then counts them all, in one atomic script: one round trip per request whatever the number of
 * buckets. KEYS are the buckets (their window's start is part of the key, so a new window is a new key); ARGV holds
 * each one's limit and time to live in milliseconds. Answers the 1-based index of the first full bucket, or 0.
 */
const HIT_SCRIPT = `
for i = 1, #KEYS do
  local n = tonumber(redis.call('GET', KEYS[i]) or '0')
  if n >= tonumber(ARGV[2 * i - 1]) then return i end
end
for i = 1, #KEYS do
  if redis.call('INCR', KEYS[i]) == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[2 * i]) end
end
return 0
`;

/** Slack on a counter's lifetime beyond its window, for processes whose clocks disagree a little. */
const CLOCK_SLACK_MS = 5_000;

type RedisWithHit = Redis & { rateLimitHit(numberOfKeys: number, ...args: (string | number)[]): Promise<number> };

/**
 * Counters in Redis, shared by every API process (RATE_LIMIT_REDIS_URL). A counter expires with its window: nothing
 * to prune. A command that fails or takes longer than a second is counted in this process's memory instead (and
 * logged, once per outage): limits then hold per process until Redis answers again; no request waits on it or is
 * refused because of it.
 */
export class RedisRateLimitStore implements RateLimitStore {
  readonly client: RedisWithHit;
  private readonly fallback = new MemoryRateLimitStore();
  private failing = false;

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly log: Logger,
  ) {
    this.client = new Redis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 1000,
      connectTimeout: 2000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    }) as RedisWithHit;
    this.client.defineCommand('rateLimitHit', { lua: HIT_SCRIPT });
    this.client.on('error', () => undefined); // reported per failed hit below; ioredis reconnects by itself
  }

  /** Start-up: a configured Redis that does not answer stops the process with a clear message. */
  async connect(): Promise<void> {
    try {
      await this.client.connect();
      await this.client.ping();
    } catch (err) {
      this.client.disconnect();
      throw new Error(`RATE_LIMIT_REDIS_URL: Redis does not answer (${(err as Error).message})`);
    }
  }

  async hit(buckets: Bucket[], now: number): Promise<number> {
    const args: (string | number)[] = buckets.map((b) => `${this.prefix}${b.key}:${b.windowStart}`);
    for (const b of buckets) args.push(b.limit, Math.max(1, b.windowStart + b.windowMs - now) + CLOCK_SLACK_MS);
    try {
      const full = await this.client.rateLimitHit(buckets.length, ...args);
      if (this.failing) {
        this.failing = false;
        this.log.log('Redis answers again: rate limits are counted in Redis');
      }
      return Number(full) - 1;
    } catch (err) {
      if (!this.failing) {
        this.failing = true;
        this.log.warn(`Redis failed (${(err as Error).message}): rate limits are counted in this process until it answers`);
      }
      return this.fallback.hit(buckets, now);
    }
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}

/**
 * Fixed-window request counters (login, filing, uploads, Open311 keys): in this process's memory by default, or in
 * Redis when RATE_LIMIT_REDIS_URL is set, so that the limits hold across API processes. Never in the database: a
 * counter row per address was two extra commits per filing and a row every process wrote (docs/adr/0005).
 * Fixed windows let a client make up to twice the limit across a window boundary; that is the price of one counter
 * per bucket.
 */
@Injectable()
export class RateLimitService implements OnModuleInit, OnModuleDestroy {
  /** The clock windows are cut from (tests move it). */
  now: () => number = Date.now;
  readonly store: RateLimitStore;
  private readonly redis: RedisRateLimitStore | null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const redis = config.rateLimits.enabled ? config.rateLimits.redis : null;
    this.redis = redis ? new RedisRateLimitStore(redis.url, redis.prefix, new Logger('RateLimits')) : null;
    this.store = this.redis ?? new MemoryRateLimitStore();
  }

  async onModuleInit(): Promise<void> {
    await this.redis?.connect();
  }

  async onModuleDestroy(): Promise<void> {
    await this.redis?.close();
  }

  /**
   * Counts one request against every check, or none of them: throws 429 RATE_LIMITED with Retry-After (seconds)
   * when any bucket is full, having counted nothing.
   */
  async consume(checks: RateLimitCheck[], now = this.now()): Promise<void> {
    if (checks.length === 0) return;
    const buckets = checks.map((c) => ({ key: c.key, limit: c.limit, windowMs: c.windowMs, windowStart: Math.floor(now / c.windowMs) * c.windowMs }));
    const full = await this.store.hit(buckets, now);
    if (full < 0) return;
    const b = buckets[full]!;
    const retryAfter = Math.max(1, Math.ceil((b.windowStart + b.windowMs - now) / 1000));
    throw new AppError(ErrorCode.RATE_LIMITED, undefined, undefined, { 'retry-after': String(retryAfter) });
  }
}
