import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type CreateTicketInput,
  createTicketSchema,
  ErrorCode,
  type ListTicketsQuery,
  type Page,
  registerTicketSchema,
  type TicketEventView,
  type TicketView,
} from '@jyg12345/shared';
import { DataSource } from 'typeorm';
import { AttachmentsService } from '../attachments/attachments.service.js';
import type { Principal } from '../auth/principal.js';
import { AppError } from '../common/app-error.js';
import { IdempotencyService, type StoredResponse } from '../common/idempotency.service.js';
import { newId } from '../common/ids.js';
import { parseWith } from '../common/zod.pipe.js';
import { CategoryEntity, TicketEntity, TicketEventEntity, type TicketUnitEntity } from '../database/entities.js';
import { LocationService } from '../geo/location.service.js';
import { UnitTreeService } from '../units/unit-tree.service.js';
import { TicketPhotosService } from './ticket-photos.service.js';
import { isCentre, TicketAccessService, type TicketScope } from './ticket-access.service.js';
import { TicketNumberAllocator } from './ticket-number.allocator.js';
import { isPublicEvent, toEventView, toTicketView } from './ticket.view.js';
import { TicketsRepository } from './tickets.repository.js';

interface Cursor {
  id: string;
  due?: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(cursor: string, sort: 'time' | 'deadline'): { id: string; due?: Date } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { id?: unknown; due?: unknown };
    if (typeof parsed.id === 'string' && /^[0-9A-HJKMNP-TV-Z]{26}$/.test(parsed.id)) {
      if (sort === 'time') return { id: parsed.id };
      const due = typeof parsed.due === 'string' ? new Date(parsed.due) : null;
      if (due && !Number.isNaN(due.getTime())) return { id: parsed.id, due };
    }
  } catch {
    // fall through
  }
  throw new AppError(ErrorCode.CURSOR_INVALID);
}

function scopeFromParts(p: Principal, t: TicketEntity, parts: TicketUnitEntity[], subtree: Set<string>): TicketScope {
  if (p.kind === 'resident' || isCentre(p)) return { visible: true, handling: false };
  return {
    visible: parts.some((u) => subtree.has(u.unitId)),
    handling: parts.some((u) => u.part !== 'cooperating' && subtree.has(u.unitId)),
  };
}

@Injectable()
export class TicketsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: TicketsRepository,
    private readonly numbers: TicketNumberAllocator,
    private readonly idempotency: IdempotencyService,
    private readonly units: UnitTreeService,
    private readonly access: TicketAccessService,
    private readonly location: LocationService,
    private readonly attachments: AttachmentsService,
    private readonly photos: TicketPhotosService,
  ) {}

  /** Residents file appeals (submitted); operators register them for callers and other channels (accepted). */
  async file(p: Principal, rawBody: unknown, idempotencyKey: string | null): Promise<StoredResponse<TicketView>> {
    if (p.kind === 'resident') return this.create(p, parseWith(createTicketSchema, rawBody), 'miniprogram', idempotencyKey);
    if (p.role === 'operator') {
      const input = parseWith(registerTicketSchema, rawBody);
      return this.create(p, input, input.channel, idempotencyKey);
    }
    throw new AppError(ErrorCode.FORBIDDEN);
  }

  private async create(
    p: Principal,
    input: CreateTicketInput & { urgent?: boolean },
    channel: TicketEntity['channel'],
    idempotencyKey: string | null,
  ): Promise<StoredResponse<TicketView>> {
    if (input.categoryId !== undefined) {
      const category = await this.db.getRepository(CategoryEntity).findOneBy({ id: input.categoryId, active: true });
      if (!category) {
        throw new AppError(ErrorCode.VALIDATION_FAILED, undefined, [{ path: 'categoryId', message: 'unknown category' }]);
      }
    }
    const byResident = p.kind === 'resident';
    // Outside the service area is accepted and flagged for the operator, never dropped.
    const place = input.location ? await this.location.resolve(input.location.lat, input.location.lng, input.location.coordSystem) : null;
    // Reserved before the transaction: reserving a block of numbers takes a pool connection of its own, and
    // waiting for it while holding the transaction's connection deadlocked the pool (DATABASE_POOL_SIZE filings at
    // once, each waiting forever). A replayed key leaves a gap in the numbers, which the allocator allows.
    const number = await this.numbers.next(new Date());
    return this.idempotency.run(
      { actorId: p.id, key: idempotencyKey, operation: 'tickets.file', request: { ...input, channel } },
      async (tx) => {
        const now = new Date();
        const ticket = tx.create(TicketEntity, {
          id: newId(),
          number,
          status: byResident ? 'submitted' : 'accepted',
          version: 1,
          channel,
          type: input.type,
          categoryId: input.categoryId ?? null,
          title: input.title ?? null,
          description: input.description,
          lat: input.location?.lat ?? null,
          lng: input.location?.lng ?? null,
          coordSystem: input.location?.coordSystem ?? null,
          address: input.location?.address ?? null,
          contactName: input.contact?.name ?? null,
          contactPhone: input.contact?.phone ?? null,
          confidential: input.confidential,
          residentId: byResident ? p.id : null,
          leadUnitId: null,
          wgs84Lat: place?.wgs84.lat ?? null,
          wgs84Lng: place?.wgs84.lng ?? null,
          outsideArea: place?.outsideArea ?? false,
          streetId: place?.streetId ?? null,
          communityId: place?.communityId ?? null,
          urgent: input.urgent ?? false,
          urgeCount: 0,
          extensionDays: 0,
          createdAt: now,
          updatedAt: now,
        });
        await tx.insert(TicketEntity, ticket);
        await tx.insert(TicketEventEntity, {
          id: newId(),
          ticketId: ticket.id,
          action: byResident ? 'submit' : 'register',
          fromStatus: null,
          toStatus: ticket.status,
          actorId: p.id,
          actorRole: p.role,
          unitId: p.kind === 'staff' ? p.unitId : null,
          note: null,
          payload: byResident ? null : { channel },
          createdAt: now,
        });
        await this.attachments.claim(tx, p.id, input.attachmentIds ?? [], ticket.id, 'ticket');
        const stored = (await tx.findOneBy(TicketEntity, { id: ticket.id })) as TicketEntity;
        return { status: 201, body: toTicketView(stored, p, { visible: true, handling: false }, [], await this.photos.of(ticket.id, tx)) };
      },
    );
  }

  async get(p: Principal, id: string): Promise<TicketView> {
    const { ticket, scope } = await this.access.requireVisible(p, id);
    const parts = (await this.repo.parts([ticket.id])).get(ticket.id) ?? [];
    return toTicketView(ticket, p, scope, parts.filter((u) => u.part === 'cooperating').map((u) => u.unitId), await this.photos.of(ticket.id));
  }

  async events(p: Principal, id: string): Promise<TicketEventView[]> {
    await this.access.requireVisible(p, id);
    const events = await this.repo.events(id);
    return (p.kind === 'resident' ? events.filter(isPublicEvent) : events).map((e) => toEventView(e, p));
  }

  async list(p: Principal, q: ListTicketsQuery): Promise<Page<TicketView>> {
    const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor, q.sort);
    let unitIds: string[] | undefined;
    let subtree = new Set<string>();
    if (p.kind === 'staff' && !isCentre(p)) {
      subtree = new Set(await this.units.subtree(p.unitId));
      unitIds = [...subtree];
    }
    if (q.unitId !== undefined && p.kind === 'staff') {
      const wanted = await this.units.subtree(q.unitId);
      unitIds = unitIds === undefined ? wanted : wanted.filter((u) => subtree.has(u));
    }
    const rows = await this.repo.list({
      residentId: p.kind === 'resident' ? p.id : undefined,
      unitIds,
      status: q.status,
      type: q.type,
      channel: q.channel,
      categoryId: q.categoryId,
      communityId: q.communityId,
      dueSoon: q.dueSoon,
      overdue: q.overdue,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      q: q.q,
      now: new Date(),
      sort: q.sort,
      after,
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    const parts = await this.repo.parts(page.map((t) => t.id));
    const last = page.at(-1);
    return {
      items: page.map((t) => {
        const own = parts.get(t.id) ?? [];
        return toTicketView(t, p, scopeFromParts(p, t, own, subtree), own.filter((u) => u.part === 'cooperating').map((u) => u.unitId));
      }),
      nextCursor:
        rows.length > q.limit && last
          ? encodeCursor(q.sort === 'deadline' ? { id: last.id, due: new Date(last.replyDueAt as Date).toISOString() } : { id: last.id })
          : null,
    };
  }
}
