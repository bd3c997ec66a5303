import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Channel, isTicketNumber, TICKET_STATUSES, type TicketStatus, type TicketType } from '@jyg12345/shared';
import { encodeTime } from 'ulid';
import { Brackets, DataSource, In } from 'typeorm';
import { hydrateRow } from '../common/sql-rows.js';
import { TicketEntity, TicketEventEntity, TicketUnitEntity } from '../database/entities.js';
import { queryWords, rarestToken, type WordTerm } from '../search/search-text.js';
import { POSTINGS_COUNT_CAP, TicketSearchIndex } from '../search/ticket-search.index.js';

export interface TicketListFilter {
  residentId?: string;
  /** tickets in which one of these units takes part (lead, cooperating or passed down to) */
  unitIds?: string[];
  status?: TicketStatus[];
  type?: TicketType[];
  channel?: Channel[];
  categoryId?: string;
  communityId?: string;
  dueSoon?: boolean;
  overdue?: boolean;
  from?: Date;
  to?: Date;
  q?: string;
  now: Date;
  /** relevance: with words, tickets holding more (and rarer) of them first, then newest first; without, as time */
  sort: 'time' | 'deadline' | 'relevance';
  after?: { id: string; due?: Date; tier?: number };
  limit: number;
}

const OPEN_AT_UNIT: TicketStatus[] = ['dispatched', 'in_progress', 'return_requested'];
/** A ticket has ticket_units rows only from dispatch on (approve_return removes them). */
const AT_UNIT: TicketStatus[] = [...OPEN_AT_UNIT, 'replied', 'closed'];
/** A page of tickets. */
export interface TicketPage {
  rows: TicketEntity[];
  /** sort=relevance with words: each row's tier (0 = the best match), for the cursor */
  tiers?: number[];
}

/** The words a ticket must hold (every token) and the terms it must not hold whole (a relevance tier). */
interface WordFilter {
  must: string[];
  exclude: string[][];
}

/** Relevance tiers: every combination of up to this many words; longer queries, all of them or all but one. */
const RELEVANCE_ALL_SUBSETS = 5;
/** Tokens of several words are counted up to this many postings (to pick the rarest, and relevance weights). */
const RELEVANCE_COUNT_CAP = 1_000;

/** Above this many ranges (units × statuses) a queue falls back to the general query. */
const MAX_QUEUE_RANGES = 96;

/**
 * A bound on ticket ids for a creation time: ids are ULIDs made when the ticket is, so a date range is also a
 * range of the primary key (the createdAt condition stays for exactness; the bound is a second wider).
 */
function idBound(at: Date, side: -1 | 1): string {
  return encodeTime(Math.max(0, at.getTime() + side * 1000), 10) + (side < 0 ? '0' : 'Z').repeat(16);
}

/** The statuses a queue read by ranges covers. A deadline exists from dispatch on, and only then are there ticket_units rows. */
function queueStatuses(f: TicketListFilter): TicketStatus[] {
  const atUnitOnly = (f.unitIds?.length ?? 0) > 0 || f.sort === 'deadline';
  return (atUnitOnly ? AT_UNIT : TICKET_STATUSES).filter(
    (st) => (!f.status?.length || f.status.includes(st)) && (f.overdue === undefined && f.dueSoon === undefined ? true : OPEN_AT_UNIT.includes(st)),
  );
}

/** How many index ranges mergedRanges reads for a queue. */
function queueRanges(f: TicketListFilter, statuses: TicketStatus[]): number {
  const units = f.unitIds?.length ?? 0;
  return units === 0 || f.sort === 'deadline' ? statuses.length * Math.max(1, units) : units;
}

/** Conditions on a ticket id column: it holds every `must` token, and of each `exclude` term not every token. */
function wordConditions(key: string, words: WordFilter, params: Record<string, unknown>): string[] {
  const n = Object.keys(params).filter((p) => p.startsWith('wt')).length;
  let i = n;
  const has = (token: string) => {
    const name = `wt${i++}`;
    params[name] = token;
    return `EXISTS (SELECT 1 FROM \`ticket_words\` wx WHERE wx.\`token\` = :${name} AND wx.\`ticketId\` = ${key})`;
  };
  return [...words.must.map(has), ...words.exclude.map((term) => `NOT (${term.map(has).join(' AND ')})`)];
}

/** The list's filters as conditions on the ticket (alias t), for the words' plans. */
function ticketConditions(f: TicketListFilter, params: Record<string, unknown>): string[] {
  const where: string[] = [];
  const add = (cond: string, bind: Record<string, unknown> = {}) => {
    where.push(cond);
    Object.assign(params, bind);
  };
  if (f.residentId !== undefined) add('t.`residentId` = :residentId', { residentId: f.residentId });
  if (f.unitIds !== undefined) add('EXISTS (SELECT 1 FROM `ticket_units` tu WHERE tu.`ticketId` = t.`id` AND tu.`unitId` IN (:...unitIds))', { unitIds: f.unitIds });
  if (f.status?.length) add('t.`status` IN (:...status)', { status: f.status });
  if (f.type?.length) add('t.`type` IN (:...type)', { type: f.type });
  if (f.channel?.length) add('t.`channel` IN (:...channel)', { channel: f.channel });
  if (f.categoryId) add('t.`categoryId` = :categoryId', { categoryId: f.categoryId });
  if (f.communityId) add('t.`communityId` = :communityId', { communityId: f.communityId });
  if (f.from) add('t.`createdAt` >= :from AND t.`id` >= :fromId', { from: f.from, fromId: idBound(f.from, -1) });
  if (f.to) add('t.`createdAt` < :to AND t.`id` < :toId', { to: f.to, toId: idBound(f.to, +1) });
  if (f.overdue !== undefined || f.dueSoon !== undefined) add('t.`status` IN (:...open)', { open: OPEN_AT_UNIT });
  if (f.overdue === true) add('t.`replyDueAt` < :now', { now: f.now });
  if (f.overdue === false) add('t.`replyDueAt` >= :now', { now: f.now });
  if (f.dueSoon === true) add('(t.`dueSoonAt` IS NOT NULL OR t.`replyDueAt` < :now)', { now: f.now });
  return where;
}

@Injectable()
export class TicketsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly search: TicketSearchIndex,
  ) {}

  /** Keyset pages: newest first by id (ULIDs sort by time), or soonest reply deadline first. */
  async list(f: TicketListFilter): Promise<TicketPage> {
    const words = f.q !== undefined && !isTicketNumber(f.q) ? queryWords(f.q) : undefined;
    // Words with nothing to look for (only punctuation or operators) find nothing.
    if (words?.length === 0) return { rows: [] };
    if (f.unitIds?.length === 0) return { rows: [] };
    // Words read the postings (ticket_words): see words() for the plans.
    if (words !== undefined) return this.words(f, words);
    if (f.residentId === undefined) {
      const units = f.unitIds ?? [];
      const statuses = queueStatuses(f);
      if (statuses.length === 0) return { rows: [] };
      // The centre by time, statuses restricted (asked for, or open ones for overdue/due soon): one range of
      // ix_tickets_status per status; unrestricted, PRIMARY backwards or another filter's index serves it.
      const merge = units.length > 0 || f.sort === 'deadline' || statuses.length < TICKET_STATUSES.length;
      if (merge && queueRanges(f, statuses) <= MAX_QUEUE_RANGES) return this.mergedRanges(f, units, statuses);
    }
    const q = this.db.getRepository(TicketEntity).createQueryBuilder('t');
    if (f.residentId !== undefined) q.andWhere('t.residentId = :residentId', { residentId: f.residentId });
    if (f.unitIds !== undefined) {
      if (f.unitIds.length === 0) return { rows: [] };
      const sub = q
        .subQuery()
        .select('tu.ticketId')
        .from(TicketUnitEntity, 'tu')
        .where('tu.unitId IN (:...unitIds)', { unitIds: f.unitIds })
        .getQuery();
      q.andWhere(`t.id IN ${sub}`);
    }
    if (f.status?.length) q.andWhere('t.status IN (:...status)', { status: f.status });
    if (f.type?.length) q.andWhere('t.type IN (:...type)', { type: f.type });
    if (f.channel?.length) q.andWhere('t.channel IN (:...channel)', { channel: f.channel });
    if (f.categoryId) q.andWhere('t.categoryId = :categoryId', { categoryId: f.categoryId });
    if (f.communityId) q.andWhere('t.communityId = :communityId', { communityId: f.communityId });
    if (f.from) q.andWhere('t.createdAt >= :from AND t.id >= :fromId', { from: f.from, fromId: idBound(f.from, -1) });
    if (f.to) q.andWhere('t.createdAt < :to AND t.id < :toId', { to: f.to, toId: idBound(f.to, +1) });
    if (f.overdue !== undefined || f.dueSoon !== undefined) q.andWhere('t.status IN (:...open)', { open: OPEN_AT_UNIT });
    if (f.overdue === true) q.andWhere('t.replyDueAt < :now', { now: f.now });
    if (f.overdue === false) q.andWhere('t.replyDueAt >= :now', { now: f.now });
    if (f.dueSoon === true) q.andWhere('(t.dueSoonAt IS NOT NULL OR t.replyDueAt < :now)', { now: f.now });
    if (f.q !== undefined) q.andWhere('t.number = :number', { number: f.q.toUpperCase() });
    if (f.sort === 'deadline') {
      q.andWhere('t.replyDueAt IS NOT NULL');
      if (f.after?.due) {
        q.andWhere(new Brackets((b) => b.where('t.replyDueAt > :due', { due: f.after?.due }).orWhere('t.replyDueAt = :due AND t.id > :afterId', { afterId: f.after?.id })));
      }
      q.orderBy('t.replyDueAt', 'ASC').addOrderBy('t.id', 'ASC');
    } else {
      if (f.after) q.andWhere('t.id < :afterId', { afterId: f.after.id });
      q.orderBy('t.id', 'DESC');
    }
    return { rows: await q.limit(f.limit).getMany() };
  }

  /**
   * A queue read as ordered index ranges, each cut after a page, merged and cut again in one statement:
   * - a unit's queue (a handler's, or the centre's with `unitId`): one range of `ticket_units` per unit of the
   *   subtree, by time (`ix_ticket_units_unit`), or per unit and status, by deadline (`ix_ticket_units_queue`);
   * - the centre's queues: one range of `tickets` per status, by deadline (`ix_tickets_status_reply_due`) or by
   *   time (`ix_tickets_status`).
   * A single range over several units or statuses would read every matching row (every open ticket in the city)
   * and sort them. A ticket at several units of a subtree (lead and passed down to) appears once: its deadline is
   * the same in each of its rows, so every ticket of the merged page is within the first page of one of its ranges.
   */
  private async mergedRanges(f: TicketListFilter, unitIds: string[], statuses: TicketStatus[], words?: WordFilter): Promise<TicketPage> {
    const byDeadline = f.sort === 'deadline';
    const byUnit = unitIds.length > 0;
    const mysql = this.db.options.type === 'mysql';
    // The planner may prefer walking the primary key backwards for ORDER BY … LIMIT: the range is the point here.
    const force = (index: string) => (mysql ? ` FORCE INDEX (\`${index}\`)` : '');
    // x: the table the range reads (ticket_units or tickets); t: the ticket, for filters on its other columns.
    const x = byUnit ? 'tu' : 't';
    const key = byUnit ? 'tu.`ticketId`' : 't.`id`';
    const params: Record<string, unknown> = { limit: f.limit };
    const where: string[] = [];
    let joinTicket = false;
    const onTicket = (cond: string, bind: Record<string, unknown> = {}) => {
      joinTicket = byUnit;
      where.push(cond);
      Object.assign(params, bind);
    };
    if (byDeadline) where.push(`${x}.\`replyDueAt\` IS NOT NULL`);
    else if (byUnit && statuses.length < AT_UNIT.length) {
      where.push(`${x}.\`status\` IN (:...statuses)`);
      params.statuses = statuses;
    }
    if (f.type?.length) onTicket('t.`type` IN (:...type)', { type: f.type });
    if (f.channel?.length) onTicket('t.`channel` IN (:...channel)', { channel: f.channel });
    if (f.categoryId) onTicket('t.`categoryId` = :categoryId', { categoryId: f.categoryId });
    if (f.communityId) onTicket('t.`communityId` = :communityId', { communityId: f.communityId });
    if (f.from) onTicket('t.`createdAt` >= :from AND t.`id` >= :fromId', { from: f.from, fromId: idBound(f.from, -1) });
    if (f.to) onTicket('t.`createdAt` < :to AND t.`id` < :toId', { to: f.to, toId: idBound(f.to, +1) });
    if (f.overdue === true) where.push(`${x}.\`replyDueAt\` < :now`);
    if (f.overdue === false) where.push(`${x}.\`replyDueAt\` >= :now`);
    if (f.dueSoon === true) onTicket(`(t.\`dueSoonAt\` IS NOT NULL OR ${x}.\`replyDueAt\` < :now)`);
    if (f.overdue !== undefined || f.dueSoon !== undefined) params.now = f.now;
    // Only a public number reaches here: words take list()'s general query, on the index.
    if (f.q) onTicket('t.`number` = :number', { number: f.q.toUpperCase() });
    // Words (a common word's deadline order): each ticket of a range is looked up in the postings by primary key.
    if (words) where.push(...wordConditions(key, words, params));
    if (f.after) {
      params.afterId = f.after.id;
      if (!byDeadline) where.push(`${key} < :afterId`);
      else if (f.after.due) {
        where.push(`(${x}.\`replyDueAt\` > :due OR (${x}.\`replyDueAt\` = :due AND ${key} > :afterId))`);
        params.due = f.after.due;
      }
    }
    const from = byUnit
      ? `\`ticket_units\` tu${force(byDeadline ? 'ix_ticket_units_queue' : 'ix_ticket_units_unit')}${joinTicket ? ' INNER JOIN `tickets` t ON t.`id` = tu.`ticketId`' : ''}`
      : `\`tickets\` t${force(byDeadline ? 'ix_tickets_status_reply_due' : 'ix_tickets_status')}`;
    const range = (conds: string[]) =>
      `SELECT ${key} AS ticketId, ${x}.\`replyDueAt\` AS due FROM ${from} WHERE ${[...conds, ...where].join(' AND ')} ORDER BY ${byDeadline ? `${x}.\`replyDueAt\`, ${key}` : `${key} DESC`} LIMIT :limit`;
    const ranges: string[] = [];
    const perStatus = (conds: string[]) =>
      statuses.forEach((status, s) => {
        params[`s${s}`] = status;
        ranges.push(range([...conds, `${x}.\`status\` = :s${s}`]));
      });
    if (!byUnit) perStatus([]);
    unitIds.forEach((unitId, u) => {
      params[`u${u}`] = unitId;
      if (byDeadline) perStatus([`tu.\`unitId\` = :u${u}`]);
      else ranges.push(range([`tu.\`unitId\` = :u${u}`]));
    });
    // A range keeps its own ORDER BY and LIMIT in parentheses on MySQL; SQLite wants a derived table for that.
    const union = ranges.map((r, i) => (mysql ? `(${r})` : `SELECT * FROM (${r}) r${i}`)).join(' UNION ALL ');
    // Several units of a subtree may hold the same ticket; one unit, or the tickets table, cannot.
    const heads = unitIds.length > 1 ? `SELECT ticketId, MIN(due) AS due FROM (${union}) heads GROUP BY ticketId` : union;
    const sql =
      // Ordered by the derived table's columns only, MariaDB sorts the heads before joining the tickets (half the cost).
      `SELECT t.* FROM \`tickets\` t INNER JOIN (${heads}) q ON q.ticketId = t.\`id\`` + ` ORDER BY ${byDeadline ? 'q.due, q.ticketId' : 'q.ticketId DESC'} LIMIT :limit`;
    const [bound, values] = this.db.driver.escapeQueryWithParameters(sql, params);
    const rows = ((await this.db.query(bound, values)) as Record<string, unknown>[]).map((row) => hydrateRow(this.db, TicketEntity, row));
    return { rows };
  }

  /**
   * Words, through the postings `ticket_words (token, ticketId)` (docs/adr/0004-search.md). Each token's tickets
   * are counted only as far as a decision needs (words()); the rarest token drives:
   * - by time: its postings read backwards from the cursor (ids are ULIDs: newest first), each joined to its
   *   ticket and checked for the other tokens and filters by primary key, until a page is full;
   * - by deadline, the centre over every deadline, or a rare driver: its deadline postings
   *   `ticket_words_due (token, replyDueAt, ticketId)` from the cursor on, already in the order, each joined to its
   *   ticket and checked like by time, until a page is full (migration 0026);
   * - by deadline in a unit's scope or for some statuses, every token common (see the cost rule below): the
   *   queue's own ordered ranges (mergedRanges), each ticket checked in the postings by primary key: a word held
   *   by one ticket in k costs about k lookups a row of the page;
   * - a resident's list: the resident's few tickets, checked in the postings.
   * Relevance: tiers of the words held (all of them first, then by the summed rarity of those held), each by time.
   */
  private async words(f: TicketListFilter, terms: WordTerm[]): Promise<TicketPage> {
    const tokens = [...new Set(terms.flat())];
    // A resident's few tickets are read and checked: no counting.
    if (f.residentId !== undefined && f.sort !== 'relevance') return this.wordPage(f, { must: tokens, exclude: [] }, new Map(), 'tickets');
    // The centre by deadline over every status a deadline has: the driver's deadline postings in order, a page.
    if (f.sort === 'relevance') return this.byRelevance(f, terms);
    const wholeDeadline = f.sort === 'deadline' && f.unitIds === undefined && queueStatuses(f).length === AT_UNIT.length;
    // Counted only as far as a decision needs: which token is rarest (one token: nothing to decide); by deadline in
    // a scope or a restricted status, whether reading all of the rarest beats the queue's ranges (rareDeadline).
    // Only plans depend on the counts (a zero is always current), so a count of the last minute does.
    let cap = tokens.length === 1 ? 0 : RELEVANCE_COUNT_CAP;
    if (f.sort === 'deadline' && !wholeDeadline) cap = Math.min(POSTINGS_COUNT_CAP, (await this.rareDeadline(f)) + 1);
    const counts = cap > 0 ? await this.search.plannedCounts(tokens, cap) : new Map(tokens.map((t) => [t, Number.POSITIVE_INFINITY]));
    if (tokens.some((t) => counts.get(t) === 0)) return { rows: [] };
    const least = Math.min(...tokens.map((t) => counts.get(t) ?? 0));
    if (f.sort !== 'deadline') return this.wordPage(f, { must: tokens, exclude: [] }, counts, 'postings');
    // By deadline: the deadline postings read at most the driver's k rows and stop after a page; the queue's ranges
    // win only for a common word in a narrow scope (a unit, a status), where the postings would pass over many
    // tickets outside it.
    const plan = wholeDeadline || least <= (await this.rareDeadline(f)) ? 'deadline' : 'ranges';
    return this.wordPage(f, { must: tokens, exclude: [] }, counts, plan);
  }

  /**
   * By deadline, the most tickets a driver may hold for reading all of them (about k row reads) to beat the
   * queue's ranges (about ranges × page × N / k postings lookups, a third of a row read each): k² ≤ 7 × ranges × N.
   */
  private async rareDeadline(f: TicketListFilter): Promise<number> {
    const ranges = Math.max(1, queueRanges(f, queueStatuses(f)));
    return Math.floor(Math.sqrt(7 * ranges * f.limit * (await this.search.ticketCount()) / 21));
  }

  private async wordPage(f: TicketListFilter, words: WordFilter, counts: Map<string, number>, plan: 'postings' | 'deadline' | 'ranges' | 'tickets'): Promise<TicketPage> {
    const count = (t: string) => counts.get(t) ?? 0;
    const driver = rarestToken(words.must, count);
    const byDeadline = f.sort === 'deadline';
    const plain = { ...f, q: undefined };
    if (plan === 'ranges') {
      const statuses = queueStatuses(f);
      if (statuses.length === 0) return { rows: [] };
      if (queueRanges(f, statuses) <= MAX_QUEUE_RANGES) return this.mergedRanges(plain, f.unitIds ?? [], statuses, words);
    }
    const params: Record<string, unknown> = { limit: f.limit };
    const where = ticketConditions(plain, params);
    const byPostings = plan !== 'tickets';
    const mysql = this.db.options.type === 'mysql';
    // In this order, whatever the optimizer estimates: STRAIGHT_JOIN (MySQL) / CROSS JOIN (SQLite).
    const then = mysql ? 'STRAIGHT_JOIN' : 'CROSS JOIN';
    // The driver's postings (by id, or by deadline then id), each other token by primary key, then the tickets: a
    // posting without the other words costs an index probe, not a ticket's row.
    // A join, not EXISTS: MariaDB turns EXISTS into a semi-join it may read first (a whole common word, sorted);
    // a (token, ticketId) row is unique, so the join is the same filter.
    const byDue = plan === 'deadline';
    const w = byDue ? 'd' : 'w';
    let from = '`tickets` t';
    if (byPostings) {
      params.driver = driver;
      where.unshift(`${w}.\`token\` = :driver`);
      from = `\`${byDue ? 'ticket_words_due' : 'ticket_words'}\` ${w}`;
      words.must
        .filter((t) => t !== driver)
        .forEach((token, i) => {
          params[`wm${i}`] = token;
          from += ` ${then} \`ticket_words\` w${i} ON w${i}.\`token\` = :wm${i} AND w${i}.\`ticketId\` = ${w}.\`ticketId\``;
        });
      from += ` ${then} \`tickets\` t ON t.\`id\` = ${w}.\`ticketId\``;
      where.push(...wordConditions(`${w}.\`ticketId\``, { must: [], exclude: words.exclude }, params));
      // The driver's range bounded by the dates' ids, so a date range ends the walk (by time).
      if (f.from) where.push(`${w}.\`ticketId\` >= :fromId`);
      if (f.to) where.push(`${w}.\`ticketId\` < :toId`);
    } else where.push(...wordConditions('t.`id`', words, params));
    if (byDeadline) {
      // by the deadline postings: their key (the ticket's deadline, copied), so the range starts at the cursor
      const due = byDue ? 'd.`replyDueAt`' : 't.`replyDueAt`';
      const id = byDue ? 'd.`ticketId`' : 't.`id`';
      if (!byDue) where.push('t.`replyDueAt` IS NOT NULL');
      if (f.after?.due) {
        where.push(`(${due} > :due OR (${due} = :due AND ${id} > :afterId))`);
        Object.assign(params, { due: f.after.due, afterId: f.after.id });
      }
    } else if (f.after) {
      where.push(`${byPostings ? 'w.`ticketId`' : 't.`id`'} < :afterId`);
      params.afterId = f.after.id;
    }
    const order = byDue ? 'd.`replyDueAt`, d.`ticketId`' : byDeadline ? 't.`replyDueAt`, t.`id`' : byPostings ? 'w.`ticketId` DESC' : 't.`id` DESC';
    const sql = `SELECT t.* FROM ${from}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT :limit`;
    const [bound, values] = this.db.driver.escapeQueryWithParameters(sql, params);
    const rows = ((await this.db.query(bound, values)) as Record<string, unknown>[]).map((row) => hydrateRow(this.db, TicketEntity, row));
    return { rows };
  }

  /**
   * Relevance: tiers of the words a ticket holds, best first: every word; then fewer, ordered by the summed weight
   * of those held (a word's weight: log(1 + cap / its tickets), rarer words weigh more); within a tier newest
   * first. A tier is a set of words held and the rest not held, so each ticket is in exactly one tier and the
   * cursor (tier, id) pages exactly like the other sorts.
   */
  private async byRelevance(f: TicketListFilter, terms: WordTerm[]): Promise<TicketPage> {
    const tokens = [...new Set(terms.flat())];
    const plan = f.residentId === undefined ? 'postings' : 'tickets';
    const first = f.after?.tier ?? 0;
    // The first tier is every word whenever each is held at all, and its rows and order need no counts (only its
    // plan does: which token drives, from a planning count). Most first pages end there: the counts that order the
    // later tiers are read only when it runs out.
    let head: TicketEntity[] | undefined;
    if (first === 0) {
      const planned = tokens.length > 1 && plan === 'postings' ? await this.search.plannedCounts(tokens, RELEVANCE_COUNT_CAP) : new Map<string, number>();
      if (!tokens.some((t) => planned.get(t) === 0)) {
        head = (await this.wordPage({ ...f, sort: 'time', after: f.after ? { id: f.after.id } : undefined }, { must: tokens, exclude: [] }, planned, plan)).rows;
        if (head.length >= f.limit) return { rows: head, tiers: head.map(() => 0) };
      }
    }
    const counts = await this.search.counts(tokens, RELEVANCE_COUNT_CAP);
    const held = (term: WordTerm) => Math.min(...term.map((t) => counts.get(t) ?? 0));
    const weight = terms.map((term) => Math.log(1 + RELEVANCE_COUNT_CAP / Math.max(1, held(term))));
    const k = terms.length;
    const masks: number[] = [];
    for (let m = (1 << k) - 1; m > 0; m--) {
      const size = [...Array(k).keys()].filter((i) => m & (1 << i)).length;
      if (k > RELEVANCE_ALL_SUBSETS && size < k - 1) continue;
      if (terms.some((term, i) => m & (1 << i) && held(term) === 0)) continue;
      masks.push(m);
    }
    const score = (m: number) => weight.reduce((sum, w, i) => sum + (m & (1 << i) ? w : 0), 0);
    const size = (m: number) => weight.filter((_, i) => m & (1 << i)).length;
    const all = (1 << k) - 1;
    masks.sort((a, b) => Number(b === all) - Number(a === all) || score(b) - score(a) || size(b) - size(a) || b - a);
    const rows: TicketEntity[] = [];
    const tiers: number[] = [];
    let from = first;
    // the first tier, read above, is this order's first
    if (head !== undefined && masks[0] === all) {
      rows.push(...head);
      tiers.push(...head.map(() => 0));
      from = 1;
    }
    for (let tier = from; tier < masks.length && rows.length < f.limit; tier++) {
      const m = masks[tier] as number;
      const must = [...new Set(terms.filter((_, i) => m & (1 << i)).flat())];
      const exclude = terms.filter((term, i) => !(m & (1 << i)) && held(term) > 0);
      const page = await this.wordPage(
        { ...f, sort: 'time', after: tier === first && f.after ? { id: f.after.id } : undefined, limit: f.limit - rows.length },
        { must, exclude },
        counts,
        plan,
      );
      rows.push(...page.rows);
      tiers.push(...page.rows.map(() => tier));
    }
    return { rows, tiers };
  }

  events(ticketId: string): Promise<TicketEventEntity[]> {
    return this.db.getRepository(TicketEventEntity).find({ where: { ticketId }, order: { id: 'ASC' } });
  }

  async parts(ticketIds: string[]): Promise<Map<string, TicketUnitEntity[]>> {
    const out = new Map<string, TicketUnitEntity[]>();
    if (ticketIds.length === 0) return out;
    const rows = await this.db.getRepository(TicketUnitEntity).findBy({ ticketId: In(ticketIds) });
    for (const r of rows) out.set(r.ticketId, [...(out.get(r.ticketId) ?? []), r]);
    return out;
  }
}
