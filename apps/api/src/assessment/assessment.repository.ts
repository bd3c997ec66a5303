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
// SQLite (3.32+) binds up to 32,766 parameters a statement; MySQL has no such limit.
const CHUNK = 5000;

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
interface SummaryRow extends TicketRow {
  nComplex: number | string;
  nDispatch: number | string;
  nSign: number | string;
  nReply: number | string;
  nRating: number | string;
  nAuto: number | string;
  nAnswer: number | string;
  dispatchId: string | null;
  dispatchAt: Date | string | null;
  signAt: Date | string | null;
  replyAt: Date | string | null;
  ratingId: string | null;
  ratingAt: Date | string | null;
  autoId: string | null;
  autoAt: Date | string | null;
  answerId: string | null;
  answerAt: Date | string | null;
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

  /**
   * One row per ticket with its assessed events summed up in the database, for tickets whose history is one
   * dispatch, sign, reply, rating, auto-close or answer at most and no return or reopening ("simple": nearly all).
   * Their events are rebuilt from the summary and folded by the same `itemsOf`; the others come back in `complex`
   * and are read event by event. A test checks both ways give the same items.
   */
  async summaries(ids: readonly string[]): Promise<{ simple: { ticket: TicketFacts; events: EventFacts[] }[]; complex: string[] }> {
    const simple: { ticket: TicketFacts; events: EventFacts[] }[] = [];
    const complex: string[] = [];
    const replyDays = new Map((await this.db.getRepository(CategoryEntity).find({ select: { id: true, replyDays: true } })).map((c) => [c.id, c.replyDays]));
    const n = (actions: string[]) => `SUM(CASE WHEN e.\`action\` IN (${actions.map((a) => `'${a}'`).join(',')}) THEN 1 ELSE 0 END)`;
    const first = (action: string, column: string) => `MIN(CASE WHEN e.\`action\` = '${action}' THEN e.\`${column}\` END)`;
    const firstOf = (actions: string[], column: string) => `MIN(CASE WHEN e.\`action\` IN (${actions.map((a) => `'${a}'`).join(',')}) THEN e.\`${column}\` END)`;
    const rating = ['rate', 'record_visit'];
    const sql =
      'SELECT t.`id`, MIN(t.`number`) AS `number`, MIN(t.`type`) AS `type`, MIN(t.`channel`) AS `channel`, MIN(t.`urgent`) AS `urgent`, ' +
      'MIN(t.`categoryId`) AS `categoryId`, MIN(t.`communityId`) AS `communityId`, MIN(t.`leadUnitId`) AS `leadUnitId`, ' +
      'MIN(t.`signDueAt`) AS `signDueAt`, MIN(t.`replyDueAt`) AS `replyDueAt`, MIN(t.`satisfaction`) AS `satisfaction`, ' +
      `${n(['approve_return', 'reopen'])} AS nComplex, ${n(['dispatch'])} AS nDispatch, ${n(['sign'])} AS nSign, ${n(['reply'])} AS nReply, ` +
      `${n(rating)} AS nRating, ${n(['auto_close'])} AS nAuto, ${n(['answer'])} AS nAnswer, ` +
      `${first('dispatch', 'id')} AS dispatchId, ${first('dispatch', 'createdAt')} AS dispatchAt, ${first('sign', 'createdAt')} AS signAt, ` +
      `${first('reply', 'createdAt')} AS replyAt, ${firstOf(rating, 'id')} AS ratingId, ${firstOf(rating, 'createdAt')} AS ratingAt, ` +
      `${first('auto_close', 'id')} AS autoId, ${first('auto_close', 'createdAt')} AS autoAt, ${first('answer', 'id')} AS answerId, ${first('answer', 'createdAt')} AS answerAt ` +
      'FROM `tickets` t JOIN `ticket_events` e ON e.`ticketId` = t.`id` ' +
      `WHERE t.\`id\` IN (%IDS%) AND e.\`action\` IN (${ASSESSED_ACTIONS.map((a) => `'${a}'`).join(',')}) GROUP BY t.\`id\``;
    const seen = new Set<string>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const rows = (await this.db.query(sql.replace('%IDS%', chunk.map(() => '?').join(',')), chunk)) as SummaryRow[];
      for (const r of rows) {
        seen.add(r.id);
        const counts = [r.nComplex, r.nDispatch, r.nSign, r.nReply, r.nRating, r.nAuto, r.nAnswer].map(Number);
        if (counts[0] !== 0 || counts.slice(1).some((c) => c > 1)) {
          complex.push(r.id);
          continue;
        }
        const ticket: TicketFacts = {
          id: r.id,
          number: r.number,
          type: r.type,
          channel: r.channel,
          urgent: Boolean(Number(r.urgent)),
          categoryId: r.categoryId,
          communityId: r.communityId,
          leadUnitId: r.leadUnitId,
          signDueAt: toDate(r.signDueAt),
          replyDueAt: toDate(r.replyDueAt),
          categoryReplyDays: r.categoryId ? (replyDays.get(r.categoryId) ?? null) : null,
          satisfaction: r.satisfaction,
        };
        // In time order; the state machine orders them so (dispatch, sign, reply or answer, rating, auto-close).
        const events: EventFacts[] = [];
        const add = (id: string | null, action: string, at: Date | string | null) => {
          if (at !== null) events.push({ id: id ?? `${r.id}:${action}`, action, payload: null, createdAt: toDate(at) as Date });
        };
        add(r.dispatchId, 'dispatch', r.dispatchAt);
        add(null, 'sign', r.signAt);
        add(null, 'reply', r.replyAt);
        add(r.answerId, 'answer', r.answerAt);
        add(r.ratingId, 'rate', r.ratingAt);
        add(r.autoId, 'auto_close', r.autoAt);
        events.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
        simple.push({ ticket, events });
      }
    }
    // tickets without assessed events (a deadline in the period, nothing else yet)
    const bare = ids.filter((id) => !seen.has(id));
    if (bare.length > 0) simple.push(...(await this.tickets(bare)).map((ticket) => ({ ticket, events: [] })));
    return { simple, complex };
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
