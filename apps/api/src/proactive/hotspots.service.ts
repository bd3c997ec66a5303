import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@jyg12345/shared';
import { AppError } from '../common/app-error.js';
import { convert, type LatLng } from '../geo/coords.js';
import { words } from '../routing/text.js';
import { addDays, chinaMidnight, clusterSpots, DEFAULT_RISING, DEFAULT_SPOTS, dayNumber, type BucketCount, type Rising, risingProblems, rollUp, type Spot, type Term, topTerms } from './hotspots.js';
import type { DateRangeQueryDto, HotspotCountsQueryDto, RisingQueryDto, SpotsQueryDto, TermsQueryDto } from './proactive.dto.js';
import { ProactiveRepository } from './proactive.repository.js';

const MAX_RANGE_DAYS = 366;
/** Appeals read per period for the word counts: the newest ones, enough for a stable top list. */
const TEXTS_PER_PERIOD = 5000;
/** Open appeals clustered at most: a city's fortnight of open appeals with a place. */
const SPOT_POINTS = 20_000;

type Named<T> = T & { categoryName: string | null; communityName: string | null };

/** 未诉先办's first half: where and what residents are calling about more than usual (docs/hotspots.md). */
@Injectable()
export class HotspotsService {
  constructor(private readonly repo: ProactiveRepository) {}

  private range(q: DateRangeQueryDto): { days: number; start: Date; end: Date } {
    const days = dayNumber(q.to) - dayNumber(q.from) + 1;
    if (!Number.isFinite(days) || days < 1 || days > MAX_RANGE_DAYS) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, undefined, [{ path: 'to', message: `结束日期须不早于开始日期，且区间不超过 ${MAX_RANGE_DAYS} 天` }]);
    }
    return { days, start: chinaMidnight(q.from), end: chinaMidnight(addDays(q.to, 1)) };
  }

  private async names() {
    const [categories, units] = await Promise.all([this.repo.categoryNames(), this.repo.units()]);
    const communities = new Map(units.filter((u) => u.kind === 'community').map((u) => [u.id, u.name]));
    return <T extends { categoryId: string | null; communityId: string | null }>(row: T): Named<T> => ({
      ...row,
      categoryName: row.categoryId === null ? null : (categories.get(row.categoryId)?.name ?? null),
      communityName: row.communityId === null ? null : (communities.get(row.communityId) ?? null),
    });
  }

  async counts(q: HotspotCountsQueryDto): Promise<{ from: string; to: string; grain: string; rows: Named<BucketCount>[] }> {
    const { start, end } = this.range(q);
    const rows = rollUp(await this.repo.dayCounts(start, end, { categoryId: q.categoryId, communityId: q.communityId }), q.grain);
    const name = await this.names();
    return { from: q.from, to: q.to, grain: q.grain, rows: rows.map(name) };
  }

  async rising(q: RisingQueryDto): Promise<{ from: string; to: string; history: { from: string; to: string }; options: typeof DEFAULT_RISING; rising: Named<Rising>[] }> {
    const { days, end } = this.range(q);
    const options = { history: q.history ?? DEFAULT_RISING.history, minCount: q.minCount ?? DEFAULT_RISING.minCount, alpha: q.alpha ?? DEFAULT_RISING.alpha };
    const historyFrom = addDays(q.from, -options.history * days);
    const rows = await this.repo.dayCounts(chinaMidnight(historyFrom), end);
    const name = await this.names();
    return { from: q.from, to: q.to, history: { from: historyFrom, to: addDays(q.from, -1) }, options, rising: risingProblems(rows, q.from, q.to, options).map(name) };
  }

  async terms(q: TermsQueryDto): Promise<{ from: string; to: string; previous: { from: string; to: string }; appeals: number; previousAppeals: number; terms: Term[] }> {
    const { days, start, end } = this.range(q);
    const previous = { from: addDays(q.from, -days), to: addDays(q.from, -1) };
    const [now, before] = await Promise.all([this.repo.texts(start, end, TEXTS_PER_PERIOD), this.repo.texts(chinaMidnight(previous.from), start, TEXTS_PER_PERIOD)]);
    return { from: q.from, to: q.to, previous, appeals: now.length, previousAppeals: before.length, terms: topTerms(now, before, words, q.limit ?? 30) };
  }

  /** Spots' centres are WGS-84 (`lat`, `lng`); `gcj02` is the same centre in the boundaries' system, for maps. */
  async spots(q: SpotsQueryDto, now = new Date()): Promise<{ since: string; options: typeof DEFAULT_SPOTS; spots: Named<Spot & { communityId: null; gcj02: LatLng }>[] }> {
    const since = new Date(now.getTime() - (q.days ?? 14) * 86_400_000);
    const options = { radiusM: q.radiusM ?? DEFAULT_SPOTS.radiusM, windowDays: q.windowDays ?? DEFAULT_SPOTS.windowDays, minPoints: q.minPoints ?? DEFAULT_SPOTS.minPoints };
    const points = await this.repo.openPoints(since, q.categoryId, SPOT_POINTS);
    const name = await this.names();
    return { since: since.toISOString(), options, spots: clusterSpots(points, options).map((s) => name({ ...s, communityId: null, gcj02: convert(s, 'wgs84', 'gcj02') })) };
  }
}
