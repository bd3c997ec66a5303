import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TICKET_STATUSES } from '@jyg12345/shared';
import { DataSource, type EntityManager, MoreThan } from 'typeorm';
import { CategoryEntity, TicketEntity, TicketEventEntity, UnitEntity } from '../database/entities.js';
import type { EventFacts, TicketFacts } from './assessment-facts.js';
import { AssessmentBulletinEntity, AssessmentBulletinItemEntity, AssessmentSettingsEntity } from './assessment.entities.js';
import type { Period } from './assessment.types.js';

/** The actions the fold reads (docs/assessment.md); others never change a figure. */
export const ASSESSED_ACTIONS = ['dispatch', 'sign', 'approve_return', 'approve_extension', 'reply', 'answer', 'reopen', 'rate', 'record_visit', 'auto_close'];
/** Actions whose time puts an item in a period. */
const PERIOD_ACTIONS = ['dispatch', 'rate', 'record_visit', 'auto_close', 'answer'];
/** Earlier reply episodes are found through a reopening at most this long before the period (docs/assessment.md). */
export const REOPEN_LOOKBACK_MS = 120 * 86_400_000;
const CHUNK = 900;

interface TicketRow {
  id: string;
  number: string;
  type: TicketFacts['type'];
  channel: TicketFacts['channel'];
  urgent: number | boolean | string;
  categoryId: string | null;
  communityId: string | null;
  leadUnitId: string | null;
  signDueAt: Date | string | null;
  replyDueAt: Date | string | null;
  satisfaction: string | null;
}
interface EventRow {
  id: string;
  ticketId: string;
  action: string;
  payload: Record<string, unknown> | string | null;
  createdAt: Date | string;
}

/** mysql2 (timezone 'Z') gives Dates; SQLite gives TypeORM's UTC 'YYYY-MM-DD HH:MM:SS.SSS'. */
function toDate(v: Date | string | null): Date | null {
  if (v === null) return null;
  return v instanceof Date ? v : new Date(`${v.replace(' ', 'T')}Z`);
}

export interface UnitRow {
  id: string;
  name: string;
  kind: UnitEntity['kind'];
  parentId: string | null;
}

@Injectable()
export class AssessmentRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Tickets that may hold an item of the period: see "Speed" in docs/assessment.md. */
  async candidateTicketIds(period: Period): Promise<string[]> {
    const ids = new Set<string>();
    const byEvents = await this.db
      .createQueryBuilder(TicketEventEntity, 'e')
      .select('DISTINCT e.ticketId', 'ticketId')
      .where('e.action IN (:...actions)', { actions: PERIOD_ACTIONS })
      .andWhere('e.createdAt >= :start AND e.createdAt < :end', { start: period.start, end: period.end })
      .getRawMany<{ ticketId: string }>();
    for (const r of byEvents) ids.add(r.ticketId);
    const reopened = await this.db
      .createQueryBuilder(TicketEventEntity, 'e')
      .select('DISTINCT e.ticketId', 'ticketId')
      .where('e.action = :action', { action: 'reopen' })
      .andWhere('e.createdAt >= :start AND e.createdAt < :end', { start: new Date(period.start.getTime() - REOPEN_LOOKBACK_MS), end: period.end })
      .getRawMany<{ ticketId: string }>();
    for (const r of reopened) ids.add(r.ticketId);
    const due = await this.db
      .createQueryBuilder(TicketEntity, 't')
      .select('t.id', 'id')
      .where('t.status IN (:...statuses)', { statuses: TICKET_STATUSES })
      .andWhere('t.replyDueAt >= :start AND t.replyDueAt < :end', { start: period.start, end: period.end })
      .getRawMany<{ id: string }>();
    for (const r of due) ids.add(r.id);
    return [...ids];
  }

  // Raw SQL for the two bulk reads: TypeORM's find() hydration cost 10× the round trips here (bench:stats).
  async tickets(ids: readonly string[]): Promise<TicketFacts[]> {
    const out: TicketFacts[] = [];
    const replyDays = new Map((await this.db.getRepository(CategoryEntity).find({ select: { id: true, replyDays: true } })).map((c) => [c.id, c.replyDays]));
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const rows = (await this.db.query(
        'SELECT `id`, `number`, `type`, `channel`, `urgent`, `categoryId`, `communityId`, `leadUnitId`, `signDueAt`, `replyDueAt`, `satisfaction` ' +
          `FROM \`tickets\` WHERE \`id\` IN (${chunk.map(() => '?').join(',')})`,
        chunk,
      )) as TicketRow[];
      for (const t of rows) {
        out.push({
          id: t.id,
          number: t.number,
          type: t.type,
          channel: t.channel,
          urgent: Boolean(Number(t.urgent)),
          categoryId: t.categoryId,
          communityId: t.communityId,
          leadUnitId: t.leadUnitId,
          signDueAt: toDate(t.signDueAt),
          replyDueAt: toDate(t.replyDueAt),
          categoryReplyDays: t.categoryId ? (replyDays.get(t.categoryId) ?? null) : null,
          satisfaction: t.satisfaction,
        });
      }
    }
    return out;
  }

  /** The assessed events of the tickets, each ticket's in id (time) order. */
  async events(ids: readonly string[]): Promise<Map<string, EventFacts[]>> {
    const out = new Map<string, EventFacts[]>();
    const actions = ASSESSED_ACTIONS.map(() => '?').join(',');
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const rows = (await this.db.query(
        'SELECT `id`, `ticketId`, `action`, `payload`, `createdAt` FROM `ticket_events` ' +
          `WHERE \`ticketId\` IN (${chunk.map(() => '?').join(',')}) AND \`action\` IN (${actions}) ORDER BY \`ticketId\`, \`id\``,
        [...chunk, ...ASSESSED_ACTIONS],
      )) as EventRow[];
      for (const e of rows) {
        const payload = typeof e.payload === 'string' ? (JSON.parse(e.payload) as Record<string, unknown>) : e.payload;
        const list = out.get(e.ticketId);
        const event = { id: e.id, action: e.action, payload, createdAt: toDate(e.createdAt) as Date };
        if (list) list.push(event);
        else out.set(e.ticketId, [event]);
      }
    }
    return out;
  }

  async units(): Promise<UnitRow[]> {
    return this.db.getRepository(UnitEntity).find({ select: { id: true, name: true, kind: true, parentId: true }, order: { code: 'ASC' } });
  }

  async categories(): Promise<Pick<CategoryEntity, 'id' | 'level1' | 'level2' | 'level3'>[]> {
    return this.db.getRepository(CategoryEntity).find({ select: { id: true, level1: true, level2: true, level3: true }, order: { code: 'ASC' } });
  }

  async settings(): Promise<AssessmentSettingsEntity | null> {
    return this.db.getRepository(AssessmentSettingsEntity).findOneBy({ id: 'default' });
  }

  async saveSettings(row: AssessmentSettingsEntity): Promise<void> {
    await this.db.getRepository(AssessmentSettingsEntity).save(row);
  }

  async bulletins(kind?: string): Promise<AssessmentBulletinEntity[]> {
    return this.db.getRepository(AssessmentBulletinEntity).find({
      select: { id: true, kind: true, periodStart: true, periodEnd: true, title: true, version: true, correctsId: true, reason: true, publishedAt: true, publishedBy: true, asOf: true },
      where: kind ? { kind: kind as AssessmentBulletinEntity['kind'] } : {},
      order: { periodStart: 'DESC', version: 'DESC' },
      take: 500,
    });
  }

  async bulletin(id: string): Promise<AssessmentBulletinEntity | null> {
    return this.db.getRepository(AssessmentBulletinEntity).findOneBy({ id });
  }

  async laterVersionExists(b: AssessmentBulletinEntity, tx: EntityManager): Promise<boolean> {
    return tx.existsBy(AssessmentBulletinEntity, { kind: b.kind, periodStart: b.periodStart, version: MoreThan(b.version) });
  }

  async insertBulletin(tx: EntityManager, b: AssessmentBulletinEntity, items: AssessmentBulletinItemEntity[]): Promise<void> {
    await tx.insert(AssessmentBulletinEntity, b);
    // SQLite allows 999 bound parameters per statement (9 columns a row).
    for (let i = 0; i < items.length; i += 100) await tx.insert(AssessmentBulletinItemEntity, items.slice(i, i + 100));
  }

  /** A page of a published figure's items, by item key. */
  async bulletinItems(
    bulletinId: string,
    metric: string,
    unitKeys: readonly string[] | null,
    counted: boolean | undefined,
    after: string | null,
    limit: number,
  ): Promise<AssessmentBulletinItemEntity[]> {
    const q = this.db
      .createQueryBuilder(AssessmentBulletinItemEntity, 'i')
      .where('i.bulletinId = :bulletinId AND i.metric = :metric', { bulletinId, metric })
      .orderBy('i.itemKey', 'ASC')
      .limit(limit);
    if (unitKeys) q.andWhere('i.unitKey IN (:...unitKeys)', { unitKeys: unitKeys.length ? unitKeys : ['~'] });
    if (counted !== undefined) q.andWhere('i.counted = :counted', { counted: counted ? 1 : 0 });
    if (after) q.andWhere('i.itemKey > :after', { after });
    return q.getMany();
  }
}
