import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Channel, TicketStatus, TicketType } from '@jyg12345/shared';
import { Brackets, DataSource, In } from 'typeorm';
import { TicketEntity, TicketEventEntity, TicketUnitEntity } from '../database/entities.js';

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
/** Above this many (unit, status) ranges a unit-scoped deadline queue falls back to the general query. */
const MAX_QUEUE_RANGES = 96;

@Injectable()
export class TicketsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Keyset pages: newest first by id (ULIDs sort by time), or soonest reply deadline first. */
  list(f: TicketListFilter): Promise<TicketEntity[]> {
    if (f.unitIds !== undefined && f.unitIds.length > 0 && f.residentId === undefined) {
      const statuses = AT_UNIT.filter((st) => (!f.status?.length || f.status.includes(st)) && (f.overdue === undefined && f.dueSoon === undefined ? true : OPEN_AT_UNIT.includes(st)));
      if (statuses.length === 0) return Promise.resolve([]);
      const ranges = f.sort === 'deadline' ? statuses.length * f.unitIds.length : f.unitIds.length;
      if (ranges <= MAX_QUEUE_RANGES) return this.unitQueue(f, f.unitIds, statuses);
    }
    const q = this.db.getRepository(TicketEntity).createQueryBuilder('t');
    if (f.residentId !== undefined) q.andWhere('t.residentId = :residentId', { residentId: f.residentId });
    if (f.unitIds !== undefined) {
      if (f.unitIds.length === 0) return Promise.resolve([]);
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
    if (f.from) q.andWhere('t.createdAt >= :from', { from: f.from });
    if (f.to) q.andWhere('t.createdAt < :to', { to: f.to });
    if (f.overdue !== undefined || f.dueSoon !== undefined) q.andWhere('t.status IN (:...open)', { open: OPEN_AT_UNIT });
    if (f.overdue === true) q.andWhere('t.replyDueAt < :now', { now: f.now });
    if (f.overdue === false) q.andWhere('t.replyDueAt >= :now', { now: f.now });
    if (f.dueSoon === true) q.andWhere('(t.dueSoonAt IS NOT NULL OR t.replyDueAt < :now)', { now: f.now });
    if (f.q) {
      const text = f.q;
      q.andWhere(
        new Brackets((b) =>
          /^JYG\d{8,}$/i.test(text)
            ? b.where('t.number = :number', { number: text.toUpperCase() })
            : b.where("t.description LIKE :like ESCAPE '!'", { like: `%${text.replace(/[!%_]/g, (m) => `!${m}`)}%` }),
        ),
      );
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
    return q.limit(f.limit).getMany();
  }

  /**
   * A unit's queue: one ordered index range per unit (newest first, `ix_ticket_units_unit`) or per unit and status
   * (soonest deadline first, `ix_ticket_units_queue`), each cut after a page, merged here. The general query would
   * read every ticket the unit ever had, or every open ticket in the city, and sort them. A ticket at several units
   * of the subtree (lead and passed down to) appears once: its deadline is the same in each of its rows, so every
   * ticket of the merged page is within the first page of one of its ranges.
   */
  private async unitQueue(f: TicketListFilter, unitIds: string[], statuses: TicketStatus[]): Promise<TicketEntity[]> {
    const byDeadline = f.sort === 'deadline';
    const params: Record<string, unknown> = { limit: f.limit };
    const where: string[] = [];
    let joinTicket = false;
    const onTicket = (cond: string, bind: Record<string, unknown> = {}) => {
      joinTicket = true;
      where.push(cond);
      Object.assign(params, bind);
    };
    if (byDeadline) where.push('tu.`replyDueAt` IS NOT NULL');
    else if (statuses.length < AT_UNIT.length) {
      where.push('tu.`status` IN (:...statuses)');
      params.statuses = statuses;
    }
    if (f.type?.length) onTicket('t.`type` IN (:...type)', { type: f.type });
    if (f.channel?.length) onTicket('t.`channel` IN (:...channel)', { channel: f.channel });
    if (f.categoryId) onTicket('t.`categoryId` = :categoryId', { categoryId: f.categoryId });
    if (f.communityId) onTicket('t.`communityId` = :communityId', { communityId: f.communityId });
    if (f.from) onTicket('t.`createdAt` >= :from', { from: f.from });
    if (f.to) onTicket('t.`createdAt` < :to', { to: f.to });
    if (f.overdue === true) where.push('tu.`replyDueAt` < :now');
    if (f.overdue === false) where.push('tu.`replyDueAt` >= :now');
    if (f.dueSoon === true) onTicket('(t.`dueSoonAt` IS NOT NULL OR tu.`replyDueAt` < :now)');
    if (f.overdue !== undefined || f.dueSoon !== undefined) params.now = f.now;
    if (f.q) {
      if (/^JYG\d{8,}$/i.test(f.q)) onTicket('t.`number` = :number', { number: f.q.toUpperCase() });
      else onTicket("t.`description` LIKE :like ESCAPE '!'", { like: `%${f.q.replace(/[!%_]/g, (m) => `!${m}`)}%` });
    }
    if (f.after) {
      params.afterId = f.after.id;
      if (!byDeadline) where.push('tu.`ticketId` < :afterId');
      else if (f.after.due) {
        where.push('(tu.`replyDueAt` > :due OR (tu.`replyDueAt` = :due AND tu.`ticketId` > :afterId))');
        params.due = f.after.due;
      }
    }
    const from = joinTicket ? '`ticket_units` tu INNER JOIN `tickets` t ON t.`id` = tu.`ticketId`' : '`ticket_units` tu';
    const range = (cond: string) =>
      `SELECT tu.\`ticketId\` AS ticketId, tu.\`replyDueAt\` AS due FROM ${from} WHERE ${[cond, ...where].join(' AND ')} ORDER BY ${byDeadline ? 'tu.`replyDueAt`, tu.`ticketId`' : 'tu.`ticketId` DESC'} LIMIT :limit`;
    const ranges: string[] = [];
    unitIds.forEach((unitId, u) => {
      params[`u${u}`] = unitId;
      if (!byDeadline) ranges.push(range(`tu.\`unitId\` = :u${u}`));
      else
        statuses.forEach((status, s) => {
          params[`s${s}`] = status;
          ranges.push(range(`tu.\`unitId\` = :u${u} AND tu.\`status\` = :s${s}`));
        });
    });
    // Each range is a derived table so that its ORDER BY and LIMIT hold in MySQL and in SQLite alike.
    const sql = ranges.map((r, i) => `SELECT * FROM (${r}) r${i}`).join(' UNION ALL ');
    const [bound, values] = this.db.driver.escapeQueryWithParameters(sql, params);
    const heads = (await this.db.query(bound, values)) as { ticketId: string; due: Date | string | null }[];
    // Dates come back as Date (mysql2) or as UTC text that sorts as it reads (SQLite): compare as text either way.
    const order = new Map<string, string>();
    for (const h of heads) if (!order.has(h.ticketId)) order.set(h.ticketId, h.due instanceof Date ? h.due.toISOString() : (h.due ?? ''));
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const page = [...order.entries()]
      .sort(([a, da], [b, db]) => (byDeadline ? cmp(da, db) || cmp(a, b) : cmp(b, a)))
      .slice(0, f.limit)
      .map(([id]) => id);
    if (page.length === 0) return [];
    const rows = await this.db.getRepository(TicketEntity).findBy({ id: In(page) });
    const byId = new Map(rows.map((t) => [t.id, t]));
    return page.map((id) => byId.get(id)).filter((t): t is TicketEntity => t !== undefined);
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
