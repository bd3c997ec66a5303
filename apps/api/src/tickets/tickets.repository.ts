import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Channel, TicketStatus, TicketType } from '@jyg12345/shared';
import { Brackets, DataSource } from 'typeorm';
import { TicketEntity, TicketEventEntity } from '../database/entities.js';

export interface TicketListFilter {
  residentId?: string;
  unitIds?: string[];
  status?: TicketStatus[];
  type?: TicketType[];
  channel?: Channel[];
  /** keyset: ids strictly below this one (ULIDs sort by creation time) */
  beforeId?: string;
  limit: number;
}

@Injectable()
export class TicketsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  findById(id: string): Promise<TicketEntity | null> {
    return this.db.getRepository(TicketEntity).findOneBy({ id });
  }

  list(f: TicketListFilter): Promise<TicketEntity[]> {
    const q = this.db.getRepository(TicketEntity).createQueryBuilder('t');
    if (f.residentId !== undefined) q.andWhere('t.residentId = :residentId', { residentId: f.residentId });
    if (f.unitIds !== undefined) {
      if (f.unitIds.length === 0) return Promise.resolve([]);
      q.andWhere(new Brackets((b) => b.where('t.leadUnitId IN (:...unitIds)', { unitIds: f.unitIds })));
    }
    if (f.status?.length) q.andWhere('t.status IN (:...status)', { status: f.status });
    if (f.type?.length) q.andWhere('t.type IN (:...type)', { type: f.type });
    if (f.channel?.length) q.andWhere('t.channel IN (:...channel)', { channel: f.channel });
    if (f.beforeId) q.andWhere('t.id < :beforeId', { beforeId: f.beforeId });
    return q.orderBy('t.id', 'DESC').limit(f.limit).getMany();
  }

  events(ticketId: string): Promise<TicketEventEntity[]> {
    return this.db.getRepository(TicketEventEntity).find({ where: { ticketId }, order: { id: 'ASC' } });
  }
}
