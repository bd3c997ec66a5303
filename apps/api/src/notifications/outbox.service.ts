import { Injectable } from '@nestjs/common';
import { TICKET_STATUS_LABELS, type TicketStatus } from '@jyg12345/shared';
import type { EntityManager } from 'typeorm';
import { newId } from '../common/ids.js';
import { insertRow } from '../common/sql-rows.js';
import { readSoon } from '../common/statement-batch.js';
import type { TicketEntity } from '../database/entities.js';
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

interface MergedAppeal {
  id: string;
  number: string;
  residentId: string | null;
}

/** Who an event's messages go to, read ahead (`OutboxService.recipients`). */
export interface Recipients {
  staff: () => Promise<{ id: string }[]>;
  merged: () => Promise<MergedAppeal[]>;
}

/**
 * Decides who hears about an event and writes the messages in the caller's transaction: residents when their
 * appeal is accepted, dispatched, replied, closed or rejected (with the reason); unit staff (who bound WeChat) when a ticket is dispatched
 * to their unit or urged; the provincial platform about every state change of a ticket it forwarded.
 */
@Injectable()
export class OutboxService {
  constructor(private readonly province: ProvinceOutboxService) {}

  /**
   * The reads an event's messages need (the units' handlers to tell, the residents of appeals merged into the
   * ticket), held to go with the transaction's next round trip (`readSoon`): call before the change is written and
   * hand the result to `enqueue`, and they cost no round trip of their own.
   */
  async recipients(
    tx: EntityManager,
    t: Pick<OutboxTrigger, 'action' | 'toStatus' | 'unitIds'> & { ticketId: string; leadUnitId: string | null },
  ): Promise<Recipients> {
    const residentTopic = this.residentTopic(t);
    const staffTopic = this.staffTopic(t);
    const unitIds = t.unitIds ?? (t.leadUnitId ? [t.leadUnitId] : []);
    return {
      // the units' handlers who can be told (a WeChat account bound); plain SQL: this runs in every dispatch
      staff:
        staffTopic && unitIds.length > 0
          ? await readSoon<{ id: string }>(
              tx,
              `SELECT id FROM staff WHERE unitId IN (${unitIds.map(() => '?').join(', ')}) AND active = 1 AND role = 'handler' AND wechatOpenid IS NOT NULL`,
              unitIds,
            )
          : () => Promise.resolve([]),
      merged:
        residentTopic === 'replied' || residentTopic === 'closed'
          ? await readSoon<MergedAppeal>(tx, 'SELECT id, `number`, residentId FROM tickets WHERE mergedIntoId = ? AND residentId IS NOT NULL ORDER BY id', [t.ticketId])
          : () => Promise.resolve([]),
    };
  }

  async enqueue(tx: EntityManager, t: OutboxTrigger, prepared?: Recipients): Promise<number> {
    const recipients = prepared ?? (await this.recipients(tx, { ...t, ticketId: t.ticket.id, leadUnitId: t.ticket.leadUnitId }));
    const rows: OutboxMessageEntity[] = [];
    const base = pendingRow(t.eventId, t.ticket.id, t.at);
    const residentTopic = this.residentTopic(t);
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
    if (residentTopic === 'replied' || residentTopic === 'closed') rows.push(...this.mergedResidents(await recipients.merged(), t, residentTopic, base));
    const staffTopic = this.staffTopic(t);
    if (staffTopic) {
      for (const s of await recipients.staff()) {
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
    // held and sent with the transaction's next statement (statement-batch.ts)
    for (const row of rows) await insertRow(tx, OutboxMessageEntity, row);
    return rows.length + (await this.province.enqueue(tx, t));
  }

  private residentTopic(t: Pick<OutboxTrigger, 'action' | 'toStatus'>): NotificationTopic | undefined {
    return t.toStatus === 'closed' ? 'closed' : RESIDENT_TOPIC[t.action];
  }

  private staffTopic(t: Pick<OutboxTrigger, 'action'>): NotificationTopic | undefined {
    return t.action === 'dispatch' ? 'dispatched' : t.action === 'urge' ? 'urged' : undefined;
  }

  /**
   * Residents whose appeals were merged into this ticket follow it (docs/security.md): they hear its reply and its
   * close, under their own appeal's number and with a link to their own appeal, never the survivor's personal data.
   */
  private mergedResidents(
    merged: MergedAppeal[],
    t: OutboxTrigger,
    topic: 'replied' | 'closed',
    base: Omit<OutboxMessageEntity, 'id' | 'recipientKind' | 'recipientId' | 'topic' | 'payload'>,
  ): OutboxMessageEntity[] {
    const told = new Set([t.ticket.residentId]);
    const rows: OutboxMessageEntity[] = [];
    for (const m of merged) {
      if (!m.residentId || told.has(m.residentId)) continue;
      told.add(m.residentId);
      rows.push({
        ...base,
        id: newId(),
        ticketId: m.id,
        recipientKind: 'resident',
        recipientId: m.residentId,
        topic,
        payload: {
          number: m.number,
          status: TICKET_STATUS_LABELS[t.toStatus],
          time: chinaTime(t.at),
          note: clip(topic === 'replied' ? '合并办理的诉求已答复' : '合并办理的诉求已办结'),
        },
      });
    }
    return rows;
  }
}
