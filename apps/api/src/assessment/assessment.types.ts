export const PERIOD_KINDS = ['week', 'xun', 'month', 'quarter', 'year', 'range'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export const BULLETIN_KINDS = ['weekly', 'xun', 'monthly', 'yearly'] as const;
export type BulletinKind = (typeof BULLETIN_KINDS)[number];
export const BULLETIN_PERIOD: Record<BulletinKind, PeriodKind> = { weekly: 'week', xun: 'xun', monthly: 'month', yearly: 'year' };
export const BULLETIN_TITLE: Record<BulletinKind, string> = { weekly: '周专报', xun: '旬通报', monthly: '月排名', yearly: '年考核' };

/** A period: China dates (both included) and the UTC instants [start, end). */
export interface Period {
  kind: PeriodKind;
  from: string;
  to: string;
  start: Date;
  end: Date;
}

export const METRICS = ['response', 'completion', 'satisfaction', 'unrated', 'answered'] as const;
export type Metric = (typeof METRICS)[number];

/**
 * One thing a figure counts, naming one ticket. `counted`: in the numerator (response: signed on time; completion:
 * replied; satisfaction: satisfied or basically satisfied; unrated/answered: always).
 */
export interface Item {
  key: string;
  metric: Metric;
  ticketId: string;
  ticketNumber: string;
  unitId: string | null;
  categoryId: string | null;
  communityId: string | null;
  at: Date;
  counted: boolean;
  onTime: boolean | null;
}

/**
 * An item as the roll-up (`assessment_items`) keeps it, whatever the time: `dueAt` is the sign-for or reply deadline
 * (response, completion), `doneAt` the sign or reply. An item not done whose deadline has not passed is pending: it
 * counts in nothing yet (decided when the figures are read). `counted`/`onTime` are what the item counts as once it
 * is not pending.
 */
export interface LedgerItem extends Item {
  dueAt: Date | null;
  doneAt: Date | null;
}

/** Pending at `asOf`: not done and still within its deadline. */
export const pendingAt = (i: { dueAt: Date | null; doneAt: Date | null }, asOf: Date): boolean => i.doneAt === null && i.dueAt !== null && i.dueAt.getTime() > asOf.getTime();

export interface Weights {
  response: number;
  completion: number;
  satisfaction: number;
}
export const DEFAULT_WEIGHTS: Weights = { response: 0.1, completion: 0.45, satisfaction: 0.45 };

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

export interface BulletinFigures {
  period: { kind: PeriodKind; from: string; to: string };
  weights: Weights;
  units: FigureRow[];
  /** Items under no unit (answered at intake and their ratings). */
  intake: Rates;
  totals: Rates;
}

export interface FigureDiff {
  key: string | null;
  name: string;
  field: string;
  before: number | null;
  after: number | null;
}
