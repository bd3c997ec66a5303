import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type CommunityCategoryRates, ErrorCode, expandCommunityCategories, type ItemsPage, type ItemView, type MyRates, type NamedKey, type RatesResult, ULID_PATTERN } from '@jyg12345/shared';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { WorkCalendarService } from '../calendar/work-calendar.service.js';
import { AppError } from '../common/app-error.js';
import { isUniqueViolation } from '../database/db-errors.js';
import { newId } from '../common/ids.js';
import { UnitTreeService } from '../units/unit-tree.service.js';
import { itemsOf } from './assessment-facts.js';
import { addTo, diffFigures, emptyTally, rank, ratesOf, ratesOfTally, scoreOf, type Tally } from './assessment-figures.js';
import { TicketHistories } from './assessment-history.js';
import { periodLabel, periodOf } from './assessment-periods.js';
import { AssessmentRepository, cursorOf, type ItemFilter, parseCursor, type UnitRow } from './assessment.repository.js';
import type { ItemsQueryDto, PeriodQueryDto, RateView, WeightsDto } from './assessment.dto.js';
import { AssessmentBulletinEntity, AssessmentBulletinItemEntity } from './assessment.entities.js';
import {
  BULLETIN_PERIOD,
  BULLETIN_TITLE,
  type BulletinFigures,
  type BulletinKind,
  DEFAULT_WEIGHTS,
  type FigureRow,
  type Item,
  type Metric,
  METRICS,
  type Period,
  type Weights,
} from './assessment.types.js';

const COLLATOR = new Intl.Collator('zh-CN');

/** Units that are assessed and ranked: the linked units, not the centre itself. */
const RANKED_KINDS: readonly UnitRow['kind'][] = ['department', 'company', 'street', 'community'];

/** A handler's scope: the units whose items they may see (their own subtree); null = everything. */
type Scope = Set<string> | null;

@Injectable()
export class AssessmentService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: AssessmentRepository,
    private readonly calendar: WorkCalendarService,
    private readonly tree: UnitTreeService,
  ) {}

  period(q: PeriodQueryDto): Period {
    try {
      return periodOf(q.period, q.date, q.to);
    } catch (e) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, undefined, [{ path: 'date', message: e instanceof RangeError ? `日期有误：${e.message}` : '日期有误' }]);
    }
  }

  /**
   * Every item of the period (docs/assessment.md) that counts at `asOf`, from the roll-up; `full`: folded from every
   * ticket's events instead (the reference the roll-up must agree with).
   */
  async items(period: Period, asOf = new Date(), full = false): Promise<Item[]> {
    if (!full) return byKey(await this.repo.items(period, asOf, {}));
    const ids = await this.repo.candidateTicketIds(period);
    if (ids.length === 0) return [];
    const h = new TicketHistories(this.db.manager);
    const calendar = await this.calendar.get();
    const events = await h.events(ids);
    const out: Item[] = [];
    const start = period.start.getTime();
    const end = period.end.getTime();
    for (const ticket of await h.tickets(ids)) {
      for (const i of itemsOf(ticket, events.get(ticket.id) ?? [], calendar, asOf)) {
        const at = i.at.getTime();
        if (at >= start && at < end) out.push(i);
      }
    }
    return byKey(out);
  }

  async weights(): Promise<Weights> {
    return (await this.repo.settings())?.weights ?? DEFAULT_WEIGHTS;
  }

  async setWeights(p: Principal, w: WeightsDto): Promise<Weights> {
    if (w.response + w.completion + w.satisfaction <= 0) throw new AppError(ErrorCode.VALIDATION_FAILED, undefined, [{ path: 'response', message: '权重之和必须大于 0' }]);
    const weights = { response: w.response, completion: w.completion, satisfaction: w.satisfaction };
    await this.repo.saveSettings({ id: 'default', weights, updatedBy: p.id, updatedAt: new Date() });
    return weights;
  }

  private async scope(p: Principal): Promise<Scope> {
    return p.kind === 'staff' && p.role === 'handler' ? new Set(await this.tree.subtree(p.unitId)) : null;
  }

  private inScope(scope: Scope, unitId: string | null): boolean {
    return scope === null || (unitId !== null && scope.has(unitId));
  }

  /** Unit rows (own items, or each unit's subtree), scored and ranked among all ranked units. */
  private async unitRows(byUnit: Map<string | null, Tally>, weights: Weights, includeSubUnits: boolean): Promise<FigureRow[]> {
    const units = (await this.repo.units()).filter((u) => RANKED_KINDS.includes(u.kind));
    const rows: FigureRow[] = [];
    for (const u of units) {
      const tally = emptyTally();
      for (const id of includeSubUnits ? await this.tree.subtree(u.id) : [u.id]) {
        const t = byUnit.get(id);
        if (t) for (const m of METRICS) addTo(tally, { metric: m, ...t[m] });
      }
      const rates = ratesOfTally(tally);
      rows.push({ key: u.id, name: u.name, ...rates, score: scoreOf(rates, weights), rank: null });
    }
    return rank(rows);
  }

  private async byUnit(period: Period, asOf: Date): Promise<Map<string | null, Tally>> {
    return new Map((await this.repo.counts(period, asOf, ['unitId'])).map((g) => [g.g1, g.tally]));
  }

  async rates(p: Principal, view: RateView | 'centre', q: PeriodQueryDto & { includeSubUnits?: 'true' | 'false' }): Promise<RatesResult> {
    const period = this.period(q);
    const asOf = new Date();
    const [weights, scope] = [await this.weights(), await this.scope(p)];
    const scoped: ItemFilter = { scope: scope ? [...scope] : null };
    let rows: FigureRow[];
    if (view === 'units') {
      rows = (await this.unitRows(await this.byUnit(period, asOf), weights, q.includeSubUnits === 'true')).filter((r) => this.inScope(scope, r.key));
    } else if (view === 'centre') {
      const groups = await this.repo.counts(period, asOf, ['unitId'], scoped);
      const totals = ratesOfTally(sumTallies(groups.map((g) => g.tally)));
      const intake = ratesOfTally(sumTallies(groups.filter((g) => g.g1 === null).map((g) => g.tally)));
      rows = [
        { key: null, name: scope ? '本单位合计' : '全市合计', ...totals, score: scoreOf(totals, weights), rank: null },
        ...(scope ? [] : [{ key: 'none', name: '直接办结（无承办单位）', ...intake, score: null, rank: null }]),
      ];
    } else if (view === 'community-categories') {
      // (the exports: the flat rows; GET /rates/community-categories sends the compact answer itself)
      return expandCommunityCategories(await this.communityCategories(p, q));
    } else {
      rows = await this.groupRows(view, period, asOf, scoped, weights);
    }
    return { period: { kind: period.kind, from: period.from, to: period.to, label: periodLabel(period) }, asOf: asOf.toISOString(), weights, rows };
  }

  /** Category names `level1/level2/level3` and community names by id; and the name of a missing one. */
  private async groupNames(): Promise<{ category: (id: string | null) => string; community: (id: string | null) => string }> {
    const categories = new Map<string, string>();
    const communities = new Map<string, string>();
    for (const c of await this.repo.categories()) categories.set(c.id, `${c.level1}/${c.level2}/${c.level3}`);
    for (const u of await this.repo.units()) if (u.kind === 'community') communities.set(u.id, u.name);
    return {
      category: (id) => (id === null ? '未分类' : (categories.get(id) ?? id)),
      community: (id) => (id === null ? '无社区' : (communities.get(id) ?? id)),
    };
  }

  private async groupRows(view: 'categories' | 'communities', period: Period, asOf: Date, f: ItemFilter, weights: Weights): Promise<FigureRow[]> {
    const { category, community } = await this.groupNames();
    const name = view === 'categories' ? category : community;
    const groups = await this.repo.counts(period, asOf, [view === 'categories' ? 'categoryId' : 'communityId'], f);
    const position = positions(groups.map((g) => name(g.g1)));
    const rows = groups.map(({ g1, tally }) => {
      const rates = ratesOfTally(tally);
      return { key: g1 ?? 'none', name: name(g1), ...rates, score: scoreOf(rates, weights), rank: null };
    });
    return rows.sort((a, b) => position.get(a.name)! - position.get(b.name)!);
  }

  /**
   * Community × category (~25,000 pairs in a month at a million tickets a year): each community and category named
   * once, in zh-CN collation order, and each pair a row of numbers (its two indexes and its counts), sorted by those
   * indexes. Named in every row as objects with their rates, the same answer was 8 MB of JSON and took longer to build
   * and send than to group in the database (docs/performance.md).
   */
  async communityCategories(p: Principal, q: PeriodQueryDto): Promise<CommunityCategoryRates> {
    const period = this.period(q);
    const asOf = new Date();
    const [weights, scope] = [await this.weights(), await this.scope(p)];
    const { category, community } = await this.groupNames();
    const rows = await this.repo.countRows(period, asOf, ['communityId', 'categoryId'], { scope: scope ? [...scope] : null });
    const communities = dictionary(rows.map((r) => r.g1), community);
    const categories = dictionary(rows.map((r) => r.g2), category);
    const pairs = rows.map((r) => [communities.index.get(r.g1)!, categories.index.get(r.g2)!, ...r.n]);
    pairs.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
    return {
      period: { kind: period.kind, from: period.from, to: period.to, label: periodLabel(period) },
      asOf: asOf.toISOString(),
      weights,
      communities: communities.list,
      categories: categories.list,
      pairs,
    };
  }

  /** A handler's own unit: its figures (own items) and its rank among all ranked units. */
  async mine(p: Principal, q: PeriodQueryDto): Promise<MyRates> {
    if (p.kind !== 'staff') throw new AppError(ErrorCode.FORBIDDEN);
    const period = this.period(q);
    const asOf = new Date();
    const weights = await this.weights();
    const rows = await this.unitRows(await this.byUnit(period, asOf), weights, false);
    const row = rows.find((r) => r.key === p.unitId) ?? null;
    return {
      period: { kind: period.kind, from: period.from, to: period.to, label: periodLabel(period) },
      asOf: asOf.toISOString(),
      weights,
      rows: row ? [row] : [],
      row,
      rankedUnits: rows.filter((r) => r.rank !== null).length,
    };
  }

  /** One figure's row as a filter on the roll-up: a unit (own or subtree), a category, a community, or everything. */
  private async figureFilter(p: Principal, q: ItemsQueryDto): Promise<ItemFilter> {
    const id = (key: string | undefined) => (key === 'none' || key === undefined ? null : key);
    const [first, second] = (q.key ?? '').split(':');
    const k = id(first || undefined);
    const scope = await this.scope(p);
    const f: ItemFilter = { metric: q.metric, scope: scope ? [...scope] : null, counted: counted(q.counted) };
    if ((q.by === 'community-category') !== (second !== undefined)) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, undefined, [{ path: 'key', message: '社区和分类的编号应写作“社区:分类”' }]);
    }
    if (q.by === 'category') f.category = k;
    else if (q.by === 'community') f.community = k;
    else if (q.by === 'community-category') [f.community, f.category] = [k, id(second)];
    else if (q.by === 'unit') f.units = k !== null && q.includeSubUnits === 'true' ? await this.tree.subtree(k) : [k];
    return f;
  }

  /**
   * The items behind one figure, computed now, in pages by item key (exports stream them page by page). The query is
   * checked before the first page is asked for, so a bad one is refused before a download starts.
   */
  async figureItems(p: Principal, q: ItemsQueryDto, pageSize = 2000): Promise<AsyncGenerator<Item[]>> {
    const period = this.period(q);
    const asOf = new Date();
    const f = await this.figureFilter(p, q);
    const repo = this.repo;
    return (async function* pages() {
      let after = q.cursor ? parseCursor(q.cursor) : null;
      for (;;) {
        const page = await repo.items(period, asOf, f, after, pageSize);
        if (page.length > 0) yield page;
        if (page.length < pageSize) return;
        after = page.at(-1)!;
      }
    })();
  }

  async itemsPage(p: Principal, q: ItemsQueryDto): Promise<ItemsPage> {
    const limit = q.limit ?? 50;
    const rows = await this.repo.items(this.period(q), new Date(), await this.figureFilter(p, q), q.cursor ? parseCursor(q.cursor) : null, limit + 1);
    const page = rows.slice(0, limit);
    const names = await this.unitNames();
    return { items: page.map((i) => itemView(i, names)), nextCursor: rows.length > limit ? cursorOf(page.at(-1)!) : null };
  }

  async unitNames(): Promise<Map<string, string>> {
    return new Map((await this.repo.units()).map((u) => [u.id, u.name]));
  }

  // ---- bulletins

  async publish(p: Principal, kind: BulletinKind, date: string): Promise<AssessmentBulletinEntity> {
    const period = this.period({ period: BULLETIN_PERIOD[kind], date });
    return this.store(p, kind, period, 1, null, null);
  }

  async correct(p: Principal, id: string, reason: string): Promise<AssessmentBulletinEntity> {
    const previous = await this.bulletin(id);
    const period = this.period({ period: BULLETIN_PERIOD[previous.kind], date: previous.periodStart });
    return this.store(p, previous.kind, period, previous.version + 1, previous, reason);
  }

  private async store(p: Principal, kind: BulletinKind, period: Period, version: number, previous: AssessmentBulletinEntity | null, reason: string | null) {
    const asOf = new Date();
    const weights = await this.weights();
    const items = await this.items(period, asOf);
    const byUnit = new Map<string | null, Tally>();
    for (const i of items) {
      let t = byUnit.get(i.unitId);
      if (!t) byUnit.set(i.unitId, (t = emptyTally()));
      addTo(t, { metric: i.metric, n: 1, counted: i.counted ? 1 : 0, onTime: i.onTime ? 1 : 0 });
    }
    const units = await this.unitRows(byUnit, weights, false);
    const figures: BulletinFigures = {
      period: { kind: period.kind, from: period.from, to: period.to },
      weights,
      units,
      intake: ratesOf(items.filter((i) => i.unitId === null)),
      totals: ratesOf(items),
    };
    const bulletin: AssessmentBulletinEntity = {
      id: newId(),
      kind,
      periodStart: period.from,
      periodEnd: period.to,
      title: `${periodLabel(period)}${BULLETIN_TITLE[kind]}${version > 1 ? `（更正第${version - 1}版）` : ''}`,
      version,
      correctsId: previous?.id ?? null,
      reason,
      figures,
      diff: previous ? diffFigures(previous.figures, figures) : null,
      publishedBy: p.id,
      publishedAt: asOf,
      asOf,
    };
    const rows: AssessmentBulletinItemEntity[] = items.map((i) => ({
      bulletinId: bulletin.id,
      metric: i.metric,
      itemKey: i.key,
      unitKey: i.unitId ?? '-',
      ticketId: i.ticketId,
      ticketNumber: i.ticketNumber,
      counted: i.counted,
      onTime: i.onTime,
      at: i.at,
    }));
    try {
      await this.db.transaction(async (tx) => {
        if (previous && (await this.repo.laterVersionExists(previous, tx))) throw new AppError(ErrorCode.BULLETIN_ALREADY_PUBLISHED, '该通报已有更新的版本，请更正最新版本');
        await this.repo.insertBulletin(tx, bulletin, rows);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError(ErrorCode.BULLETIN_ALREADY_PUBLISHED);
      throw e;
    }
    return bulletin;
  }

  async bulletin(id: string): Promise<AssessmentBulletinEntity> {
    const b = ULID_PATTERN.test(id) ? await this.repo.bulletin(id) : null;
    if (!b) throw new AppError(ErrorCode.BULLETIN_NOT_FOUND);
    return b;
  }

  listBulletins(kind?: BulletinKind): Promise<AssessmentBulletinEntity[]> {
    return this.repo.bulletins(kind);
  }

  /** A page of a published bulletin's items (handlers: their own subtree's only). */
  async bulletinItems(p: Principal, id: string, q: { metric: Metric; unitId?: string; counted?: 'true' | 'false'; cursor?: string; limit?: number }): Promise<ItemsPage> {
    await this.bulletin(id);
    const limit = q.limit ?? 50;
    const rows = await this.repo.bulletinItems(id, q.metric, await this.unitKeys(p, q.unitId), counted(q.counted), q.cursor ?? null, limit + 1);
    const names = await this.unitNames();
    const page = rows.slice(0, limit);
    return { items: page.map((r) => bulletinItemView(r, names)), nextCursor: rows.length > limit ? page.at(-1)!.itemKey : null };
  }

  /** Which unit keys a caller may read in a bulletin's items: null = all. */
  async unitKeys(p: Principal, unitId: string | undefined): Promise<string[] | null> {
    const scope = await this.scope(p);
    const wanted = unitId === undefined ? null : [unitId === 'none' ? '-' : unitId];
    if (scope === null) return wanted;
    return (wanted ?? [...scope]).filter((k) => scope.has(k));
  }
}

export const counted = (v: 'true' | 'false' | undefined): boolean | undefined => (v === undefined ? undefined : v === 'true');

const byKey = (items: Item[]): Item[] => items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0));

/** The distinct ids, named and in the names' collation order (then by id), and each one's index in that list. */
function dictionary(ids: readonly (string | null)[], name: (id: string | null) => string): { list: NamedKey[]; index: Map<string | null, number> } {
  const list = [...new Set(ids)].map((key) => ({ key, name: name(key) }));
  list.sort((a, b) => COLLATOR.compare(a.name, b.name) || ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0));
  return { list, index: new Map(list.map((k, i) => [k.key, i])) };
}

/** Each distinct name's position in collation order. */
function positions(names: readonly string[]): Map<string, number> {
  return new Map([...new Set(names)].sort(COLLATOR.compare).map((n, i) => [n, i]));
}

function sumTallies(list: readonly Tally[]): Tally {
  const out = emptyTally();
  for (const t of list) for (const m of METRICS) addTo(out, { metric: m, ...t[m] });
  return out;
}

export function itemView(i: Item, names: Map<string, string>): ItemView {
  return {
    key: i.key,
    ticketId: i.ticketId,
    ticketNumber: i.ticketNumber,
    unitId: i.unitId,
    unitName: i.unitId ? (names.get(i.unitId) ?? null) : null,
    at: i.at.toISOString(),
    counted: i.counted,
    onTime: i.onTime,
  };
}

export function bulletinItemView(r: AssessmentBulletinItemEntity, names: Map<string, string>): ItemView {
  const unitId = r.unitKey === '-' ? null : r.unitKey;
  return {
    key: r.itemKey,
    ticketId: r.ticketId,
    ticketNumber: r.ticketNumber,
    unitId,
    unitName: unitId ? (names.get(unitId) ?? null) : null,
    at: new Date(r.at).toISOString(),
    counted: Boolean(r.counted),
    onTime: r.onTime === null ? null : Boolean(r.onTime),
  };
}

