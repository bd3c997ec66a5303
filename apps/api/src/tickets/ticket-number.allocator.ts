import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '../database/db-errors.js';
import { TicketNumberBlockEntity } from '../database/entities.js';

const BLOCK_SIZE = 20;
const CHINA_OFFSET_MS = 8 * 3600 * 1000;

export function chinaDay(t: Date): string {
  return new Date(t.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10).replaceAll('-', '');
}

export function formatTicketNumber(day: string, seq: number): string {
  return `JYG${day}${String(seq).padStart(6, '0')}`;
}

/**
 * Public numbers `JYG<yyyymmdd><seq>` per China day. Each process reserves blocks of numbers (hi-lo) in a short
 * transaction of its own, so ticket inserts never queue on one counter row; a restart leaves gaps, never repeats.
 */
@Injectable()
export class TicketNumberAllocator {
  private readonly blocks = new Map<string, { next: number; end: number }>();
  private readonly pending = new Map<string, Promise<void>>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async next(now = new Date()): Promise<string> {
    const day = chinaDay(now);
    for (;;) {
      const block = this.blocks.get(day);
      if (block && block.next <= block.end) return formatTicketNumber(day, block.next++);
      let reserving = this.pending.get(day);
      if (!reserving) {
        reserving = this.reserve(day).finally(() => this.pending.delete(day));
        this.pending.set(day, reserving);
      }
      await reserving;
    }
  }

  private async reserve(day: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const first = await this.db.transaction(async (tx) => {
          const query = tx.getRepository(TicketNumberBlockEntity).createQueryBuilder('b').where('b.day = :day', { day });
          // SQLite has one writer at a time; MySQL needs the row lock.
          if (this.db.options.type === 'mysql') query.setLock('pessimistic_write');
          const row = await query.getOne();
          if (!row) {
            await tx.insert(TicketNumberBlockEntity, { day, nextSeq: BLOCK_SIZE + 1 });
            return 1;
          }
          await tx.update(TicketNumberBlockEntity, { day }, { nextSeq: row.nextSeq + BLOCK_SIZE });
          return row.nextSeq;
        });
        this.blocks.set(day, { next: first, end: first + BLOCK_SIZE - 1 });
        // Forget previous days' blocks.
        for (const d of this.blocks.keys()) if (d < day) this.blocks.delete(d);
        return;
      } catch (err) {
        if (!isUniqueViolation(err) || attempt >= 3) throw err;
      }
    }
  }
}
