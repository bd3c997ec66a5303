import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { encodeTime } from 'ulid';
import { CategoryEntity, TicketEntity, TicketEventEntity, UnitEntity } from '../database/entities.js';
import type { DayCount, Point } from './hotspots.js';
import { TopicEntity, type TopicRule, TopicTagCursorEntity, TopicTicketEntity } from './proactive.entities.js';

/** How far a ticket's id time may be from its createdAt (both are taken while filing it). */
const ID_MARGIN_MS = 10 * 60_000;
/** The smallest ULID of an instant: every id made at or after it sorts after. */
export const floorId = (t: number): string => `${encodeTime(Math.max(0, t), 10)}0000000000000000`;

/** Appeals still being worked on: the "open" ones a spot on the map is made of. */
export const OPEN_STATUSES = ['submitted', 'accepted', 'dispatched', 'in_progress', 'return_requested'];

/** mysql2 (timezone 'Z') gives Dates; SQLite gives TypeORM's UTC 'YYYY-MM-DD HH:MM:SS.SSS'. */
export function toDate(v: Date | string): Date {
  return v instanceof Date ? v : new Date(`${v.replace(' ', 'T')}Z`);
}

export interface TicketText {
  id: string;
  categoryId: string | null;
  communityId: string | null;
  title: string | null;
  description: string;
  createdAt: Date;
}

export interface Named {
  id: string;
  name: string;
}

/** The queries of hot spots, topics and the big screen. */
@Injectable()
export class ProactiveRepository {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  /** The China date of a datetime column, in SQL (both drivers keep UTC). */
  private chinaDay(column: string): string {
    return this.db.options.type === 'mysql' ? `DATE_FORMAT(DATE_ADD(${column}, INTERVAL 8 HOUR), '%Y-%m-%d')` : `strftime('%Y-%m-%d', ${column}, '+8 hours')`;
  }

  /**
   * Appeals filed in [start, end). `tickets` has no index on createdAt; its ULID ids are made at filing, so a range of
   * the primary key (with a margin either side) bounds the scan and createdAt decides.
   */
  private filed(start: Date, end: Date): SelectQueryBuilder<TicketEntity> {
    return this.db
      .createQueryBuilder(TicketEntity, 't')
      .where('t.id >= :idFrom AND t.id < :idTo', { idFrom: floorId(start.getTime() - ID_MARGIN_MS), idTo: floorId(end.getTime() + ID_MARGIN_MS) })
      .andWhere('t.createdAt >= :start AND t.createdAt < :end', { start, end })
      .andWhere('t.mergedIntoId IS NULL');
  }

  /** Appeals filed per China day, category and community in [start, end). */
  async dayCounts(start: Date, end: Date, filter: { categoryId?: string; communityId?: string } = {}): Promise<DayCount[]> {
    const day = this.chinaDay('t.createdAt');
    const q = this.filed(start, end).select('t.categoryId', 'categoryId').addSelect('t.communityId', 'communityId').addSelect(day, 'day').addSelect('COUNT(*)', 'n');
    if (filter.categoryId) q.andWhere('t.categoryId = :categoryId', { categoryId: filter.categoryId });
    if (filter.communityId) q.andWhere('t.communityId = :communityId', { communityId: filter.communityId });
    const rows = await q.groupBy('t.categoryId').addGroupBy('t.communityId').addGroupBy(day).getRawMany<{ categoryId: string | null; communityId: string | null; day: string; n: string | number }>();
    return rows.map((r) => ({ categoryId: r.categoryId, communityId: r.communityId, day: String(r.day), n: Number(r.n) }));
  }

  /** The newest `limit` appeals' texts in [start, end). */
  async texts(start: Date, end: Date, limit: number): Promise<string[]> {
    const rows = await this.filed(start, end).select(['t.id', 't.title', 't.description']).orderBy('t.createdAt', 'DESC').limit(limit).getMany();
    return rows.map((r) => (r.title ? `${r.title} ${r.description}` : r.description));
  }

  /** Open appeals with a known place filed since `since`. */
  async openPoints(since: Date, categoryId: string | undefined, limit: number): Promise<Point[]> {
    const q = this.db
      .createQueryBuilder(TicketEntity, 't')
      .select(['t.id', 't.categoryId', 't.wgs84Lat', 't.wgs84Lng', 't.createdAt'])
      .where('t.id >= :idFrom', { idFrom: floorId(since.getTime() - ID_MARGIN_MS) })
      .andWhere('t.createdAt >= :since', { since })
      .andWhere('t.status IN (:...open)', { open: OPEN_STATUSES })
      .andWhere('t.categoryId IS NOT NULL AND t.wgs84Lat IS NOT NULL AND t.wgs84Lng IS NOT NULL');
    if (categoryId) q.andWhere('t.categoryId = :categoryId', { categoryId });
    const rows = await q.orderBy('t.createdAt', 'DESC').limit(limit).getMany();
    return rows.map((t) => ({ id: t.id, categoryId: t.categoryId as string, lat: t.wgs84Lat as number, lng: t.wgs84Lng as number, at: t.createdAt }));
  }

  async categoryNames(): Promise<Map<string, { name: string; level1: string }>> {
    const rows = await this.db.getRepository(CategoryEntity).find({ select: { id: true, level1: true, level2: true, level3: true } });
    return new Map(rows.map((c) => [c.id, { name: `${c.level1}/${c.level2}/${c.level3}`, level1: c.level1 }]));
  }

  async units(): Promise<UnitEntity[]> {
    return this.db.getRepository(UnitEntity).find({ select: { id: true, code: true, name: true, kind: true, active: true } });
  }

  // ---- topics ----

  /** SQL conditions for "the ticket matches the rule", on alias `t`. */
  matching(q: SelectQueryBuilder<TicketEntity>, rule: TopicRule): SelectQueryBuilder<TicketEntity> {
    if (rule.communityIds.length > 0) q.andWhere('t.communityId IN (:...ruleCommunities)', { ruleCommunities: rule.communityIds });
    const params: Record<string, unknown> = {};
    const ors: string[] = [];
    if (rule.categoryIds.length > 0) {
      ors.push('t.categoryId IN (:...ruleCategories)');
      params.ruleCategories = rule.categoryIds;
    }
    rule.words.forEach((w, i) => {
      // '!' escapes: a backslash means different things to MySQL and SQLite string literals
      params[`ruleWord${i}`] = `%${w.replace(/[!%_]/g, (c) => `!${c}`)}%`;
      ors.push(`t.description LIKE :ruleWord${i} ESCAPE '!' OR t.title LIKE :ruleWord${i} ESCAPE '!'`);
    });
    // an empty rule is refused by the service; here it would match nothing rather than everything
    q.andWhere(ors.length > 0 ? `(${ors.join(' OR ')})` : '1 = 0', params);
    return q;
  }

  /** Ids of the tickets filed in [start, end) that match the rule (at most `limit`). */
  async matchingIds(rule: TopicRule, start: Date, end: Date, limit: number): Promise<string[]> {
    const rows = await this.matching(this.filed(start, end).select('t.id', 'id'), rule).orderBy('t.id').limit(limit).getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  async countMatching(rule: TopicRule, start: Date, end: Date): Promise<number> {
    return this.matching(this.filed(start, end), rule).getCount();
  }

  /** Tags tickets to a topic; existing rows (tagged before, or untagged by staff) are left as they are. */
  async tag(topicId: string, ticketIds: readonly string[], source: 'auto' | 'manual', by: string | null, at: Date): Promise<void> {
    for (let i = 0; i < ticketIds.length; i += 500) {
      const rows = ticketIds.slice(i, i + 500).map((ticketId) => ({ topicId, ticketId, source, taggedBy: by, taggedAt: at, removedAt: null }));
      await this.db.createQueryBuilder().insert().into(TopicTicketEntity).values(rows).orIgnore().execute();
    }
  }

  /** Tickets after `afterId` (ULID order), oldest first. */
  async ticketsAfter(afterId: string, limit: number): Promise<TicketText[]> {
    return this.db
      .getRepository(TicketEntity)
      .createQueryBuilder('t')
      .select(['t.id', 't.categoryId', 't.communityId', 't.title', 't.description', 't.createdAt'])
      .where('t.id > :afterId', { afterId })
      .orderBy('t.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  async cursor(name: string): Promise<TopicTagCursorEntity | null> {
    return this.db.getRepository(TopicTagCursorEntity).findOne({ where: { id: name } });
  }

  /** Creates the cursor unless another process already did; answers the one that is stored. */
  async ensureCursor(name: string, lastTicketId: string): Promise<TopicTagCursorEntity> {
    await this.db.createQueryBuilder().insert().into(TopicTagCursorEntity).values({ id: name, lastTicketId, updatedAt: new Date() }).orIgnore().execute();
    return (await this.cursor(name)) as TopicTagCursorEntity;
  }

  /** Moves the cursor from `from` to `to`; false when another process moved it meanwhile. */
  async advanceCursor(name: string, from: string, to: string): Promise<boolean> {
    const r = await this.db.getRepository(TopicTagCursorEntity).update({ id: name, lastTicketId: from }, { lastTicketId: to, updatedAt: new Date() });
    return (r.affected ?? 0) > 0;
  }

  async openTopics(): Promise<TopicEntity[]> {
    return this.db.getRepository(TopicEntity).createQueryBuilder('topic').where('topic.status <> :evaluated', { evaluated: 'evaluated' }).getMany();
  }

  // ---- the big screen ----

  async countFiled(start: Date, end: Date): Promise<number> {
    return this.filed(start, end).getCount();
  }

  /** Events of these actions in [start, end): `ix_ticket_events_action_time` answers it. */
  async countEvents(actions: readonly string[], start: Date, end: Date): Promise<number> {
    return this.db
      .createQueryBuilder(TicketEventEntity, 'e')
      .where('e.action IN (:...actions)', { actions })
      .andWhere('e.createdAt >= :start AND e.createdAt < :end', { start, end })
      .getCount();
  }

  async countsBy(column: 'categoryId' | 'communityId', start: Date, end: Date): Promise<{ id: string | null; n: number }[]> {
    const rows = await this.filed(start, end).select(`t.${column}`, 'id').addSelect('COUNT(*)', 'n').groupBy(`t.${column}`).getRawMany<{ id: string | null; n: string | number }>();
    return rows.map((r) => ({ id: r.id, n: Number(r.n) }));
  }

  async dailyTotals(start: Date, end: Date): Promise<Map<string, number>> {
    const day = this.chinaDay('t.createdAt');
    const rows = await this.filed(start, end).select(day, 'day').addSelect('COUNT(*)', 'n').groupBy(day).getRawMany<{ day: string; n: string | number }>();
    return new Map(rows.map((r) => [String(r.day), Number(r.n)]));
  }
}
