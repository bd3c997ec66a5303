import { Injectable } from '@nestjs/common';
import { TICKET_STATUS_LABELS, type TicketStatus } from '@jyg12345/shared';
import { type EntityManager, In, IsNull, Not } from 'typeorm';
import { newId } from '../common/ids.js';
import { StaffEntity, type TicketEntity } from '../database/entities.js';
import { ProvinceOutboxService } from './province-outbox.service.js';
import { pendingRow } from './outbox-row.js';
import { type NotificationTopic, OutboxMessageEntity } from './outbox.entity.js';

export interface OutboxTrigger {
  eventId: string;
  action: string;
  ticket: TicketEntity;
  toStatus: TicketStatus;
  note: string | null;
  /** Units a dispatch went to (lead first). */
  unitIds?: string[];
  at: Date;
}

const RESIDENT_TOPIC: Partial<Record<string, NotificationTopic>> = {
  accept: 'accepted',
  dispatch: 'dispatched',
  reply: 'replied',
  answer: 'replied',
  reject: 'rejected',
};

function chinaTime(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

const clip = (s: string, n = 20) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * Decides who hears about an event and writes the messages in the caller's transaction: residents when their
 * appeal is accepted, dispatched, replied, closed or rejected (with the reason); unit staff (who bound WeChat) when a ticket is dispatched
 * to their unit or urged; the provincial platform about every state change of a ticket it forwarded.
 */
@Injectable()
export class OutboxService {
  constructor(private readonly province: ProvinceOutboxService) {}

  async enqueue(tx: EntityManager, t: OutboxTrigger): Promise<number> {
    const rows: OutboxMessageEntity[] = [];
    const base = pendingRow(t.eventId, t.ticket.id, t.at);
    const residentTopic: NotificationTopic | undefined = t.toStatus === 'closed' ? 'closed' : RESIDENT_TOPIC[t.action];
    if (residentTopic && t.ticket.residentId) {
      const payload: Record<string, string> = {
        number: t.ticket.number,
        status: TICKET_STATUS_LABELS[t.toStatus],
        time: chinaTime(t.at),
        note: clip(t.note ?? TICKET_STATUS_LABELS[t.toStatus]),
      };
      if (residentTopic === 'replied') {
        payload.handlerName = t.ticket.handlerName ?? '';
        payload.handlerPhone = t.ticket.handlerPhone ?? '';
        payload.note = clip(`${t.ticket.handlerName ?? ''} ${t.ticket.handlerPhone ?? ''}`.trim() || '已答复');
      }
      rows.push({ ...base, id: newId(), recipientKind: 'resident', recipientId: t.ticket.residentId, topic: residentTopic, payload });
    }
    const staffTopic: NotificationTopic | undefined = t.action === 'dispatch' ? 'dispatched' : t.action === 'urge' ? 'urged' : undefined;
    const unitIds = t.unitIds ?? (t.ticket.leadUnitId ? [t.ticket.leadUnitId] : []);
    if (staffTopic && unitIds.length > 0) {
      const staff = await tx.find(StaffEntity, {
        select: { id: true },
        where: { unitId: In(unitIds), active: true, role: 'handler', wechatOpenid: Not(IsNull()) },
      });
      for (const s of staff) {
        rows.push({
          ...base,
          id: newId(),
          recipientKind: 'staff',
          recipientId: s.id,
          topic: staffTopic,
          payload: {
            number: t.ticket.number,
            status: staffTopic === 'urged' ? '催办' : '新派单',
            time: chinaTime(t.at),
            note: clip(t.note ?? t.ticket.description),
          },
        });
      }
    }
    if (rows.length > 0) await tx.insert(OutboxMessageEntity, rows);
    return rows.length + (await this.province.enqueue(tx, t));
  }
}
