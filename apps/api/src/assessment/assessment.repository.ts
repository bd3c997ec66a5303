import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TICKET_STATUSES } from '@jyg12345/shared';
import { DataSource, type EntityManager, MoreThan, type SelectQueryBuilder } from 'typeorm';
import { CategoryEntity, TicketEntity, TicketEventEntity, UnitEntity } from '../database/entities.js';
import type { Tally } from './assessment-figures.js';
import { toDate } from './assessment-history.js';
import { AssessmentBulletinEntity, AssessmentBulletinItemEntity, AssessmentItemEntity, AssessmentSettingsEntity } from './assessment.entities.js';
import { type Item, METRICS, type Metric, type Period } from './assessment.types.js';

/** Actions whose time puts an item in a period. */
const PERIOD_ACTIONS = ['dispatch', 'rate', 'record_visit', 'auto_close', 'answer'];
/** Earlier reply episodes are found through a reopening at most this long before the period (docs/assessment.md). */
export const REOPEN_LOOKBACK_MS = 120 * 86_400_000;

/** The counts a figure reads (ratesOfTally): of each metric its items, and of some those counted or on time. */
const PIVOT = [
  ['rn', 'response', ''],
  ['rc', 'response', ' AND i.counted = 1'],
  ['cn', 'completion', ''],
  ['cc', 'completion', ' AND i.counted = 1'],
  ['co', 'completion', ' AND i.onTime = 1'],
  ['sn', 'satisfaction', ''],
  ['sc', 'satisfaction', ' AND i.counted = 1'],
  ['un', 'unrated', ''],
  ['an', 'answered', ''],
] as const satisfies readonly (readonly [string, Metric, string])[];
type PivotAlias = (typeof PIVOT)[number][0];

/** What a roll-up row is grouped by. */
export type GroupColumn = 'unitId' | 'categoryId' | 'communityId';

/** One group's counts, every metric: items, in the numerator, on time. */
export interface GroupCounts {
  g1: string | null;
  g2: string | null;
  tally: Tally;
}

/** Where a page of items ends: its last item's time and key (written `<ms>-<key>` in the API). */
export interface ItemCursor {
  at: Date;
  key: string;
}

export const cursorOf = (i: { at: Date; key: string }): string => `${i.at.getTime()}-${i.key}`;
export function parseCursor(s: string): ItemCursor {
  const [ms, key] = s.split('-') as [string, string];
  return { at: new Date(Number(ms)), key };
}

/** Which of a period's roll-up rows: a row of a figure (unit ids, category, community), the caller's scope, a side. */
export interface ItemFilter {
  metric?: Metric;
  /** Items of these units (null: items under no unit). */
  units?: readonly (string | null)[];
  category?: string | null;
  community?: string | null;
  /** A handler's units: nothing outside them (and nothing under no unit). */
  scope?: readonly string[] | null;
  counted?: boolean;
}

/** A roll-up row, raw (the drivers' 0/1 and date strings) or as the entity reads it. */
export interface ItemRow {
  metric: Metric;
  at: Date | string;
  itemKey: string;
  ticketId: string;
  ticketNumber: string;
  unitId: string | null;
  categoryId: string | null;
  communityId: string | null;
  counted: number | boolean | string;
  onTime: number | boolean | string | null;
}

const bool = (v: number | boolean | string): boolean => v === true || Number(v) === 1;

export const itemOfRow = (r: ItemRow): Item => ({
  key: r.itemKey,
  metric: r.metric,
  ticketId: r.ticketId,
  ticketNumber: r.ticketNumber,
  unitId: r.unitId,
  categoryId: r.categoryId,
  communityId: r.communityId,
  at: toDate(r.at) as Date,
  counted: bool(r.counted),
  onTime: r.onTime === null ? null : bool(r.onTime),
});

export interface UnitRow {
  id: string;
  name: string;
  kind: UnitEntity['kind'];
  parentId: string | null;
}

@Injectable()
export class AssessmentRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Tickets that may hold an item of the period (the reference fold only): see docs/assessment.md. */
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

  /**
   * A period's roll-up rows that count at `asOf`: one range of the primary key (metric, at) per metric, items still
   * pending (not done, deadline not passed) left out.
   */
  private period(period: Period, asOf: Date, f: ItemFilter): SelectQueryBuilder<AssessmentItemEntity> {
    const q = this.db
      .createQueryBuilder(AssessmentItemEntity, 'i')
      .where(f.metric ? 'i.metric = :metric' : 'i.metric IN (:...metrics)', f.metric ? { metric: f.metric } : { metrics: METRICS })
      .andWhere('i.at >= :start AND i.at < :end', { start: period.start, end: period.end })
      .andWhere('(i.doneAt IS NOT NULL OR i.dueAt IS NULL OR i.dueAt <= :asOf)', { asOf });
    if (f.units) {
      const ids = f.units.filter((u): u is string => u !== null);
      const none = f.units.includes(null);
      if (ids.length === 0) q.andWhere(none ? 'i.unitId IS NULL' : '1 = 0');
      else q.andWhere(none ? '(i.unitId IN (:...units) OR i.unitId IS NULL)' : 'i.unitId IN (:...units)', { units: ids });
    }
    if (f.category !== undefined) q.andWhere(f.category === null ? 'i.categoryId IS NULL' : 'i.categoryId = :category', { category: f.category });
    if (f.community !== undefined) q.andWhere(f.community === null ? 'i.communityId IS NULL' : 'i.communityId = :community', { community: f.community });
    if (f.scope) q.andWhere(f.scope.length ? 'i.unitId IN (:...scope)' : '1 = 0', { scope: f.scope });
    if (f.counted !== undefined) q.andWhere('i.counted = :counted', { counted: f.counted ? 1 : 0 });
    return q;
  }

  /**
   * Counts of the period's items per group, every metric in one row: one GROUP BY over the roll-up, one row per group
   * (not per group and metric) back to the API, whatever the number of metrics.
   */
  async counts(period: Period, asOf: Date, group: readonly GroupColumn[], f: ItemFilter = {}): Promise<GroupCounts[]> {
    return (await this.countRows(period, asOf, group, f)).map(({ g1, g2, n: [rn, rc, cn, cc, co, sn, sc, un, an] }) => ({
      g1,
      g2,
      tally: {
        response: { n: rn!, counted: rc!, onTime: 0 },
        completion: { n: cn!, counted: cc!, onTime: co! },
        satisfaction: { n: sn!, counted: sc!, onTime: 0 },
        unrated: { n: un!, counted: un!, onTime: 0 },
        answered: { n: an!, counted: an!, onTime: 0 },
      },
    }));
  }

  /**
   * The same counts as plain numbers, in PAIR_COUNTS order (response items, signed on time; completion items,
   * replied, on time; ratings, satisfied; unrated; answered): what the compact community × category answer sends.
   */
  async countRows(period: Period, asOf: Date, group: readonly GroupColumn[], f: ItemFilter = {}): Promise<{ g1: string | null; g2: string | null; n: number[] }[]> {
    const q = this.period(period, asOf, f).select([]);
    // Only the counts a figure uses (each CASE is evaluated for every row of the period).
    for (const [alias, metric, also] of PIVOT) q.addSelect(`COUNT(CASE WHEN i.metric = '${metric}'${also} THEN 1 END)`, alias);
    // MySQL/MariaDB: grouped by the ids as ASCII bytes (ULIDs), not under the table's utf8mb4_unicode_ci, whose
    // per-row hashing and comparing was half the time of a figure with many groups (community × category).
    const mysql = this.db.options.type === 'mysql';
    group.forEach((g, n) => {
      const key = mysql ? `CONVERT(i.${g} USING ascii) COLLATE ascii_bin` : `i.${g}`;
      q.addSelect(key, `g${n + 1}`);
      if (n === 0) q.groupBy(key);
      else q.addGroupBy(key);
    });
    // MariaDB costs the primary key's range as cheap as the covering index's and picks it (reading the whole rows:
    // twice the CPU); and it sorts a GROUP BY's result unless told not to (the service orders the rows itself).
    if (mysql) q.useIndex('ix_assessment_items_figures').orderBy('NULL');
    // (tens of thousands of rows for community × category: plain property reads, no per-row key building)
    const rows = await q.getRawMany<Record<PivotAlias, unknown> & { g1?: string | null; g2?: string | null }>();
    return rows.map((r) => ({
      g1: r.g1 ?? null,
      g2: r.g2 ?? null,
      n: [Number(r.rn), Number(r.rc), Number(r.cn), Number(r.cc), Number(r.co), Number(r.sn), Number(r.sc), Number(r.un), Number(r.an)],
    }));
  }

  /**
   * The period's items (of a figure's row) in the primary key's order (time, then item key), after the cursor; every
   * one when no limit. Pages follow the index: no sort, however many items the period holds.
   */
  async items(period: Period, asOf: Date, f: ItemFilter, after: ItemCursor | null = null, limit?: number): Promise<Item[]> {
    const q = this.period(period, asOf, f)
      .select(['i.metric AS metric', 'i.at AS at', 'i.itemKey AS itemKey', 'i.ticketId AS ticketId', 'i.ticketNumber AS ticketNumber'])
      .addSelect(['i.unitId AS unitId', 'i.categoryId AS categoryId', 'i.communityId AS communityId', 'i.counted AS counted', 'i.onTime AS onTime'])
      .orderBy('i.at', 'ASC')
      .addOrderBy('i.itemKey', 'ASC')
      .addOrderBy('i.metric', 'ASC');
    if (after) q.andWhere('(i.at > :afterAt OR (i.at = :afterAt AND i.itemKey > :afterKey))', { afterAt: after.at, afterKey: after.key });
    if (limit !== undefined) q.limit(limit);
    return (await q.getRawMany<ItemRow>()).map(itemOfRow);
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
