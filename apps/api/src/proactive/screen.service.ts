import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '../auth/principal.js';
import { AssessmentService } from '../assessment/assessment.service.js';
import type { Rates } from '../assessment/assessment.types.js';
import { addDays, chinaDayOf, chinaMidnight } from './hotspots.js';
import { ProactiveRepository } from './proactive.repository.js';
import { type TopicView, TopicsService } from './topics.service.js';

/** The month's rates fold every item of the month: computed at most this often for the screen. */
const RATES_TTL_MS = 5 * 60_000;
const TREND_DAYS = 30;
const TOP_CATEGORIES = 10;

export interface ScreenSummary {
  asOf: string;
  today: { date: string; received: number; dispatched: number; replied: number; closed: number };
  /** This month's three rates, city-wide (null when they could not be computed). */
  rates: (Rates & { period: string; asOf: string }) | null;
  categories: { level1: { name: string; count: number }[]; top: { id: string | null; name: string; count: number }[] };
  trend: { date: string; count: number }[];
  communities: { id: string; name: string; count: number }[];
  topic: TopicView | null;
}

/** The centre's wall screen: a handful of counts, each one indexed or bounded query. */
@Injectable()
export class ScreenService {
  private readonly logger = new Logger('Screen');
  private rates: { at: number; value: ScreenSummary['rates'] } | null = null;

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
    const [received, dispatched, replied, closed, byCategory, byCommunity, daily, names, units, topic, rates] = await Promise.all([
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
      rates,
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
      topic,
    };
  }

  private async monthRates(p: Principal, today: string, now: Date): Promise<ScreenSummary['rates']> {
    if (this.rates && now.getTime() - this.rates.at < RATES_TTL_MS) return this.rates.value;
    let value: ScreenSummary['rates'] = null;
    try {
      // centre staff only (the controller's roles): their scope is the whole city
      const r = await this.assessment.rates(p, 'centre', { period: 'month', date: today });
      const row = r.rows[0];
      if (row) value = { response: row.response, completion: row.completion, satisfaction: row.satisfaction, unratedAutoClosed: row.unratedAutoClosed, answeredAtIntake: row.answeredAtIntake, period: r.period.label, asOf: r.asOf };
    } catch (err) {
      this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'month rates unavailable for the screen');
    }
    this.rates = { at: now.getTime(), value };
    return value;
  }
}
