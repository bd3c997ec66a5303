import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type AttachmentUsage,
  type CreateTicketInput,
  ErrorCode,
  type ListTicketsQuery,
  type Page,
  type TicketEventView,
  type TicketView,
  ULID_PATTERN,
} from '@jyg12345/shared';
import { DataSource } from 'typeorm';
import { AttachmentsService } from '../attachments/attachments.service.js';
import type { IntakeClient, Principal } from '../auth/principal.js';
import { AppError } from '../common/app-error.js';
import { IdempotencyService, type StoredResponse } from '../common/idempotency.service.js';
import { findRow } from '../common/sql-rows.js';
import { validateDto } from '../common/validation.js';
import { CategoryEntity, TicketEntity, type TicketUnitEntity } from '../database/entities.js';
import { LocationService } from '../geo/location.service.js';
import { UnitTreeService } from '../units/unit-tree.service.js';
import { TicketPhotosService } from './ticket-photos.service.js';
import { isCentre, TicketAccessService, type TicketScope, type TicketUnits } from './ticket-access.service.js';
import { TicketNumberAllocator } from './ticket-number.allocator.js';
import { eventVisible, toEventView, toTicketView } from './ticket.view.js';
import { newTicketRow } from './new-ticket.js';
import { partsOf, type TicketParts } from './ticket-parts.js';
import { TicketWriter } from './ticket.writer.js';
import { TicketsRepository } from './tickets.repository.js';
import { acceptsCreateTicket, CreateTicketDto, RegisterTicketDto } from './tickets.dto.js';

interface Cursor {
  id: string;
  due?: string;
  /** sort=relevance: the tier of the last ticket */
  tier?: number;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(cursor: string, sort: 'time' | 'deadline' | 'relevance'): { id: string; due?: Date; tier?: number } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { id?: unknown; due?: unknown; tier?: unknown };
    if (typeof parsed.id === 'string' && /^[0-9A-HJKMNP-TV-Z]{26}$/.test(parsed.id)) {
      if (sort === 'time') return { id: parsed.id };
      if (sort === 'relevance') {
        if (parsed.tier === undefined) return { id: parsed.id };
        if (Number.isInteger(parsed.tier) && (parsed.tier as number) >= 0 && (parsed.tier as number) < 1024) return { id: parsed.id, tier: parsed.tier as number };
      } else {
        const due = typeof parsed.due === 'string' ? new Date(parsed.due) : null;
        if (due && !Number.isNaN(due.getTime())) return { id: parsed.id, due };
      }
    }
  } catch {
    // fall through
  }
  throw new AppError(ErrorCode.CURSOR_INVALID);
}

/**
 * The units and photos of a ticket whose row has no copy of them (ticket-parts.ts), in one round trip: a row per unit
 * (kind 'unit', with its part) and per photo (kind 'photo', with its usage). Parameters: the id twice. `usage` is a
 * reserved word in MySQL; SQLite accepts the backticks too.
 */
const PARTS_SQL =
  "SELECT 'unit' AS kind, unitId AS ref, part AS detail FROM ticket_units WHERE ticketId = ? UNION ALL " +
  "SELECT 'photo' AS kind, id AS ref, `usage` AS detail FROM attachments WHERE ticketId = ?";

function scopeFromParts(p: Principal, t: TicketEntity, parts: TicketParts['units'], subtree: Set<string>): TicketScope {
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
    private readonly writer: TicketWriter,
  ) {}

  /** Residents file appeals (submitted); operators register them for callers and other channels (accepted). */
  async file(p: Principal | IntakeClient, rawBody: unknown, idempotencyKey: string | null): Promise<StoredResponse<TicketView>> {
    if (p.kind === 'client') return this.create(p, await validateDto(CreateTicketDto, rawBody, acceptsCreateTicket), p.channel, idempotencyKey);
    if (p.kind === 'resident') return this.create(p, await validateDto(CreateTicketDto, rawBody, acceptsCreateTicket), 'miniprogram', idempotencyKey);
    if (p.role === 'operator') {
      const input = await validateDto(RegisterTicketDto, rawBody);
      return this.create(p, input, input.channel, idempotencyKey);
    }
    throw new AppError(ErrorCode.FORBIDDEN);
  }

  private async create(
    p: Principal | IntakeClient,
    input: CreateTicketInput & { urgent?: boolean },
    channel: TicketEntity['channel'],
    idempotencyKey: string | null,
  ): Promise<StoredResponse<TicketView>> {
    if (input.categoryId !== undefined) {
      const category = await this.db.getRepository(CategoryEntity).findOneBy({ id: input.categoryId, active: true });
      if (!category) {
        throw new AppError(ErrorCode.VALIDATION_FAILED, undefined, [{ path: 'categoryId', message: '类别不存在或已停用' }]);
      }
    }
    const byResident = p.kind === 'resident';
    const submitted = p.kind !== 'staff';
    // Outside the service area is accepted and flagged for the operator, never dropped.
    const place = input.location ? await this.location.resolve(input.location.lat, input.location.lng, input.location.coordSystem) : null;
    // Reserved before the transaction: reserving a block of numbers takes a pool connection of its own, and
    // waiting for it while holding the transaction's connection deadlocked the pool (DATABASE_POOL_SIZE filings at
    // once, each waiting forever). A replayed key leaves a gap in the numbers, which the allocator allows.
    const number = await this.numbers.next(new Date());
    const photoIds = input.attachmentIds ?? [];
    return this.idempotency.run(
      { actorId: p.id, key: idempotencyKey, operation: 'tickets.file', request: { ...input, channel }, optimistic: true },
      async (tx) => {
        const now = new Date();
        // Every column is given, so the view is built from this row as stored: no re-read.
        const ticket = newTicketRow({
          number,
          status: submitted ? 'submitted' : 'accepted',
          channel,
          input,
          urgent: input.urgent ?? false,
          categoryId: input.categoryId ?? null,
          residentId: byResident ? p.id : null,
          place,
          now,
          photoIds,
        });
        await this.writer.file(tx, {
          ticket,
          action: submitted ? 'submit' : 'register',
          actor: { id: p.id, role: p.kind === 'client' ? 'system' : p.role, unitId: p.kind === 'staff' ? p.unitId : null },
          payload: byResident ? null : { channel },
        });
        await this.attachments.claim(tx, p.id, photoIds, ticket.id, 'ticket');
        // A new ticket's photos are exactly the ones just claimed, in upload (id) order.
        const photos = this.photos.view([...photoIds].sort().map((id) => ({ id, usage: 'ticket' as const })));
        const viewer: Principal = p.kind === 'client' ? { kind: 'resident', id: p.id, role: 'resident' } : p;
        return { status: 201, body: toTicketView(ticket, viewer, { visible: true, handling: false }, [], photos) };
      },
    );
  }

  /** One primary-key select: the ticket row holds a copy of its units and photos (else a second read of them). */
  async get(p: Principal, id: string): Promise<TicketView> {
    const ticket = ULID_PATTERN.test(id) ? await findRow(this.db.manager, TicketEntity, id) : null;
    if (!ticket) throw new AppError(ErrorCode.TICKET_NOT_FOUND);
    const parts = partsOf(ticket) ?? (await this.partsFromTables(id));
    const units: TicketUnits = { handling: [], cooperating: [] };
    for (const u of parts.units) (u.part === 'cooperating' ? units.cooperating : units.handling).push(u.unitId);
    const photos = [...parts.photos];
    units.cooperating.sort();
    const scope = await this.access.scopeWithUnits(p, ticket, units);
    if (!scope.visible) throw new AppError(ErrorCode.TICKET_NOT_FOUND);
    return toTicketView(ticket, p, scope, units.cooperating, this.photos.view(photos.sort((x, y) => (x.id < y.id ? -1 : 1))));
  }

  private async partsFromTables(id: string): Promise<TicketParts> {
    const rows = (await this.db.query(PARTS_SQL, [id, id])) as { kind: string; ref: string; detail: string | null }[];
    const parts: TicketParts = { units: [], photos: [] };
    for (const r of rows) {
      if (r.kind === 'unit') parts.units.push({ unitId: r.ref, part: r.detail as TicketUnitEntity['part'] });
      else parts.photos.push({ id: r.ref, usage: r.detail as AttachmentUsage | null });
    }
    return parts;
  }

  async events(p: Principal, id: string): Promise<TicketEventView[]> {
    const { scope } = await this.access.requireVisible(p, id);
    const events = await this.repo.events(id);
    return events.filter((e) => eventVisible(e, p, scope)).map((e) => toEventView(e, p));
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
    const { rows, tiers } = await this.repo.list({
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
    // A resident's view shows no units and their scope needs none; staff's come from each row's copy (ticket-parts.ts),
    // and are read only for rows without one.
    const uncopied = p.kind === 'resident' ? [] : page.filter((t) => t.parts === null).map((t) => t.id);
    const read = await this.repo.parts(uncopied);
    const last = page.at(-1);
    return {
      items: page.map((t) => {
        const own = p.kind === 'resident' ? [] : (partsOf(t)?.units ?? read.get(t.id) ?? []);
        return toTicketView(t, p, scopeFromParts(p, t, own, subtree), own.filter((u) => u.part === 'cooperating').map((u) => u.unitId));
      }),
      nextCursor:
        rows.length > q.limit && last
          ? encodeCursor(
              q.sort === 'deadline'
                ? { id: last.id, due: new Date(last.replyDueAt as Date).toISOString() }
                : q.sort === 'relevance' && tiers
                  ? { id: last.id, tier: tiers[page.length - 1] as number }
                  : { id: last.id },
            )
          : null,
    };
  }
}
