import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isDeadlock, isUniqueViolation } from '../database/db-errors.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { TicketNumberBlockEntity } from '../database/entities.js';

const BLOCK_SIZE = 20;
/** When a block has fewer numbers left than this, the next one is reserved. */
const AHEAD = 5;
const CHINA_OFFSET_MS = 8 * 3600 * 1000;
/** A day's six-digit sequence is cut into 10 lanes of this many numbers: the first digit is the lane. */
export const LANE_SPAN = 100_000;
export const LANE_COUNT = 10;
const ATTEMPTS = 6;

const DAY_MS = 86_400_000;
/** The last China day computed and the UTC millisecond range it covers: every filing asks, and days change rarely. */
let lastDay = { from: 0, to: 0, day: '' };

export function chinaDay(t: Date): string {
  const ms = t.getTime();
  if (ms >= lastDay.from && ms < lastDay.to) return lastDay.day;
  const from = Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
  const day = new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10).replaceAll('-', '');
  lastDay = { from, to: from + DAY_MS, day };
  return day;
}

export function formatTicketNumber(day: string, seq: number): string {
  return `JYG${day}${String(seq).padStart(6, '0')}`;
}

/** The sequence numbers lane `lane` hands out in a day (lane 0 starts at 1). */
export function laneRange(lane: number): { first: number; last: number } {
  return { first: Math.max(1, lane * LANE_SPAN), last: (lane + 1) * LANE_SPAN - 1 };
}

/**
 * Public numbers `JYG<yyyymmdd><seq>` per China day. Each process reserves blocks of numbers (hi-lo) in a short
 * transaction of its own, so ticket inserts never queue on one counter row; a restart leaves gaps, never repeats.
 * The next block is reserved before the current one runs out, so a filing seldom waits for a reservation (a
 * restart can then leave a block's worth more of gap).
 *
 * The counter is one row per (day, lane), and a lane owns its own range of the day's numbers, so two lanes never
 * hand out the same number whatever the configuration. A process keeps to one lane of the first
 * TICKET_NUMBER_LANES: on a multi-writer cluster (Galera) two processes updating one row through two nodes are
 * told at commit (a certification conflict, reported as a deadlock), and the loser moves to another lane and
 * tries again, so processes spread over the lanes and stop meeting. A full lane moves on to the next one.
 */
@Injectable()
export class TicketNumberAllocator {
  /** Each day's reserved blocks, in the order their numbers are handed out. */
  private readonly blocks = new Map<string, { next: number; end: number }[]>();
  private readonly pending = new Map<string, Promise<void>>();
  /** Lanes found full, as `day:lane`. */
  private readonly full = new Set<string>();
  private lane: number;
  private readonly ahead: boolean;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.lane = Math.floor(Math.random() * config.ticketNumberLanes);
    this.ahead = db.options.type === 'mysql';
  }

  /** The lane this process takes its next block from. */
  get currentLane(): number {
    return this.lane;
  }

  async next(now = new Date()): Promise<string> {
    const day = chinaDay(now);
    for (;;) {
      const queue = this.blocks.get(day);
      while (queue?.[0] && queue[0].next > queue[0].end) queue.shift();
      const block = queue?.[0];
      if (block) {
        const seq = block.next++;
        // On MySQL/MariaDB the next block is reserved while this one still has a few numbers left, so filings do not
        // wait for its round trips. (SQLite's one connection holds one transaction at a time: a reservation beside a
        // filing's transaction would fail it, and reserving there costs no round trip.)
        if (this.ahead && queue.length === 1 && block.end - block.next < AHEAD && !this.pending.has(day)) void this.reserving(day).catch(() => undefined);
        return formatTicketNumber(day, seq);
      }
      await this.reserving(day);
    }
  }

  /** The reservation under way for a day, or a new one. */
  private reserving(day: string): Promise<void> {
    let reserving = this.pending.get(day);
    if (!reserving) {
      reserving = this.reserve(day).finally(() => this.pending.delete(day));
      this.pending.set(day, reserving);
    }
    return reserving;
  }

  private async reserve(day: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const lane = this.laneFor(day);
      const { first: laneFirst, last: laneLast } = laneRange(lane);
      let creating = false;
      try {
        const first = await this.db.transaction(async (tx) => {
          const query = tx.getRepository(TicketNumberBlockEntity).createQueryBuilder('b').where('b.day = :day AND b.lane = :lane', { day, lane });
          // SQLite has one writer at a time; MySQL needs the row lock.
          if (this.db.options.type === 'mysql') query.setLock('pessimistic_write');
          const row = await query.getOne();
          if (!row) {
            creating = true;
            await tx.insert(TicketNumberBlockEntity, { day, lane, nextSeq: laneFirst + BLOCK_SIZE });
            return laneFirst;
          }
          if (row.nextSeq > laneLast) return null;
          await tx.update(TicketNumberBlockEntity, { day, lane }, { nextSeq: row.nextSeq + BLOCK_SIZE });
          return row.nextSeq;
        });
        if (first === null) {
          this.full.add(`${day}:${lane}`);
          continue;
        }
        const queue = this.blocks.get(day) ?? [];
        queue.push({ next: first, end: Math.min(first + BLOCK_SIZE - 1, laneLast) });
        this.blocks.set(day, queue);
        // Forget previous days' blocks and full lanes.
        for (const d of this.blocks.keys()) if (d < day) this.blocks.delete(d);
        for (const f of this.full) if (f < day) this.full.delete(f);
        return;
      } catch (err) {
        // Two processes created a day's rows at once (a duplicate, or InnoDB's gap locks: the loser finds the row
        // next time), or updated one lane's row at once through two nodes (certification conflict: the loser moves
        // to another lane). Nothing was reserved, so trying again is safe.
        const conflict = isDeadlock(err);
        if (!(conflict || isUniqueViolation(err)) || attempt >= ATTEMPTS) throw err;
        if (conflict && !creating) this.moveLane(day);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      }
    }
  }

  /** The lane to reserve from: this process's own unless it is full today, then the next one that is not. */
  private laneFor(day: string): number {
    for (let i = 0; i < LANE_COUNT; i++) {
      const lane = (this.lane + i) % LANE_COUNT;
      if (!this.full.has(`${day}:${lane}`)) {
        this.lane = lane;
        return lane;
      }
    }
    throw new Error(`ticket numbers of ${day} are exhausted (${LANE_COUNT * LANE_SPAN - 1} a day)`);
  }

  /** Another process writes this lane: take another of the configured ones (if there is another). */
  private moveLane(day: string): void {
    const lanes = this.config.ticketNumberLanes;
    const free = Array.from({ length: lanes }, (_, l) => l).filter((l) => l !== this.lane && !this.full.has(`${day}:${l}`));
    if (free.length > 0) this.lane = free[Math.floor(Math.random() * free.length)] as number;
  }
}
