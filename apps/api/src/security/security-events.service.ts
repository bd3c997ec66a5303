import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, LessThan } from 'typeorm';
import { newId } from '../common/ids.js';
import { type SecurityEventKind, SecurityEventEntity } from './security.entities.js';

export interface SecurityEventInput {
  actorId?: string | null;
  subjectId?: string | null;
  username?: string | null;
  address?: string | null;
  detail?: string | null;
}

export interface SecurityEventView {
  id: string;
  at: string;
  kind: SecurityEventKind;
  actorId: string | null;
  subjectId: string | null;
  username: string | null;
  address: string | null;
  detail: string | null;
}

/** The append-only security log: inserts only; admins read it newest first. */
@Injectable()
export class SecurityEventsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(kind: SecurityEventKind, input: SecurityEventInput, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.getRepository(SecurityEventEntity).insert({
      id: newId(),
      at: new Date(),
      kind,
      actorId: input.actorId ?? null,
      subjectId: input.subjectId ?? null,
      username: input.username?.slice(0, 64) ?? null,
      address: input.address?.slice(0, 64) ?? null,
      detail: input.detail?.slice(0, 200) ?? null,
    });
  }

  /** Newest first; `before` is the id of the last event of the previous page (ids are ULIDs, ordered by time). */
  async list(limit: number, before?: string): Promise<SecurityEventView[]> {
    const rows = await this.db.getRepository(SecurityEventEntity).find({
      where: before ? { id: LessThan(before) } : {},
      order: { id: 'DESC' },
      take: limit,
    });
    return rows.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      kind: r.kind,
      actorId: r.actorId,
      subjectId: r.subjectId,
      username: r.username,
      address: r.address,
      detail: r.detail,
    }));
  }
}
