import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  CENTRE_ROLES,
  type CreateTicketInput,
  ErrorCode,
  type ListTicketsQuery,
  type Page,
  type TicketEventView,
  type TicketView,
} from '@jyg12345/shared';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { AppError } from '../common/app-error.js';
import { IdempotencyService, type StoredResponse } from '../common/idempotency.service.js';
import { newId } from '../common/ids.js';
import { CategoryEntity, TicketEntity, TicketEventEntity } from '../database/entities.js';
import { UnitTreeService } from '../units/unit-tree.service.js';
import { TicketNumberAllocator } from './ticket-number.allocator.js';
import { toEventView, toTicketView } from './ticket.view.js';
import { TicketsRepository } from './tickets.repository.js';

const isCentre = (p: Principal) => (CENTRE_ROLES as readonly string[]).includes(p.role);

export function encodeCursor(id: string): string {
  return Buffer.from(JSON.stringify({ id })).toString('base64url');
}

export function decodeCursor(cursor: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { id?: unknown };
    if (typeof parsed.id === 'string' && /^[0-9A-HJKMNP-TV-Z]{26}$/.test(parsed.id)) return parsed.id;
  } catch {
    // fall through
  }
  throw new AppError(ErrorCode.CURSOR_INVALID);
}

@Injectable()
export class TicketsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: TicketsRepository,
    private readonly numbers: TicketNumberAllocator,
    private readonly idempotency: IdempotencyService,
    private readonly units: UnitTreeService,
  ) {}

  async file(p: Principal, input: CreateTicketInput, idempotencyKey: string | null): Promise<StoredResponse<TicketView>> {
    if (p.kind !== 'resident') throw new AppError(ErrorCode.FORBIDDEN);
    if (input.categoryId !== undefined) {
      const category = await this.db.getRepository(CategoryEntity).findOneBy({ id: input.categoryId, active: true });
      if (!category) {
        throw new AppError(ErrorCode.VALIDATION_FAILED, undefined, [{ path: 'categoryId', message: 'unknown category' }]);
      }
    }
    return this.idempotency.run(
      { actorId: p.id, key: idempotencyKey, operation: 'tickets.file', request: input },
      async (tx) => {
        const now = new Date();
        const ticket = tx.create(TicketEntity, {
          id: newId(),
          number: await this.numbers.next(now),
          status: 'submitted',
          version: 1,
          channel: 'miniprogram',
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
          residentId: p.id,
          leadUnitId: null,
          createdAt: now,
          updatedAt: now,
        });
        await tx.insert(TicketEntity, ticket);
        await tx.insert(TicketEventEntity, {
          id: newId(),
          ticketId: ticket.id,
          action: 'submit',
          fromStatus: null,
          toStatus: 'submitted',
          actorId: p.id,
          actorRole: p.role,
          unitId: null,
          note: null,
          payload: null,
          createdAt: now,
        });
        return { status: 201, body: toTicketView(ticket, p) };
      },
    );
  }

  async get(p: Principal, id: string): Promise<TicketView> {
    return toTicketView(await this.requireVisible(p, id), p);
  }

  async events(p: Principal, id: string): Promise<TicketEventView[]> {
    await this.requireVisible(p, id);
    return (await this.repo.events(id)).map(toEventView);
  }

  async list(p: Principal, q: ListTicketsQuery): Promise<Page<TicketView>> {
    const beforeId = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
    const scope =
      p.kind === 'resident'
        ? { residentId: p.id }
        : isCentre(p)
          ? {}
          : { unitIds: await this.units.subtree(p.unitId) };
    const rows = await this.repo.list({ ...scope, status: q.status, type: q.type, channel: q.channel, beforeId, limit: q.limit + 1 });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return {
      items: page.map((t) => toTicketView(t, p)),
      nextCursor: rows.length > q.limit && last ? encodeCursor(last.id) : null,
    };
  }

  /** A ticket the caller may not see answers exactly like one that does not exist. */
  private async requireVisible(p: Principal, id: string): Promise<TicketEntity> {
    const ticket = /^[0-9A-HJKMNP-TV-Z]{26}$/.test(id) ? await this.repo.findById(id) : null;
    if (!ticket || !(await this.canSee(p, ticket))) throw new AppError(ErrorCode.TICKET_NOT_FOUND);
    return ticket;
  }

  private async canSee(p: Principal, t: TicketEntity): Promise<boolean> {
    if (p.kind === 'resident') return t.residentId === p.id;
    if (isCentre(p)) return true;
    return t.leadUnitId !== null && (await this.units.subtree(p.unitId)).includes(t.leadUnitId);
  }
}
