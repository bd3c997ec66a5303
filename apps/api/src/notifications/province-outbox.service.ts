import { Injectable } from '@nestjs/common';
import type { ProvinceEvent, ProvinceFeedback, TicketStatus } from '@jyg12345/shared';
import { type EntityManager, In } from 'typeorm';
import { newId } from '../common/ids.js';
import { TicketEntity, UnitEntity } from '../database/entities.js';
import { pendingRow } from './outbox-row.js';
import type { OutboxTrigger } from './outbox.service.js';
import { ProvinceOutboxEntity, ProvinceTicketEntity } from './province.entities.js';

/** The event the province hears of, by our action; null for internal steps (pass-down, return requests, urges …). */
export function provinceEventOf(action: string, toStatus: TicketStatus): ProvinceEvent | null {
  if (toStatus === 'closed') return 'closed';
  switch (action) {
    case 'forward':
    case 'register':
    case 'accept':
      return 'accepted';
    case 'dispatch':
      return 'dispatched';
    case 'sign':
      return 'signed';
    case 'approve_return':
      return 'returned';
    case 'approve_extension':
      return 'extended';
    case 'reply':
    case 'answer':
      return 'replied';
    case 'rate':
    case 'record_visit':
      return 'rated';
    case 'reopen':
      return 'reopened';
    case 'reject':
      return 'rejected';
    case 'merge':
      return 'merged';
    default:
      return null;
  }
}

const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

/**
 * Writes feedback for a forwarded ticket in the caller's transaction (called by OutboxService.enqueue for every
 * ticket event). Only tickets the platform forwarded (a `province_tickets` row) report back.
 */
@Injectable()
export class ProvinceOutboxService {
  async enqueue(tx: EntityManager, t: OutboxTrigger): Promise<number> {
    if (t.ticket.channel !== 'province') return 0;
    const event = provinceEventOf(t.action, t.toStatus);
    if (!event) return 0;
    const link = await tx.findOneBy(ProvinceTicketEntity, { ticketId: t.ticket.id });
    if (!link) return 0; // registered by an operator: the platform has no number for it
    const id = newId();
    const body: ProvinceFeedback = {
      deliveryId: id,
      provinceNumber: link.provinceNumber,
      ticketNumber: t.ticket.number,
      // Every action bumps the ticket's version under its row lock: increasing per ticket, in commit order.
      sequence: t.ticket.version,
      event,
      status: t.toStatus,
      occurredAt: t.at.toISOString(),
      note: t.note,
      data: await this.dataOf(tx, event, t),
    };
    await tx.insert(ProvinceOutboxEntity, { id, seq: t.ticket.version, event, payload: body, ...pendingRow(t.eventId, t.ticket.id, t.at) });
    return 1;
  }

  private async dataOf(tx: EntityManager, event: ProvinceEvent, t: OutboxTrigger): Promise<ProvinceFeedback['data']> {
    const ticket = t.ticket;
    const units = async (ids: string[]) => {
      const rows = ids.length > 0 ? await tx.findBy(UnitEntity, { id: In(ids) }) : [];
      return ids.flatMap((uid) => rows.filter((u) => u.id === uid).map((u) => ({ code: u.code, name: u.name })));
    };
    const rating = { satisfaction: ticket.satisfaction, resolved: ticket.resolved, comment: ticket.ratingComment };
    switch (event) {
      case 'dispatched': {
        // unitIds come in storage order; the ticket names its lead.
        const lead = ticket.leadUnitId ? await units([ticket.leadUnitId]) : [];
        const cooperating = await units((t.unitIds ?? []).filter((u) => u !== ticket.leadUnitId));
        return { leadUnit: lead[0], cooperatingUnits: cooperating, signDueAt: iso(ticket.signDueAt), replyDueAt: iso(ticket.replyDueAt) };
      }
      case 'signed':
        return { unit: (await units(ticket.leadUnitId ? [ticket.leadUnitId] : []))[0] ?? null };
      case 'extended':
        return { extensionDays: ticket.extensionDays, replyDueAt: iso(ticket.replyDueAt) };
      case 'replied':
        return {
          content: ticket.replyContent ?? '',
          handlerName: ticket.handlerName ?? '',
          handlerPhone: ticket.handlerPhone ?? '',
          unit: (await units(ticket.replyUnitId ? [ticket.replyUnitId] : []))[0] ?? null,
        };
      case 'rated':
        return rating;
      case 'closed':
        return ticket.ratedAt ? rating : {};
      case 'reopened':
        return { replyDueAt: iso(ticket.replyDueAt) };
      case 'rejected':
        return { reason: ticket.rejectReason ?? '' };
      case 'merged': {
        const into = ticket.mergedIntoId ? await tx.findOne(TicketEntity, { select: { number: true }, where: { id: ticket.mergedIntoId } }) : null;
        return into ? { intoNumber: into.number } : {};
      }
      case 'accepted':
      case 'returned':
        return {};
      default: {
        const never: never = event;
        throw new Error(`unhandled province event ${String(never)}`);
      }
    }
  }
}
