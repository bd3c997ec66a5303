/**
 * 考—评 (docs/assessment.md): the periods, figures and bulletins as the API computes and returns them, read by the
 * console and the mini-program's staff area. Dates in the responses are ISO-8601 strings in UTC, period days China dates.
 */

/** A week, 旬, month, quarter, year, or any date range. */
export const PERIOD_KINDS = ['week', 'xun', 'month', 'quarter', 'year', 'range'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export const BULLETIN_KINDS = ['weekly', 'xun', 'monthly', 'yearly'] as const;
export type BulletinKind = (typeof BULLETIN_KINDS)[number];
/** A bulletin's name, also the end of its title. */
export const BULLETIN_TITLE: Record<BulletinKind, string> = { weekly: '周专报', xun: '旬通报', monthly: '月排名', yearly: '年考核' };

export const METRICS = ['response', 'completion', 'satisfaction', 'unrated', 'answered'] as const;
export type Metric = (typeof METRICS)[number];

export interface Weights {
  response: number;
  completion: number;
  satisfaction: number;
}

export interface Rates {
  response: { signedOnTime: number; total: number; rate: number | null };
  completion: { replied: number; onTime: number; total: number; rate: number | null; onTimeRate: number | null };
  satisfaction: { satisfied: number; total: number; rate: number | null };
  unratedAutoClosed: number;
  answeredAtIntake: number;
}

export interface FigureRow extends Rates {
  /** unit, category or community id; null for "no community" / "answered at intake". */
  key: string | null;
  name: string;
  score: number | null;
  rank: number | null;
}

/** GET /assessment/rates/:view */
export interface RatesResult {
  period: { kind: PeriodKind; from: string; to: string; label: string };
  asOf: string;
  weights: Weights;
  rows: FigureRow[];
}

/**
 * The counts a compact row carries after its two indexes, in this order (the figures are worked out from them by
 * `ratesOfCounts`): response items and those signed on time; completion items, replied, replied on time; ratings
 * and satisfied ones; unrated auto-closes; answers at intake.
 */
export const PAIR_COUNTS = [
  'response.total',
  'response.signedOnTime',
  'completion.total',
  'completion.replied',
  'completion.onTime',
  'satisfaction.total',
  'satisfaction.satisfied',
  'unratedAutoClosed',
  'answeredAtIntake',
] as const;

/** One community or category a compact answer names once: its id (null: none) and name. */
export interface NamedKey {
  key: string | null;
  name: string;
}

/**
 * GET /assessment/rates/community-categories: tens of thousands of pairs in a month, so each community and category
 * is named once, and each pair is a row of numbers: `[community index, category index, ...counts (PAIR_COUNTS)]`,
 * ordered by community then category (both lists are in zh-CN collation order). `pairRows` turns it into the rows
 * the other views return (same keys `community:category`, names `community / category`, rates and score).
 */
export interface CommunityCategoryRates {
  period: RatesResult['period'];
  asOf: string;
  weights: Weights;
  communities: NamedKey[];
  categories: NamedKey[];
  pairs: number[][];
}

const ratio = (num: number, den: number): number | null => (den === 0 ? null : num / den);

/** The figures of a compact row's counts (from index `at`, in PAIR_COUNTS order). */
export function ratesOfCounts(c: readonly number[], at = 0): Rates {
  const [rn, rc, cn, cc, co, sn, sc, un, an] = [c[at]!, c[at + 1]!, c[at + 2]!, c[at + 3]!, c[at + 4]!, c[at + 5]!, c[at + 6]!, c[at + 7]!, c[at + 8]!];
  return {
    response: { signedOnTime: rc, total: rn, rate: ratio(rc, rn) },
    completion: { replied: cc, onTime: co, total: cn, rate: ratio(cc, cn), onTimeRate: ratio(co, cn) },
    satisfaction: { satisfied: sc, total: sn, rate: ratio(sc, sn) },
    unratedAutoClosed: un,
    answeredAtIntake: an,
  };
}

/** 100 × the weighted mean of the rates that exist (a rate without items leaves out its weight), 2 decimals. */
export function scoreOf(r: Rates, w: Weights): number | null {
  const parts: [number | null, number][] = [
    [r.response.rate, w.response],
    [r.completion.rate, w.completion],
    [r.satisfaction.rate, w.satisfaction],
  ];
  let sum = 0;
  let weight = 0;
  for (const [rate, wt] of parts) {
    if (rate === null || wt === 0) continue;
    sum += rate * wt;
    weight += wt;
  }
  return weight === 0 ? null : Math.round((10_000 * sum) / weight) / 100;
}

/** A compact community × category answer as the rows of the other views (what tables and exports read). */
export function pairRows(r: CommunityCategoryRates): FigureRow[] {
  return r.pairs.map((p) => {
    const community = r.communities[p[0]!]!;
    const category = r.categories[p[1]!]!;
    const rates = ratesOfCounts(p, 2);
    return { key: `${community.key ?? 'none'}:${category.key ?? 'none'}`, name: `${community.name} / ${category.name}`, ...rates, score: scoreOf(rates, r.weights), rank: null };
  });
}

/** A compact community × category answer as the other views' answer. */
export function expandCommunityCategories(r: CommunityCategoryRates): RatesResult {
  return { period: r.period, asOf: r.asOf, weights: r.weights, rows: pairRows(r) };
}

/** GET /assessment/me: the handler's own unit, its score and rank among all ranked units. */
export interface MyRates extends RatesResult {
  row: FigureRow | null;
  rankedUnits: number;
}

/** One ticket behind a figure. */
export interface ItemView {
  key: string;
  ticketId: string;
  ticketNumber: string;
  unitId: string | null;
  unitName: string | null;
  at: string;
  counted: boolean;
  onTime: boolean | null;
}

export interface ItemsPage {
  items: ItemView[];
  nextCursor: string | null;
}

/** A bulletin's frozen figures. */
export interface BulletinFigures {
  period: { kind: PeriodKind; from: string; to: string };
  weights: Weights;
  units: FigureRow[];
  /** Items under no unit (answered at intake and their ratings). */
  intake: Rates;
  totals: Rates;
}

/** One figure that differs between a bulletin's version and the one it corrects. */
export interface FigureDiff {
  key: string | null;
  name: string;
  field: string;
  before: number | null;
  after: number | null;
}

/** A published bulletin: what lists of bulletins read. */
export interface BulletinSummary {
  id: string;
  kind: BulletinKind;
  periodStart: string;
  periodEnd: string;
  title: string;
  version: number;
  correctsId: string | null;
  reason: string | null;
  publishedAt: string;
  asOf: string;
}

/** GET /assessment/bulletins/:id: with its figures and, for a correction, what it changed. */
export interface BulletinView extends BulletinSummary {
  figures: BulletinFigures;
  diff: FigureDiff[] | null;
}

/** "93.5%", or "—" when a rate has nothing to count (text, never colour alone). */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;
}
