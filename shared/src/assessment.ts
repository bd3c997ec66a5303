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
