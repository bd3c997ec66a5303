import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Channel, isTicketNumber, TICKET_STATUSES, type TicketStatus, type TicketType } from '@jyg12345/shared';
import { encodeTime } from 'ulid';
import { Brackets, DataSource, In } from 'typeorm';
import { hydrateRow } from '../common/sql-rows.js';
import { TicketEntity, TicketEventEntity, TicketUnitEntity } from '../database/entities.js';
import { queryTerms } from '../search/search-text.js';
import { TicketSearchIndex } from '../search/ticket-search.index.js';

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
  sort: 'time' | 'deadline';
  after?: { id: string; due?: Date };
  limit: number;
}

const OPEN_AT_UNIT: TicketStatus[] = ['dispatched', 'in_progress', 'return_requested'];
/** A ticket has ticket_units rows only from dispatch on (approve_return removes them). */
const AT_UNIT: TicketStatus[] = [...OPEN_AT_UNIT, 'replied', 'closed'];
/** A page of tickets. */
export interface TicketPage {
  rows: TicketEntity[];
}

/** Above this many ranges (units × statuses) a queue falls back to the general query. */
const MAX_QUEUE_RANGES = 96;

/**
 * A bound on ticket ids for a creation time: ids are ULIDs made when the ticket is, so a date range is also a
 * range of the primary key (the createdAt condition stays for exactness; the bound is a second wider).
 */
function idBound(at: Date, side: -1 | 1): string {
  return encodeTime(Math.max(0, at.getTime() + side * 1000), 10) + (side < 0 ? '0' : 'Z').repeat(16);
}

@Injectable()
export class TicketsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly search: TicketSearchIndex,
  ) {}

  /** Keyset pages: newest first by id (ULIDs sort by time), or soonest reply deadline first. */
  async list(f: TicketListFilter): Promise<TicketPage> {
    const words = f.q !== undefined && !isTicketNumber(f.q) ? queryTerms(f.q) : undefined;
    // Words with nothing to look for (only punctuation or operators) find nothing.
    if (words?.length === 0) return { rows: [] };
    // Words are looked up in the index first (ticket_search); the filters and the order then apply to those tickets.
    if (f.residentId === undefined && words === undefined) {
      const units = f.unitIds ?? [];
      // A deadline exists from dispatch on, and only then are there ticket_units rows: other statuses hold nothing there.
      const atUnitOnly = units.length > 0 || f.sort === 'deadline';
      const statuses = (atUnitOnly ? AT_UNIT : TICKET_STATUSES).filter(
        (st) => (!f.status?.length || f.status.includes(st)) && (f.overdue === undefined && f.dueSoon === undefined ? true : OPEN_AT_UNIT.includes(st)),
      );
      if (statuses.length === 0) return { rows: [] };
      // The centre by time, statuses restricted (asked for, or open ones for overdue/due soon): one range of
      // ix_tickets_status per status; unrestricted, PRIMARY backwards or another filter's index serves it.
      const merge = units.length > 0 || f.sort === 'deadline' || statuses.length < TICKET_STATUSES.length;
      const ranges = units.length === 0 || f.sort === 'deadline' ? statuses.length * Math.max(1, units.length) : units.length;
      if (merge && ranges <= MAX_QUEUE_RANGES) return this.mergedRanges(f, units, statuses);
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
    if (f.q !== undefined && words === undefined) q.andWhere('t.number = :number', { number: f.q.toUpperCase() });
    if (words !== undefined) {
      const match = this.search.matching('t.id', words);
      q.andWhere(match.sql, match.params);
    }
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
  private async mergedRanges(f: TicketListFilter, unitIds: string[], statuses: TicketStatus[]): Promise<TicketPage> {
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
