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

@Injectable()
export class TicketsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Keyset pages: newest first by id (ULIDs sort by time), or soonest reply deadline first. */
  list(f: TicketListFilter): Promise<TicketEntity[]> {
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
