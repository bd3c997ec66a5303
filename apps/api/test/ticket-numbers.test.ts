import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { TicketNumberBlockEntity } from '../src/database/entities.js';
import { chinaDay, LANE_SPAN, laneRange, TicketNumberAllocator } from '../src/tickets/ticket-number.allocator.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Ticket numbers come from counters per (day, lane), each lane owning its own range of the day's numbers
 * (docs/adr/0005-galera.md): processes on a multi-writer cluster take different lanes and stop fighting over one row.
 */
describe('ticket-number lanes', () => {
  let t: TestApp;
  let db: DataSource;
  const seqOf = (n: string) => Number(n.slice(-6));

  beforeAll(async () => {
    // (the rate limits are not what this is about)
    t = await startTestApp({ TICKET_NUMBER_LANES: '4', RATE_LIMIT_ENABLED: 'false' });
    db = t.db;
  });
  afterAll(async () => {
    await t.close();
  });

  function allocator(lanes: number, lane?: number): TicketNumberAllocator {
    const a = new TicketNumberAllocator(db, { ticketNumberLanes: lanes } as never);
    if (lane !== undefined) (a as unknown as { lane: number }).lane = lane;
    return a;
  }

  it('keeps one lane per process, each in its own range', async () => {
    const day = new Date('2031-03-04T02:00:00Z');
    const a = allocator(4, 1);
    const b = allocator(4, 3);
    // (one process at a time on SQLite: its one connection holds one transaction)
    const burst = (x: TicketNumberAllocator) => Promise.all(Array.from({ length: 30 }, () => x.next(day)));
    const numbers = t.driver === 'mysql' ? (await Promise.all([burst(a), burst(b)])).flat() : [...(await burst(a)), ...(await burst(b))];
    expect(new Set(numbers).size).toBe(60);
    const fromA = numbers.slice(0, 30).map(seqOf);
    const fromB = numbers.slice(30).map(seqOf);
    expect(fromA.every((s) => s >= laneRange(1).first && s <= laneRange(1).last)).toBe(true);
    expect(fromB.every((s) => s >= laneRange(3).first && s <= laneRange(3).last)).toBe(true);
    // two blocks of 20 reserved per lane: the counter rows say so, nothing else was written
    const rows = await db.getRepository(TicketNumberBlockEntity).find({ where: { day: chinaDay(day) }, order: { lane: 'ASC' } });
    expect(rows.map((r) => [r.lane, r.nextSeq])).toEqual([
      [1, LANE_SPAN + 40],
      [3, 3 * LANE_SPAN + 40],
    ]);
  });

  it('starts lane 0 at 1 and a single-lane process counts on from there, as before lanes', async () => {
    const day = new Date('2031-03-05T02:00:00Z');
    const a = allocator(1);
    expect(a.currentLane).toBe(0);
    const numbers = [];
    for (let i = 0; i < 25; i++) numbers.push(await a.next(day));
    expect(numbers[0]).toBe(`JYG${chinaDay(day)}000001`);
    expect(numbers.map(seqOf)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('reserves the next block while the current one still has numbers left, and hands both out in order (MySQL/MariaDB)', async () => {
    const day = new Date('2031-03-07T02:00:00Z');
    const a = allocator(1);
    const counter = async () => (await db.getRepository(TicketNumberBlockEntity).findOneBy({ day: chinaDay(day), lane: 0 }))?.nextSeq;
    const numbers = [];
    for (let i = 0; i < 14; i++) numbers.push(seqOf(await a.next(day)));
    expect(await counter()).toBe(21); // one block: 14 of 20 handed out, 6 left, nothing reserved ahead yet
    numbers.push(seqOf(await a.next(day))); // 5 left: the next block is reserved in the background
    if (t.driver !== 'mysql') {
      expect(await counter()).toBe(21); // SQLite: reserved when needed
      return;
    }
    for (let i = 0; i < 200 && (await counter()) === 21; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await counter()).toBe(41);
    for (let i = 0; i < 10; i++) numbers.push(seqOf(await a.next(day)));
    expect(numbers).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(await counter()).toBe(41);
  });

  it('moves on to the next lane when its own is full, never past a lane into another', async () => {
    const day = new Date('2031-03-06T02:00:00Z');
    const { last } = laneRange(2);
    await db.getRepository(TicketNumberBlockEntity).insert({ day: chinaDay(day), lane: 2, nextSeq: last - 4 });
    const a = allocator(4, 2);
    const numbers = [];
    for (let i = 0; i < 8; i++) numbers.push(seqOf(await a.next(day)));
    // the last five of lane 2, then lane 3 from its start
    expect(numbers).toEqual([last - 4, last - 3, last - 2, last - 1, last, laneRange(3).first, laneRange(3).first + 1, laneRange(3).first + 2]);
    expect(a.currentLane).toBe(3);
  });

  it('hands out unique numbers through the API with several lanes configured', async () => {
    const alice = (await t.resident('lanes-alice')).token;
    const res = await Promise.all(
      Array.from({ length: 12 }, () =>
        t.request('POST', '/api/v1/tickets', { token: alice, body: { type: 'help', description: '路灯不亮已经一周了，请尽快修理', confidential: false } }),
      ),
    );
    expect(res.map((r) => r.status)).toEqual(Array(12).fill(201));
    const numbers = res.map((r) => r.body.number as string);
    expect(new Set(numbers).size).toBe(12);
    const lane = t.app.get(TicketNumberAllocator).currentLane;
    expect(lane).toBeLessThan(4);
    for (const n of numbers) expect(Math.floor(seqOf(n) / LANE_SPAN)).toBe(lane);
  });

  it('creates the lane column and key by migration exactly as the entity describes them (MySQL/MariaDB)', async () => {
    if (t.driver !== 'mysql') return;
    const pending = await db.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query).filter((q) => q.includes('ticket_number_blocks'))).toEqual([]);
    const keys: { COLUMN_NAME: string }[] = await db.query(
      "SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'ticket_number_blocks' AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION",
    );
    expect(keys.map((k) => k.COLUMN_NAME)).toEqual(['day', 'lane']);
  });
});
