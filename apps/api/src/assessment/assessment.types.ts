import type { PeriodKind, BulletinKind, Metric, Weights } from '@jyg12345/shared';

/** The shapes the apps read too live in shared/src/assessment.ts; these are the API's own. */
export {
  BULLETIN_KINDS,
  BULLETIN_TITLE,
  type BulletinFigures,
  type BulletinKind,
  type FigureDiff,
  type FigureRow,
  METRICS,
  type Metric,
  PERIOD_KINDS,
  type PeriodKind,
  type Rates,
  type Weights,
} from '@jyg12345/shared';

export const BULLETIN_PERIOD: Record<BulletinKind, PeriodKind> = { weekly: 'week', xun: 'xun', monthly: 'month', yearly: 'year' };

/** A period: China dates (both included) and the UTC instants [start, end). */
export interface Period {
  kind: PeriodKind;
  from: string;
  to: string;
  start: Date;
  end: Date;
}

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

export const DEFAULT_WEIGHTS: Weights = { response: 0.1, completion: 0.45, satisfaction: 0.45 };
