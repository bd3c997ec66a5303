import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ACTION_BODY_SCHEMAS,
  type ActionBody,
  actorsOf,
  addWorkingMinutes,
  endOfWorkingDay,
  ErrorCode,
  replyBudget,
  resolveTarget,
  signBudgetMinutes,
  TICKET_ACTIONS,
  type TicketAction,
  type TicketStatus,
  type TicketView,
  transitionFor,
  type WorkCalendar,
  WORKING_MINUTES_PER_DAY,
  DUE_SOON_FRACTION,
  workingMinutesBetween,
} from '@jyg12345/shared';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AttachmentsService } from '../attachments/attachments.service.js';
import type { Principal } from '../auth/principal.js';
import { WorkCalendarService } from '../calendar/work-calendar.service.js';
import { AppError } from '../common/app-error.js';
import { IdempotencyService, type StoredResponse } from '../common/idempotency.service.js';
import { newId } from '../common/ids.js';
import { parseWith } from '../common/zod.pipe.js';
import { CategoryEntity, StaffEntity, TicketEntity, TicketEventEntity, TicketUnitEntity, UnitEntity } from '../database/entities.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { UnitTreeService } from '../units/unit-tree.service.js';
import { TicketAccessService } from './ticket-access.service.js';
import { TicketPhotosService } from './ticket-photos.service.js';
import { toTicketView } from './ticket.view.js';

/** Who took an action: a signed-in person, or the system's background work. */
export type ActionActor = Principal | { kind: 'system'; id: null; role: 'system' };

interface Effect {
  patch: Partial<TicketEntity>;
  note?: string | null;
  details?: Record<string, unknown> | null;
  /** Replace the ticket's participating units. */
  units?: { unitId: string; part: TicketUnitEntity['part'] }[];
  /** Add or replace one participating unit (pass-down). */
  assignUnit?: string;
}

interface Ctx<A extends TicketAction> {
  actor: ActionActor;
  ticket: TicketEntity;
  body: ActionBody<A>;
  tx: EntityManager;
  now: Date;
  calendar: WorkCalendar;
}

const invalid = (message?: string) => new AppError(ErrorCode.INVALID_TRANSITION, message);
const badField = (path: string, message: string) => new AppError(ErrorCode.VALIDATION_FAILED, undefined, [{ path, message }]);
/** The instant the last DUE_SOON_FRACTION of the working time between two instants begins. */
function dueSoonFrom(calendar: WorkCalendar, start: Date, due: Date): Date {
  const total = workingMinutesBetween(calendar, start, due);
  return addWorkingMinutes(calendar, start, Math.floor(total * (1 - DUE_SOON_FRACTION)));
}

/** Reply deadline from now by type, category and channel, and when it becomes "due soon". */
function replyDeadline(ticket: TicketEntity, category: CategoryEntity | null, calendar: WorkCalendar, now: Date): Pick<TicketEntity, 'replyDueAt' | 'dueSoonFrom'> {
  const budget = replyBudget({ type: ticket.type, channel: ticket.channel, urgent: ticket.urgent, categoryReplyDays: category?.replyDays ?? null });
  const replyDueAt = budget.kind === 'same_day' ? endOfWorkingDay(calendar, now) : addWorkingMinutes(calendar, now, budget.minutes);
  return { replyDueAt, dueSoonFrom: dueSoonFrom(calendar, now, replyDueAt) };
}

/**
 * Writes the ticket's units as the action leaves them, each row carrying the ticket's status and reply deadline
 * (the units' queue index). Rows are deleted and updated by their full primary key only: a delete by ticket alone
 * locks the gap after it on MariaDB, and two dispatches of neighbouring tickets then deadlocked on their inserts.
 */
async function writeUnits(tx: EntityManager, ticket: TicketEntity, effect: Effect): Promise<TicketUnitEntity[]> {
  const before = await tx.findBy(TicketUnitEntity, { ticketId: ticket.id });
  let wanted: Pick<TicketUnitEntity, 'unitId' | 'part'>[] = effect.units ?? before;
  if (effect.assignUnit) {
    const assigned = effect.assignUnit;
    wanted = [...wanted.filter((u) => u.part !== 'assigned' && u.unitId !== assigned), { unitId: assigned, part: 'assigned' }];
  }
  const due = (d: Date | null) => (d === null ? null : new Date(d).getTime());
  const after = wanted.map((u) => ({ ticketId: ticket.id, unitId: u.unitId, part: u.part, status: ticket.status, replyDueAt: ticket.replyDueAt }));
  for (const old of before) {
    if (!after.some((u) => u.unitId === old.unitId)) await tx.delete(TicketUnitEntity, { ticketId: ticket.id, unitId: old.unitId });
  }
  const fresh = after.filter((u) => !before.some((old) => old.unitId === u.unitId));
  if (fresh.length > 0) await tx.insert(TicketUnitEntity, fresh);
  for (const u of after) {
    const old = before.find((o) => o.unitId === u.unitId);
    if (old && (old.part !== u.part || old.status !== u.status || due(old.replyDueAt) !== due(u.replyDueAt))) {
      await tx.update(TicketUnitEntity, { ticketId: ticket.id, unitId: u.unitId }, { part: u.part, status: u.status, replyDueAt: u.replyDueAt });
    }
  }
  return after as TicketUnitEntity[];
}

const FINAL: readonly TicketStatus[] = ['closed', 'rejected', 'withdrawn', 'merged'];

/**
 * Runs the state machine of shared/workflow.ts: each action is one transaction holding a guarded update
 * (`WHERE id = ? AND version = ?`, affected rows checked) and one append-only event.
 */
@Injectable()
export class TicketActionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: TicketAccessService,
    private readonly idempotency: IdempotencyService,
    private readonly workCalendar: WorkCalendarService,
    private readonly units: UnitTreeService,
    private readonly outbox: OutboxService,
    private readonly attachments: AttachmentsService,
    private readonly photos: TicketPhotosService,
  ) {}

  async act(p: Principal, ticketId: string, actionName: string, rawBody: unknown, key: string | null): Promise<StoredResponse<TicketView>> {
    const { ticket, scope } = await this.access.requireVisible(p, ticketId);
    if (!(TICKET_ACTIONS as readonly string[]).includes(actionName)) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, undefined, [{ path: 'action', message: `unknown action ${actionName}` }]);
    }
    const action = actionName as TicketAction;
    // The caller can see the ticket: a refusal now is an honest 403, not a 404.
    if (!actorsOf(action).includes(p.role)) throw new AppError(ErrorCode.FORBIDDEN);
    if (p.role === 'handler' && !scope.handling) throw new AppError(ErrorCode.FORBIDDEN);
    if (p.kind === 'resident' && ticket.residentId !== p.id) throw new AppError(ErrorCode.FORBIDDEN);
    const body = parseWith(ACTION_BODY_SCHEMAS[action], rawBody);
    return this.idempotency.run(
      { actorId: p.id, key, operation: `tickets.${action}:${ticketId}`, request: body },
      async (tx) => ({ status: 200, body: await this.apply(p, ticketId, action, body, tx) }),
    );
  }

  /** Also used by the background scanner (auto_close, urge) with the system as actor. */
  async apply<A extends TicketAction>(actor: ActionActor, ticketId: string, action: A, body: ActionBody<A>, tx: EntityManager): Promise<TicketView> {
    const ticket = await tx.findOneBy(TicketEntity, { id: ticketId });
    if (!ticket) throw new AppError(ErrorCode.TICKET_NOT_FOUND);
    if (ticket.version !== body.version) throw new AppError(ErrorCode.VERSION_CONFLICT);
    const transition = transitionFor(action, ticket.status);
    if (!transition || !transition.who.includes(actor.role)) throw invalid();
    const now = new Date();
    const ctx: Ctx<A> = { actor, ticket, body, tx, now, calendar: await this.workCalendar.get(tx) };
    const effect = await this.effectOf(action, ctx);
    const to = resolveTarget(transition, {
      status: ticket.status,
      statusBeforeReturn: ticket.statusBeforeReturn,
      hasLeadUnit: ticket.leadUnitId !== null,
      satisfaction: (body as { satisfaction?: string }).satisfaction,
    });
    if (to === 'closed') effect.patch.closedAt = now;
    const result = await tx
      .createQueryBuilder()
      .update(TicketEntity)
      .set({ ...effect.patch, status: to, version: ticket.version + 1, updatedAt: now })
      .where('id = :id AND version = :version', { id: ticket.id, version: ticket.version })
      .execute();
    if (result.affected !== 1) throw new AppError(ErrorCode.VERSION_CONFLICT);
    const eventId = newId();
    await tx.insert(TicketEventEntity, {
      id: eventId,
      ticketId: ticket.id,
      action,
      fromStatus: ticket.status,
      toStatus: to,
      actorId: actor.id,
      actorRole: actor.role,
      unitId: actor.kind === 'staff' ? actor.unitId : null,
      note: effect.note ?? null,
      payload: (effect.details ?? null) as TicketEventEntity["payload"] & object,
      createdAt: now,
    });
    const updated = (await tx.findOneBy(TicketEntity, { id: ticket.id })) as TicketEntity;
    const parts = await writeUnits(tx, updated, effect);
    await this.outbox.enqueue(tx, {
      eventId,
      action,
      ticket: updated,
      toStatus: to,
      note: effect.note ?? null,
      unitIds: action === 'dispatch' ? parts.filter((u) => u.part !== 'assigned').map((u) => u.unitId) : undefined,
      at: now,
    });
    const viewer: Principal = actor.kind === 'system' ? { kind: 'staff', id: 'system', role: 'supervisor', unitId: '' } : actor;
    const scope = actor.kind === 'system' ? { visible: true, handling: false } : await this.access.scope(viewer, updated, tx);
    const photos = actor.kind === 'system' ? [] : await this.photos.of(ticket.id, tx);
    return toTicketView(updated, viewer, scope, parts.filter((u) => u.part === 'cooperating').map((u) => u.unitId), photos);
  }

  private async effectOf<A extends TicketAction>(action: A, ctx: Ctx<A>): Promise<Effect> {
    const c = ctx as Ctx<never>;
    switch (action) {
      case 'withdraw':
        return { patch: {}, note: (c.body as ActionBody<'withdraw'>).reason ?? null };
      case 'supplement': {
        const b = c.body as ActionBody<'supplement'>;
        if (c.actor.kind !== 'system') await this.attachments.claim(c.tx, c.actor.id, b.attachmentIds ?? [], c.ticket.id, 'supplement');
        return { patch: {}, note: b.text ?? null, details: b.attachmentIds?.length ? { attachmentIds: b.attachmentIds } : null };
      }
      case 'rate':
      case 'record_visit': {
        const b = c.body as ActionBody<'rate'>;
        return {
          patch: { satisfaction: b.satisfaction, resolved: b.resolved, ratingComment: b.comment ?? null, ratedAt: c.now },
          note: b.comment ?? null,
          details: { satisfaction: b.satisfaction, resolved: b.resolved },
        };
      }
      case 'accept':
        return this.accept(c.body as ActionBody<'accept'>, c.tx);
      case 'answer': {
        const b = c.body as ActionBody<'answer'>;
        return {
          patch: { replyContent: b.content, repliedAt: c.now, handlerName: '12345热线', handlerPhone: '12345', replyUnitId: this.unitOf(c.actor) },
          note: b.content,
          details: b.knowledgeId ? { knowledgeId: b.knowledgeId } : null,
        };
      }
      case 'reject': {
        const b = c.body as ActionBody<'reject'>;
        return { patch: { rejectReason: b.reason }, note: b.reason };
      }
      case 'dispatch':
        return this.dispatch(c as Ctx<'dispatch'>);
      case 'merge':
        return this.merge(c as Ctx<'merge'>);
      case 'sign': {
        const { ticket, now, calendar } = c;
        const since = ticket.dispatchedAt ?? now;
        return {
          patch: {
            signedAt: now,
            signMinutes: Math.round(workingMinutesBetween(calendar, new Date(since), now)),
            signOnTime: ticket.signDueAt === null || now.getTime() <= new Date(ticket.signDueAt).getTime(),
          },
        };
      }
      case 'pass_down':
        return this.passDown(c as Ctx<'pass_down'>);
      case 'request_return':
        return { patch: { statusBeforeReturn: c.ticket.status }, note: (c.body as ActionBody<'request_return'>).reason };
      case 'request_extension': {
        const b = c.body as ActionBody<'request_extension'>;
        if (c.ticket.pendingExtensionDays !== null) throw invalid('已有待审批的延期申请');
        return { patch: { pendingExtensionDays: b.days }, note: b.reason, details: { days: b.days } };
      }
      case 'reply':
        return this.reply(c as Ctx<'reply'>);
      case 'approve_return':
        return {
          patch: {
            leadUnitId: null,
            assignedUnitId: null,
            statusBeforeReturn: null,
            signDueAt: null,
            replyDueAt: null,
            dueSoonFrom: null,
            dueSoonAt: null,
            overdueAt: null,
            pendingExtensionDays: null,
          },
          units: [],
          note: (c.body as ActionBody<'approve_return'>).note ?? null,
          details: { returnedUnitId: c.ticket.leadUnitId },
        };
      case 'refuse_return':
        return { patch: { statusBeforeReturn: null }, note: (c.body as ActionBody<'refuse_return'>).note };
      case 'approve_extension': {
        const { ticket, calendar } = c;
        const days = ticket.pendingExtensionDays;
        if (days === null) throw invalid('没有待审批的延期申请');
        const base = ticket.replyDueAt ? new Date(ticket.replyDueAt) : c.now;
        const replyDueAt = addWorkingMinutes(calendar, base, days * WORKING_MINUTES_PER_DAY);
        return {
          patch: {
            replyDueAt,
            dueSoonFrom: dueSoonFrom(calendar, ticket.dispatchedAt ? new Date(ticket.dispatchedAt) : c.now, replyDueAt),
            extensionDays: ticket.extensionDays + days,
            pendingExtensionDays: null,
            dueSoonAt: null,
            overdueAt: null,
          },
          note: (c.body as ActionBody<'approve_extension'>).note ?? null,
          details: { days },
        };
      }
      case 'refuse_extension':
        if (c.ticket.pendingExtensionDays === null) throw invalid('没有待审批的延期申请');
        return { patch: { pendingExtensionDays: null }, note: (c.body as ActionBody<'refuse_extension'>).note };
      case 'urge':
        return { patch: { urgeCount: c.ticket.urgeCount + 1 }, note: (c.body as ActionBody<'urge'>).note };
      case 'reopen':
        return this.reopen(c as Ctx<'reopen'>);
      case 'close':
        return { patch: {}, note: (c.body as ActionBody<'close'>).note ?? null };
      case 'auto_close':
        return { patch: {}, note: null };
      default: {
        const never: never = action as never;
        throw new Error(`unhandled action ${String(never)}`);
      }
    }
  }

  private unitOf(actor: ActionActor): string | null {
    return actor.kind === 'staff' ? actor.unitId : null;
  }

  private async accept(b: ActionBody<'accept'>, tx: EntityManager): Promise<Effect> {
    const category = await tx.findOneBy(CategoryEntity, { id: b.categoryId, active: true });
    if (!category) throw badField('categoryId', 'unknown category');
    const patch: Partial<TicketEntity> = { categoryId: category.id };
    if (b.type !== undefined) patch.type = b.type;
    if (b.urgent !== undefined) patch.urgent = b.urgent;
    return { patch, details: { categoryId: category.id } };
  }

  private async dispatch({ body, tx, ticket, now, calendar }: Ctx<'dispatch'>): Promise<Effect> {
    const cooperating = [...new Set(body.cooperatingUnitIds ?? [])];
    if (cooperating.includes(body.leadUnitId)) throw badField('cooperatingUnitIds', 'the lead unit cannot also cooperate');
    const ids = [body.leadUnitId, ...cooperating];
    const found = await tx.findBy(UnitEntity, { id: In(ids), active: true });
    for (const [i, id] of ids.entries()) {
      const unit = found.find((u) => u.id === id);
      if (!unit || unit.kind === 'centre') throw badField(i === 0 ? 'leadUnitId' : 'cooperatingUnitIds', 'unknown unit');
    }
    const category = ticket.categoryId ? await tx.findOneBy(CategoryEntity, { id: ticket.categoryId }) : null;
    return {
      patch: {
        leadUnitId: body.leadUnitId,
        assignedUnitId: null,
        dispatchedAt: now,
        signDueAt: addWorkingMinutes(calendar, now, signBudgetMinutes(ticket.channel)),
        ...replyDeadline(ticket, category, calendar, now),
        signedAt: null,
        signMinutes: null,
        signOnTime: null,
        repliedAt: null,
        replyMinutes: null,
        replyOnTime: null,
        dueSoonAt: null,
        overdueAt: null,
        lastAutoUrgeDay: null,
        pendingExtensionDays: null,
        statusBeforeReturn: null,
      },
      units: [{ unitId: body.leadUnitId, part: 'lead' }, ...cooperating.map((unitId) => ({ unitId, part: 'cooperating' as const }))],
      note: body.note ?? null,
      details: { leadUnitId: body.leadUnitId, cooperatingUnitIds: cooperating },
    };
  }

  private async merge({ body, tx, ticket }: Ctx<'merge'>): Promise<Effect> {
    if (body.intoTicketId === ticket.id) throw badField('intoTicketId', 'a ticket cannot merge into itself');
    const into = await tx.findOneBy(TicketEntity, { id: body.intoTicketId });
    if (!into || FINAL.includes(into.status)) throw badField('intoTicketId', 'unknown or finished ticket');
    return { patch: { mergedIntoId: into.id }, details: { intoTicketId: into.id, intoNumber: into.number } };
  }

  private async passDown({ body, actor }: Ctx<'pass_down'>): Promise<Effect> {
    if (actor.kind !== 'staff') throw new AppError(ErrorCode.FORBIDDEN);
    const below = (await this.units.subtree(actor.unitId)).filter((id) => id !== actor.unitId);
    if (!below.includes(body.unitId)) throw badField('unitId', 'not a sub-unit of your unit');
    return { patch: { assignedUnitId: body.unitId }, assignUnit: body.unitId, note: body.note ?? null, details: { unitId: body.unitId } };
  }

  private async reply({ body, ticket, now, calendar, actor, tx }: Ctx<'reply'>): Promise<Effect> {
    const since = ticket.dispatchedAt ?? now;
    if (actor.kind === 'staff' && !(await tx.existsBy(StaffEntity, { id: actor.id, active: true }))) throw new AppError(ErrorCode.ACCOUNT_DISABLED);
    if (actor.kind !== 'system') await this.attachments.claim(tx, actor.id, body.attachmentIds ?? [], ticket.id, 'reply');
    return {
      patch: {
        replyContent: body.content,
        handlerName: body.handlerName,
        handlerPhone: body.handlerPhone,
        replyUnitId: this.unitOf(actor),
        repliedAt: now,
        replyMinutes: Math.round(workingMinutesBetween(calendar, new Date(since), now)),
        replyOnTime: ticket.replyDueAt === null || now.getTime() <= new Date(ticket.replyDueAt).getTime(),
        satisfaction: null,
        resolved: null,
        ratingComment: null,
        ratedAt: null,
      },
      note: body.content,
      details: { handlerName: body.handlerName, handlerPhone: body.handlerPhone, attachmentIds: body.attachmentIds ?? [] },
    };
  }

  private async reopen({ body, ticket, now, calendar, tx }: Ctx<'reopen'>): Promise<Effect> {
    if (ticket.satisfaction !== 'unsatisfied') throw invalid('只有不满意的诉求可以重办');
    if (ticket.leadUnitId === null) return { patch: { replyContent: null, repliedAt: null }, note: body.note };
    const category = ticket.categoryId ? await tx.findOneBy(CategoryEntity, { id: ticket.categoryId }) : null;
    return {
      patch: {
        ...replyDeadline(ticket, category, calendar, now),
        replyOnTime: null,
        replyMinutes: null,
        dueSoonAt: null,
        overdueAt: null,
        lastAutoUrgeDay: null,
      },
      note: body.note,
      details: { leadUnitId: ticket.leadUnitId },
    };
  }
}

