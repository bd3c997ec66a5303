import { Injectable } from '@nestjs/common';
import { type AttachmentUsage, ErrorCode, type FilingAction, type SystemEvent, type TicketAction, type TicketStatus } from '@jyg12345/shared';
import type { EntityManager } from 'typeorm';
import { AssessmentLedger } from '../assessment/assessment-ledger.js';
import { AppError } from '../common/app-error.js';
import { newId } from '../common/ids.js';
import { deleteRow, findRow, insertRow, updateGuardedThenRead, updateRow } from '../common/sql-rows.js';
import { TicketEntity, TicketEventEntity, TicketUnitEntity } from '../database/entities.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { postingTokens } from '../search/search-text.js';
import { TicketSearchIndex } from '../search/ticket-search.index.js';
import { nextParts, partsOf } from './ticket-parts.js';

/** Who an event is recorded against: a person (with their unit, for staff) or the system. */
export interface EventActor {
  id: string | null;
  role: TicketEventEntity['actorRole'];
  unitId: string | null;
}

export interface TicketChange {
  ticket: TicketEntity;
  action: TicketAction;
  to: TicketStatus;
  patch: Partial<TicketEntity>;
  actor: EventActor;
  note?: string | null;
  details?: Record<string, unknown> | null;
  /** Replace the ticket's participating units. */
  units?: { unitId: string; part: TicketUnitEntity['part'] }[];
  /** Add or replace the unit a ticket was passed down to. */
  assignUnit?: string;
  /** Photos the action attached to the ticket (claimed by the caller in this transaction). */
  photos?: { id: string; usage: AttachmentUsage }[];
  at: Date;
}

export interface Filing {
  ticket: TicketEntity;
  action: FilingAction;
  actor: EventActor;
  payload?: Record<string, unknown> | null;
  /** Rows that belong with the new ticket (the province's link to its number), written before anyone is told. */
  alongside?: (tx: EntityManager) => Promise<unknown>;
  /** Tell the others (the provincial platform about its own tickets). */
  notify?: boolean;
}

/**
 * Every write to a ticket goes through here, inside the caller's transaction: a new ticket with its filing event;
 * a change as a guarded update (`WHERE id = ? AND version = ?`, the version bumped) with its append-only event,
 * the units' queue rows and the notifications it causes; the scanner's flags. Nothing else inserts or updates
 * tickets or ticket events, so every figure can be traced to the events behind it.
 */
@Injectable()
export class TicketWriter {
  constructor(
    private readonly outbox: OutboxService,
    private readonly search: TicketSearchIndex,
    private readonly ledger: AssessmentLedger,
  ) {}

  async file(tx: EntityManager, f: Filing): Promise<string> {
    const { ticket } = f;
    await insertRow(tx, TicketEntity, ticket);
    await this.search.write(tx, ticket);
    if (ticket.replyDueAt !== null) await this.search.writeDeadline(tx, ticket.id, await this.search.tokensOf(tx, ticket));
    const eventId = newId();
    await insertRow(tx, TicketEventEntity, {
      id: eventId,
      ticketId: ticket.id,
      action: f.action,
      fromStatus: null,
      toStatus: ticket.status,
      actorId: f.actor.id,
      actorRole: f.actor.role,
      unitId: f.actor.unitId,
      note: null,
      payload: f.payload ?? null,
      createdAt: ticket.createdAt,
    } as TicketEventEntity);
    await f.alongside?.(tx);
    if (f.notify) await this.outbox.enqueue(tx, { eventId, action: f.action, ticket, toStatus: ticket.status, note: null, at: ticket.createdAt });
    return eventId;
  }

  async change(tx: EntityManager, c: TicketChange): Promise<{ ticket: TicketEntity; units: TicketUnitEntity[]; eventId: string }> {
    const { ticket, at } = c;
    const patch: Partial<TicketEntity> = { ...c.patch, status: c.to, version: ticket.version + 1, updatedAt: at };
    if (c.to === 'closed') patch.closedAt = at;
    // A new deadline (dispatch, extension, reschedule, reopen, a return's approval clearing it) moves the ticket's
    // deadline postings: out from under the old one (read before the row changes), in under the new one after.
    const time = (d: Date | string | null | undefined) => (d === null || d === undefined ? null : new Date(d).getTime());
    const moves = 'replyDueAt' in patch && time(patch.replyDueAt) !== time(ticket.replyDueAt);
    // Both reads go in the update's round trip: the postings' tokens, and the deadline they are stored under now
    // (none without one, a first dispatch: the row read is this version's, whose deadline only a new version changes).
    const tokensSoon = moves ? await this.search.tokensSoon(tx, ticket) : null;
    const dropDeadline = moves && ticket.replyDueAt !== null ? await this.search.dropDeadlineSoon(tx, ticket.id) : null;
    // The row's copy of its units when it has one: the guarded update below succeeds only if the row is still the
    // version read, whose copy and queue rows (status, deadline mirrored from it) the writer wrote together.
    const before = unitsOfCopy(ticket) ?? (await tx.findBy(TicketUnitEntity, { ticketId: ticket.id }));
    const wanted = unitsAfter(before, c);
    // The row's copy of its units and photos changes with them, in the same UPDATE (ticket-parts.ts).
    const parts = nextParts(ticket, wanted, c.photos);
    if (parts !== undefined) patch.parts = parts;
    // who the event's messages go to, read in the update's round trip
    const recipients = await this.outbox.recipients(tx, {
      action: c.action,
      toStatus: c.to,
      ticketId: ticket.id,
      unitIds: c.action === 'dispatch' ? wanted.filter((u) => u.part !== 'assigned').map((u) => u.unitId) : undefined,
      leadUnitId: patch.leadUnitId !== undefined ? patch.leadUnitId : ticket.leadUnitId,
    });
    // the row as the update leaves it (with the scanner's flags as they are now), read in the update's round trip
    const updated = await updateGuardedThenRead(tx, TicketEntity, ticket.id, { id: ticket.id, version: ticket.version }, patch);
    if (!updated) throw new AppError(ErrorCode.VERSION_CONFLICT);
    const tokens = tokensSoon ? await tokensSoon() : [];
    // held: out from under the old deadline, then (below) in under the new one
    if (dropDeadline) await dropDeadline(tokens);
    const eventId = newId();
    // held and sent with the next statement (statement-batch.ts): nothing reads its result
    await insertRow(tx, TicketEventEntity, {
      id: eventId,
      ticketId: ticket.id,
      action: c.action,
      fromStatus: ticket.status,
      toStatus: c.to,
      actorId: c.actor.id,
      actorRole: c.actor.role,
      unitId: c.actor.unitId,
      note: c.note ?? null,
      payload: c.details ?? null,
      createdAt: at,
    } as TicketEventEntity);
    // A supplement's text is found by search like the description (and in the deadline order, if it has one).
    if (c.action === 'supplement' && c.note) {
      await this.search.append(tx, ticket.id, c.note);
      tokens.push(...postingTokens(c.note));
    }
    if (moves || (c.action === 'supplement' && c.note)) await this.search.writeDeadline(tx, ticket.id, tokens);
    // the assessment roll-up (docs/assessment.md): its items, from the ticket as it was and is, in this transaction
    await this.ledger.record(tx, ticket, updated, { id: eventId, action: c.action, payload: c.details ?? null, at });
    const units = await this.writeUnits(tx, updated, before, wanted);
    await this.outbox.enqueue(tx, {
      eventId,
      action: c.action,
      ticket: updated,
      toStatus: c.to,
      note: c.note ?? null,
      unitIds: c.action === 'dispatch' ? units.filter((u) => u.part !== 'assigned').map((u) => u.unitId) : undefined,
      at,
    }, recipients);
    return { ticket: updated, units, eventId };
  }

  /**
   * The scanner's bookkeeping: sets a flag once, with its event. It changes no state a person acts on, so it does
   * not bump the version (a handler replying at that moment is not told someone else handled the ticket).
   */
  async flag(tx: EntityManager, id: string, column: 'dueSoonAt' | 'overdueAt', event: SystemEvent, at: Date): Promise<boolean> {
    const result = await tx
      .createQueryBuilder()
      .update(TicketEntity)
      .set({ [column]: at })
      .where(`id = :id AND ${column} IS NULL`, { id })
      .execute();
    if (result.affected !== 1) return false;
    const t = (await findRow(tx, TicketEntity, id)) as TicketEntity;
    await tx.insert(TicketEventEntity, {
      id: newId(),
      ticketId: t.id,
      action: event,
      fromStatus: t.status,
      toStatus: t.status,
      actorId: null,
      actorRole: 'system',
      unitId: t.leadUnitId,
      note: null,
      payload: null,
      createdAt: at,
    });
    return true;
  }

  /**
   * The ticket's units as the change leaves them, each row carrying the ticket's status and reply deadline (the
   * units' queue index). Rows are deleted and updated by their full primary key only: a delete by ticket alone
   * locks the gap after it on MariaDB, and two dispatches of neighbouring tickets then deadlocked on their inserts.
   */
  private async writeUnits(
    tx: EntityManager,
    ticket: TicketEntity,
    before: TicketUnitEntity[],
    wanted: Pick<TicketUnitEntity, 'unitId' | 'part'>[],
  ): Promise<TicketUnitEntity[]> {
    const due = (d: Date | null) => (d === null ? null : new Date(d).getTime());
    const after = wanted.map((u) => ({ ticketId: ticket.id, unitId: u.unitId, part: u.part, status: ticket.status, replyDueAt: ticket.replyDueAt }));
    // held and sent with the next statement, like the event
    for (const old of before) {
      if (!after.some((u) => u.unitId === old.unitId)) await deleteRow(tx, TicketUnitEntity, { ticketId: ticket.id, unitId: old.unitId });
    }
    for (const u of after) {
      const old = before.find((o) => o.unitId === u.unitId);
      if (!old) await insertRow(tx, TicketUnitEntity, u as TicketUnitEntity);
      else if (old.part !== u.part || old.status !== u.status || due(old.replyDueAt) !== due(u.replyDueAt)) {
        await updateRow(tx, TicketUnitEntity, { ticketId: ticket.id, unitId: u.unitId }, { part: u.part, status: u.status, replyDueAt: u.replyDueAt });
      }
    }
    return after as TicketUnitEntity[];
  }
}

/** The ticket's `ticket_units` rows as its copy gives them (ticket-parts.ts); undefined for a row without a copy. */
function unitsOfCopy(ticket: TicketEntity): TicketUnitEntity[] | undefined {
  return partsOf(ticket)?.units.map((u) => ({ ticketId: ticket.id, unitId: u.unitId, part: u.part, status: ticket.status, replyDueAt: ticket.replyDueAt }) as TicketUnitEntity);
}

/** The units a change leaves a ticket with: replaced, or one passed down to added (replacing the previous one). */
function unitsAfter(before: Pick<TicketUnitEntity, 'unitId' | 'part'>[], c: Pick<TicketChange, 'units' | 'assignUnit'>): Pick<TicketUnitEntity, 'unitId' | 'part'>[] {
  const wanted = (c.units ?? before).map((u) => ({ unitId: u.unitId, part: u.part }));
  const assigned = c.assignUnit;
  if (!assigned) return wanted;
  return [...wanted.filter((u) => u.part !== 'assigned' && u.unitId !== assigned), { unitId: assigned, part: 'assigned' as const }];
}
