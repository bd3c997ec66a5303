import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type ActorFacts,
  type AttachmentUsage,
  chinaDate,
  decide,
  dispatchDeadlines,
  ErrorCode,
  extendedDeadline,
  mayAttempt,
  replyDeadline,
  resolveTarget,
  TICKET_ACTIONS,
  type TicketAction,
  type TicketView,
  timing,
  type WorkCalendar,
} from '@jyg12345/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AttachmentsService } from '../attachments/attachments.service.js';
import type { Principal } from '../auth/principal.js';
import { WorkCalendarService } from '../calendar/work-calendar.service.js';
import { AppError } from '../common/app-error.js';
import { IdempotencyService, type StoredResponse } from '../common/idempotency.service.js';
import { findRow, findRows, findRowsSoon } from '../common/sql-rows.js';
import { validateDto } from '../common/validation.js';
import { CategoryEntity, StaffEntity, TicketEntity, type TicketUnitEntity, UnitEntity } from '../database/entities.js';
import { UnitTreeService } from '../units/unit-tree.service.js';
import { ACTION_BODIES, type ActionBody } from './ticket-actions.dto.js';
import { TicketAccessService, type TicketScope } from './ticket-access.service.js';
import { partsOf } from './ticket-parts.js';
import { TicketPhotosService } from './ticket-photos.service.js';
import { toTicketView } from './ticket.view.js';
import { type EventActor, TicketWriter } from './ticket.writer.js';

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
  /** Photos claimed for the ticket by this action. */
  photos?: { id: string; usage: AttachmentUsage }[];
  /** A refusal whose facts were read with the change's own round trips: checked before the commit. */
  refuseUnless?: () => Promise<void>;
}

interface Ctx<A extends TicketAction> {
  actor: ActionActor;
  ticket: TicketEntity;
  body: ActionBody<A>;
  tx: EntityManager;
  now: Date;
  calendar: WorkCalendar;
}

const badField = (path: string, message: string) => new AppError(ErrorCode.VALIDATION_FAILED, undefined, [{ path, message }]);
const FINAL: readonly TicketEntity['status'][] = ['closed', 'rejected', 'withdrawn', 'merged'];
const asDate = (d: Date | null) => (d === null ? null : new Date(d));
const policyOf = (t: TicketEntity, category: CategoryEntity | null) => ({
  type: t.type,
  channel: t.channel,
  urgent: t.urgent,
  categoryReplyDays: category?.replyDays ?? null,
});

export const actorFacts = (a: ActionActor): ActorFacts => ({ role: a.role, id: a.id });
const eventActor = (a: ActionActor): EventActor => ({ id: a.id, role: a.role, unitId: a.kind === 'staff' ? a.unitId : null });

/**
 * Takes workflow actions: the table in shared/src/workflow.ts decides who may act and when (`decide`), this
 * service works out what the action changes, and the one writer (ticket.writer.ts) writes it in one transaction.
 */
@Injectable()
export class TicketActionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: TicketAccessService,
    private readonly idempotency: IdempotencyService,
    private readonly workCalendar: WorkCalendarService,
    private readonly units: UnitTreeService,
    private readonly writer: TicketWriter,
    private readonly attachments: AttachmentsService,
    private readonly photos: TicketPhotosService,
  ) {}

  async act(p: Principal, ticketId: string, actionName: string, rawBody: unknown, key: string | null): Promise<StoredResponse<TicketView>> {
    const { ticket, scope } = await this.access.requireVisible(p, ticketId);
    if (!(TICKET_ACTIONS as readonly string[]).includes(actionName)) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, undefined, [{ path: 'action', message: `没有这个操作：${actionName}` }]);
    }
    const action = actionName as TicketAction;
    // The caller can see the ticket: a refusal now is an honest 403, not a 404.
    const who = mayAttempt(action, ticket, actorFacts(p), scope);
    if (!who.allowed) throw new AppError(ErrorCode.FORBIDDEN, who.reason);
    const body = await validateDto(ACTION_BODIES[action], rawBody ?? {});
    return this.idempotency.run(
      { actorId: p.id, key, operation: `tickets.${action}:${ticketId}`, request: body },
      async (tx) => ({
        status: 200,
        // the row read for the access check, a copy an attempt (a deadlock's retry runs this again)
        body: await this.apply(p, ticketId, action, body as ActionBody<typeof action>, tx, undefined, {
          version: ticket.version,
          scope,
          ticket: Object.assign(new TicketEntity(), ticket),
        }),
      }),
    );
  }

  /** Also used by the background scanner (auto_close, urge) with the system as actor, at the scan's time. */
  async apply<A extends TicketAction>(
    actor: ActionActor,
    ticketId: string,
    action: A,
    body: ActionBody<A>,
    tx: EntityManager,
    at?: Date,
    /**
     * The caller's scope as read just before, at that version: still true if the version has not moved. With the
     * ticket row read then: the change is worked out from it, and the guarded update (`version = ?`) refuses it if
     * the ticket changed since (the scanner's flags, the only columns written without a new version, are not inputs
     * of any change). One round trip fewer than reading it again here.
     */
    known?: { version: number; scope: TicketScope; ticket?: TicketEntity },
  ): Promise<TicketView> {
    const ticket = known?.ticket ?? (await findRow(tx, TicketEntity, ticketId));
    if (!ticket) throw new AppError(ErrorCode.TICKET_NOT_FOUND);
    if (ticket.version !== body.version) throw new AppError(ErrorCode.VERSION_CONFLICT);
    // The units a scope is read from change only with the version, so the scope read at this version still holds.
    const scope: TicketScope =
      actor.kind === 'system'
        ? { visible: true, handling: false }
        : known && known.version === ticket.version
          ? known.scope
          : await this.access.scope(actor, ticket, tx);
    const decision = decide(action, ticket, actorFacts(actor), scope);
    if (!decision.allowed) throw new AppError(ErrorCode[decision.code], decision.reason);
    const now = at ?? new Date();
    const ctx: Ctx<A> = { actor, ticket, body, tx, now, calendar: await this.workCalendar.get(tx) };
    const effect = await this.effectOf(action, ctx);
    const to = resolveTarget(action, {
      status: ticket.status,
      statusBeforeReturn: ticket.statusBeforeReturn,
      hasLeadUnit: ticket.leadUnitId !== null,
      satisfaction: (body as { satisfaction?: string }).satisfaction,
    });
    const { refuseUnless, ...change } = effect;
    const written = await this.writer.change(tx, { ticket, action, to, actor: eventActor(actor), at: now, ...change });
    await refuseUnless?.();
    const viewer: Principal = actor.kind === 'system' ? { kind: 'staff', id: 'system', role: 'supervisor', unitId: '' } : actor;
    const viewScope = actor.kind === 'system' ? scope : await this.access.scope(viewer, written.ticket, tx);
    const copied = partsOf(written.ticket)?.photos;
    const photos = actor.kind === 'system' ? [] : copied ? this.photos.view(copied) : await this.photos.of(ticket.id, tx);
    return toTicketView(written.ticket, viewer, viewScope, written.units.filter((u) => u.part === 'cooperating').map((u) => u.unitId), photos);
  }

  /** Attaches the caller's photos to the ticket; they go into the ticket's copy of its parts with the change. */
  private async claim(tx: EntityManager, ownerId: string, ids: string[] | undefined, ticketId: string, usage: AttachmentUsage): Promise<Effect['photos']> {
    await this.attachments.claim(tx, ownerId, ids ?? [], ticketId, usage);
    return (ids ?? []).map((id) => ({ id, usage }));
  }

  private async effectOf<A extends TicketAction>(action: A, ctx: Ctx<A>): Promise<Effect> {
    const c = ctx as Ctx<never>;
    switch (action) {
      case 'withdraw':
        return { patch: {}, note: (c.body as ActionBody<'withdraw'>).reason ?? null };
      case 'supplement': {
        const b = c.body as ActionBody<'supplement'>;
        if (b.text === undefined && (b.attachmentIds?.length ?? 0) === 0) throw badField('text', '请填写补充内容或添加照片');
        const photos = c.actor.kind === 'system' ? [] : await this.claim(c.tx, c.actor.id, b.attachmentIds, c.ticket.id, 'supplement');
        return { patch: {}, note: b.text ?? null, details: b.attachmentIds?.length ? { attachmentIds: b.attachmentIds } : null, photos };
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
        const t = timing(calendar, asDate(ticket.dispatchedAt), asDate(ticket.signDueAt), now);
        return {
          patch: { signedAt: now, signMinutes: t.minutes, signOnTime: t.onTime },
          details: { signDueAt: ticket.signDueAt === null ? null : new Date(ticket.signDueAt).toISOString(), onTime: t.onTime, minutes: t.minutes },
        };
      }
      case 'pass_down':
        return this.passDown(c as Ctx<'pass_down'>);
      case 'request_return':
        return { patch: { statusBeforeReturn: c.ticket.status }, note: (c.body as ActionBody<'request_return'>).reason };
      case 'request_extension': {
        const b = c.body as ActionBody<'request_extension'>;
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
        const days = ticket.pendingExtensionDays as number;
        const deadline = extendedDeadline(calendar, { replyDueAt: asDate(ticket.replyDueAt), dispatchedAt: asDate(ticket.dispatchedAt) }, days, c.now);
        return {
          patch: {
            ...deadline,
            extensionDays: ticket.extensionDays + days,
            pendingExtensionDays: null,
            dueSoonAt: null,
            overdueAt: null,
          },
          note: (c.body as ActionBody<'approve_extension'>).note ?? null,
          details: { days, replyDueAt: deadline.replyDueAt.toISOString() },
        };
      }
      case 'refuse_extension':
        return { patch: { pendingExtensionDays: null }, note: (c.body as ActionBody<'refuse_extension'>).note };
      case 'urge':
        // The system urges once a working day; the day it did is what stops it urging twice.
        return {
          patch: { urgeCount: c.ticket.urgeCount + 1, ...(c.actor.kind === 'system' ? { lastAutoUrgeDay: chinaDate(c.now) } : {}) },
          note: (c.body as ActionBody<'urge'>).note,
        };
      case 'reopen':
        return this.reopen(c as Ctx<'reopen'>);
      case 'close':
        return { patch: {}, note: (c.body as ActionBody<'close'>).note ?? null };
      case 'auto_close':
        return { patch: {}, note: null };
      case 'reschedule': {
        const b = c.body as ActionBody<'reschedule'>;
        const patch: Partial<TicketEntity> = { replyDueAt: new Date(b.replyDueAt), dueSoonAt: null, overdueAt: null };
        if (b.signDueAt) patch.signDueAt = new Date(b.signDueAt);
        if (b.dueSoonFrom) patch.dueSoonFrom = new Date(b.dueSoonFrom);
        const was = (d: Date | null) => (d === null ? null : new Date(d).toISOString());
        return {
          patch,
          note: b.reason,
          details: { replyDueAt: b.replyDueAt, previousReplyDueAt: was(c.ticket.replyDueAt), signDueAt: b.signDueAt ?? null },
        };
      }
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
    const [category] = await findRows(tx, CategoryEntity, { id: b.categoryId, active: true });
    if (!category) throw badField('categoryId', '没有这个分类或已停用');
    const patch: Partial<TicketEntity> = { categoryId: category.id };
    if (b.type !== undefined) patch.type = b.type;
    if (b.urgent !== undefined) patch.urgent = b.urgent;
    return { patch, details: { categoryId: category.id } };
  }

  private async dispatch({ body, tx, ticket, now, calendar }: Ctx<'dispatch'>): Promise<Effect> {
    const cooperating = [...new Set(body.cooperatingUnitIds ?? [])];
    if (cooperating.includes(body.leadUnitId)) throw badField('cooperatingUnitIds', '牵头单位不能同时作为配合单位');
    const ids = [body.leadUnitId, ...cooperating];
    // An operator may correct the category as they dispatch: the deadlines follow it, and the event records it
    // (the routing model's training reads the category chosen at accept or dispatch). Read with the units.
    const categoryId = body.categoryId ?? ticket.categoryId;
    const categories = categoryId ? await findRowsSoon(tx, CategoryEntity, { id: categoryId, active: body.categoryId !== undefined ? true : undefined }) : null;
    const found = await findRows(tx, UnitEntity, { id: ids, active: true });
    for (const [i, id] of ids.entries()) {
      const unit = found.find((u) => u.id === id);
      if (!unit || unit.kind === 'centre') throw badField(i === 0 ? 'leadUnitId' : 'cooperatingUnitIds', '没有这个单位或已停用');
    }
    const [category = null] = categories ? await categories() : [];
    if (body.categoryId !== undefined && !category) throw badField('categoryId', '没有这个分类或已停用');
    const deadlines = dispatchDeadlines(calendar, policyOf(ticket, category), now);
    return {
      patch: {
        ...(body.categoryId !== undefined && category ? { categoryId: category.id } : {}),
        leadUnitId: body.leadUnitId,
        assignedUnitId: null,
        dispatchedAt: now,
        ...deadlines,
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
      details: {
        leadUnitId: body.leadUnitId,
        cooperatingUnitIds: cooperating,
        ...(body.categoryId !== undefined && category ? { categoryId: category.id, previousCategoryId: ticket.categoryId } : {}),
        signDueAt: deadlines.signDueAt.toISOString(),
        replyDueAt: deadlines.replyDueAt.toISOString(),
      },
    };
  }

  private async merge({ body, tx, ticket }: Ctx<'merge'>): Promise<Effect> {
    if (body.intoTicketId === ticket.id) throw badField('intoTicketId', '不能合并到自身');
    const into = await findRow(tx, TicketEntity, body.intoTicketId);
    if (!into || FINAL.includes(into.status)) throw badField('intoTicketId', '目标诉求不存在或已办结');
    return { patch: { mergedIntoId: into.id }, details: { intoTicketId: into.id, intoNumber: into.number } };
  }

  private async passDown({ body, actor, tx }: Ctx<'pass_down'>): Promise<Effect> {
    if (actor.kind !== 'staff') throw new AppError(ErrorCode.FORBIDDEN);
    const below = (await this.units.subtree(actor.unitId, tx)).filter((id) => id !== actor.unitId);
    if (!below.includes(body.unitId)) throw badField('unitId', '只能下派给本单位的下级单位');
    return { patch: { assignedUnitId: body.unitId }, assignUnit: body.unitId, note: body.note ?? null, details: { unitId: body.unitId } };
  }

  private async reply({ body, ticket, now, calendar, actor, tx }: Ctx<'reply'>): Promise<Effect> {
    const t = timing(calendar, asDate(ticket.dispatchedAt), asDate(ticket.replyDueAt), now);
    // The session checked the account at most AUTH_STATE_CACHE_MS ago; the reply, which names its handler, checks it
    // again in its transaction. Read with the change's first round trip, not in one of its own.
    const active = actor.kind === 'staff' ? await findRowsSoon(tx, StaffEntity, { id: actor.id, active: true }) : null;
    const photos = actor.kind === 'system' ? [] : await this.claim(tx, actor.id, body.attachmentIds, ticket.id, 'reply');
    return {
      photos,
      refuseUnless: active
        ? async () => {
            if ((await active()).length === 0) throw new AppError(ErrorCode.ACCOUNT_DISABLED);
          }
        : undefined,
      patch: {
        replyContent: body.content,
        handlerName: body.handlerName,
        handlerPhone: body.handlerPhone,
        replyUnitId: this.unitOf(actor),
        repliedAt: now,
        replyMinutes: t.minutes,
        replyOnTime: t.onTime,
        satisfaction: null,
        resolved: null,
        ratingComment: null,
        ratedAt: null,
      },
      note: body.content,
      details: { handlerName: body.handlerName, handlerPhone: body.handlerPhone, attachmentIds: body.attachmentIds ?? [], onTime: t.onTime },
    };
  }

  private async reopen({ body, ticket, now, calendar, tx }: Ctx<'reopen'>): Promise<Effect> {
    if (ticket.leadUnitId === null) return { patch: { replyContent: null, repliedAt: null }, note: body.note };
    const category = ticket.categoryId ? await findRow(tx, CategoryEntity, ticket.categoryId) : null;
    const deadline = replyDeadline(calendar, policyOf(ticket, category), now);
    return {
      patch: {
        ...deadline,
        replyOnTime: null,
        replyMinutes: null,
        dueSoonAt: null,
        overdueAt: null,
        lastAutoUrgeDay: null,
      },
      note: body.note,
      details: { leadUnitId: ticket.leadUnitId, replyDueAt: deadline.replyDueAt.toISOString() },
    };
  }
}

