import { CHINA_UTC_OFFSET_MINUTES } from '@jyg12345/shared';
import type { Period, PeriodKind } from './assessment.types.js';

const DAY_MS = 86_400_000;
const OFFSET_MS = CHINA_UTC_OFFSET_MINUTES * 60_000;
const MAX_RANGE_DAYS = 366;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' (a calendar date, no time zone). */
function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(t).toISOString().slice(0, 10) !== date) throw new RangeError(`not a date: ${date}`);
  return t / DAY_MS;
}
const dayString = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);
/** 00:00 China time of the day, as a UTC instant. */
const chinaMidnight = (n: number): Date => new Date(n * DAY_MS - OFFSET_MS);

/** The China date of an instant. */
export function chinaDay(t: Date): string {
  return dayString(Math.floor((t.getTime() + OFFSET_MS) / DAY_MS));
}

function span(kind: PeriodKind, first: number, last: number): Period {
  return { kind, from: dayString(first), to: dayString(last), start: chinaMidnight(first), end: chinaMidnight(last + 1) };
}

/** The period of `kind` containing `date` (China date); for `range`, `from`..`to` inclusive. */
export function periodOf(kind: PeriodKind, date: string, to?: string): Period {
  const n = dayNumber(date);
  const d = new Date(n * DAY_MS);
  const y = d.getUTCFullYear();
  const mo = d.getUTCMonth();
  const dom = d.getUTCDate();
  const monthStart = (yy: number, mm: number) => Date.UTC(yy, mm, 1) / DAY_MS;
  switch (kind) {
    case 'week': {
      const monday = n - ((d.getUTCDay() + 6) % 7);
      return span(kind, monday, monday + 6);
    }
    case 'xun': {
      const first = monthStart(y, mo);
      if (dom <= 10) return span(kind, first, first + 9);
      if (dom <= 20) return span(kind, first + 10, first + 19);
      return span(kind, first + 20, monthStart(y, mo + 1) - 1);
    }
    case 'month':
      return span(kind, monthStart(y, mo), monthStart(y, mo + 1) - 1);
    case 'quarter': {
      const q = Math.floor(mo / 3) * 3;
      return span(kind, monthStart(y, q), monthStart(y, q + 3) - 1);
    }
    case 'year':
      return span(kind, monthStart(y, 0), monthStart(y + 1, 0) - 1);
    case 'range': {
      if (to === undefined) throw new RangeError('a range needs its last day');
      const last = dayNumber(to);
      if (last < n) throw new RangeError('the range ends before it starts');
      if (last - n + 1 > MAX_RANGE_DAYS) throw new RangeError(`a range spans at most ${MAX_RANGE_DAYS} days`);
      return span(kind, n, last);
    }
  }
}

/** '2026年3月中旬' style label for headings and file names. */
export function periodLabel(p: Period): string {
  const [y, m, d] = p.from.split('-').map(Number) as [number, number, number];
  switch (p.kind) {
    case 'xun':
      return `${y}年${m}月${d === 1 ? '上' : d === 11 ? '中' : '下'}旬`;
    case 'month':
      return `${y}年${m}月`;
    case 'quarter':
      return `${y}年第${Math.floor((m - 1) / 3) + 1}季度`;
    case 'year':
      return `${y}年`;
    default:
      return `${p.from} 至 ${p.to}`;
  }
}
