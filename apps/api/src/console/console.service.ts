import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FailingDeliveryView, TicketView } from '@jyg12345/shared';
import { DataSource, In, MoreThanOrEqual } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { TicketEntity } from '../database/entities.js';
import { ProvinceOutboxEntity } from '../notifications/province.entities.js';
import { toTicketView } from '../tickets/ticket.view.js';

const CALLER_HISTORY_LIMIT = 20;
const FAILING_AFTER_ATTEMPTS = 3;

@Injectable()
export class ConsoleService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A caller's earlier appeals, newest first: what the operator sees while the caller is on the line. */
  async callerTickets(p: Principal, phone: string): Promise<TicketView[]> {
    const variants = [...new Set([phone, phone.replace('-', '')])];
    const rows = await this.db.getRepository(TicketEntity).find({
      where: { contactPhone: In(variants) },
      order: { id: 'DESC' },
      take: CALLER_HISTORY_LIMIT,
    });
    return rows.map((t) => toTicketView(t, p, { visible: true, handling: false }));
  }

  /** Province deliveries still pending after several attempts, or refused by the province. */
  async failingDeliveries(): Promise<FailingDeliveryView[]> {
    const repo = this.db.getRepository(ProvinceOutboxEntity);
    const rows = await repo.find({
      where: [{ status: 'pending', attempts: MoreThanOrEqual(FAILING_AFTER_ATTEMPTS) }, { status: 'rejected' }],
      order: { nextAttemptAt: 'ASC' },
      take: 200,
    });
    const ids = [...new Set(rows.map((r) => r.ticketId))];
    const tickets = ids.length ? await this.db.getRepository(TicketEntity).find({ where: { id: In(ids) }, select: { id: true, number: true } }) : [];
    const numbers = new Map(tickets.map((t) => [t.id, t.number]));
    return rows.map((r) => ({
      id: r.id,
      ticketId: r.ticketId,
      ticketNumber: numbers.get(r.ticketId) ?? null,
      event: r.event,
      status: r.status,
      attempts: r.attempts,
      lastError: r.lastError,
      nextAttemptAt: r.nextAttemptAt.toISOString(),
    }));
  }
}
