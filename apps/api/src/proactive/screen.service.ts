import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '../auth/principal.js';
import { AssessmentService } from '../assessment/assessment.service.js';
import type { Rates } from '../assessment/assessment.types.js';
import { convert } from '../geo/coords.js';
import { addDays, chinaDayOf, chinaMidnight } from './hotspots.js';
import { ProactiveRepository } from './proactive.repository.js';
import { type TopicView, TopicsService } from './topics.service.js';

/** The month's rates fold every item of the month: computed at most this often for the screen. */
const RATES_TTL_MS = 5 * 60_000;
const TREND_DAYS = 30;
const TOP_CATEGORIES = 10;
const TOP_UNITS = 10;
/** Open appeals drawn on the map: filed in the last week, the newest ones at most. */
const POINT_DAYS = 7;
const MAX_POINTS = 2000;

export interface ScreenUnitRow {
  id: string;
  name: string;
  rank: number;
  score: number;
  response: number | null;
  completion: number | null;
  satisfaction: number | null;
}

export interface ScreenSummary {
  asOf: string;
  today: { date: string; received: number; dispatched: number; replied: number; closed: number };
  /** This month's three rates, city-wide (null when they could not be computed). */
  rates: (Rates & { period: string; asOf: string }) | null;
  categories: { level1: { name: string; count: number }[]; top: { id: string | null; name: string; count: number }[] };
  trend: { date: string; count: number }[];
  communities: { id: string; name: string; count: number }[];
  /** This month's unit ranking by score (the assessment's), the first ten; empty when it could not be computed. */
  units: ScreenUnitRow[];
  /** Open appeals of the last week with a place, GCJ-02 like the boundaries (the newest MAX_POINTS). */
  points: { lat: number; lng: number; category: string }[];
  topic: TopicView | null;
}

/** The centre's wall screen: a handful of counts, each one indexed or bounded query. */
@Injectable()
export class ScreenService {
  private readonly logger = new Logger('Screen');
  private rates: { at: number; value: ScreenSummary['rates']; units: ScreenUnitRow[] } | null = null;

  constructor(
    private readonly repo: ProactiveRepository,
    private readonly topics: TopicsService,
    private readonly assessment: AssessmentService,
  ) {}

  async summary(p: Principal, now = new Date()): Promise<ScreenSummary> {
    const today = chinaDayOf(now);
    const dayStart = chinaMidnight(today);
    const monthStart = chinaMidnight(`${today.slice(0, 7)}-01`);
    const end = new Date(now.getTime() + 1);
    const trendStart = chinaMidnight(addDays(today, -(TREND_DAYS - 1)));
    const [received, dispatched, replied, closed, byCategory, byCommunity, daily, names, units, topic, rates, open] = await Promise.all([
      this.repo.countFiled(dayStart, end),
      this.repo.countEvents(['dispatch'], dayStart, end),
      this.repo.countEvents(['reply', 'answer'], dayStart, end),
      this.repo.countEvents(['close', 'auto_close'], dayStart, end),
      this.repo.countsBy('categoryId', monthStart, end),
      this.repo.countsBy('communityId', monthStart, end),
      this.repo.dailyTotals(trendStart, end),
      this.repo.categoryNames(),
      this.repo.units(),
      this.topics.current(now),
      this.monthRates(p, today, now),
      this.repo.openPoints(new Date(now.getTime() - POINT_DAYS * 86_400_000), undefined, MAX_POINTS),
    ]);
    const level1 = new Map<string, number>();
    for (const c of byCategory) {
      const name = c.id === null ? '未分类' : (names.get(c.id)?.level1 ?? '未分类');
      level1.set(name, (level1.get(name) ?? 0) + c.n);
    }
    const communityNames = new Map(units.filter((u) => u.kind === 'community').map((u) => [u.id, u.name]));
    return {
      asOf: now.toISOString(),
      today: { date: today, received, dispatched, replied, closed },
      rates: rates.value,
      categories: {
        level1: [...level1].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count),
        top: [...byCategory]
          .sort((a, b) => b.n - a.n)
          .slice(0, TOP_CATEGORIES)
          .map((c) => ({ id: c.id, name: c.id === null ? '未分类' : (names.get(c.id)?.name ?? c.id), count: c.n })),
      },
      trend: Array.from({ length: TREND_DAYS }, (_, i) => {
        const date = addDays(today, i - (TREND_DAYS - 1));
        return { date, count: daily.get(date) ?? 0 };
      }),
      communities: byCommunity.filter((c): c is { id: string; n: number } => c.id !== null).map((c) => ({ id: c.id, name: communityNames.get(c.id) ?? c.id, count: c.n })),
      units: rates.units,
      points: open.map((pt) => {
        const g = convert(pt, 'wgs84', 'gcj02');
        return { lat: g.lat, lng: g.lng, category: names.get(pt.categoryId)?.level1 ?? '未分类' };
      }),
      topic,
    };
  }

  /** This month's city-wide rates and unit ranking, computed at most every RATES_TTL_MS per process. */
  private async monthRates(p: Principal, today: string, now: Date): Promise<{ value: ScreenSummary['rates']; units: ScreenUnitRow[] }> {
    if (this.rates && now.getTime() - this.rates.at < RATES_TTL_MS) return this.rates;
    let value: ScreenSummary['rates'] = null;
    let units: ScreenUnitRow[] = [];
    try {
      // centre staff only (the controller's roles): their scope is the whole city
      const r = await this.assessment.rates(p, 'centre', { period: 'month', date: today });
      const row = r.rows[0];
      if (row) value = { response: row.response, completion: row.completion, satisfaction: row.satisfaction, unratedAutoClosed: row.unratedAutoClosed, answeredAtIntake: row.answeredAtIntake, period: r.period.label, asOf: r.asOf };
      const ranked = await this.assessment.rates(p, 'units', { period: 'month', date: today });
      units = ranked.rows
        .filter((u): u is typeof u & { key: string; rank: number; score: number } => u.key !== null && u.rank !== null && u.score !== null)
        .sort((a, b) => a.rank - b.rank)
        .slice(0, TOP_UNITS)
        .map((u) => ({ id: u.key, name: u.name, rank: u.rank, score: u.score, response: u.response.rate, completion: u.completion.rate, satisfaction: u.satisfaction.rate }));
    } catch (err) {
      this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'month rates unavailable for the screen');
    }
    this.rates = { at: now.getTime(), value, units };
    return this.rates;
  }
}
