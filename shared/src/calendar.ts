import type { CalendarDayKind } from './enums.js';

/**
 * Working-time arithmetic for deadlines (sign-for, reply, extension), in China time.
 *
 * China has one time zone, UTC+8, and no daylight saving, so every conversion is a fixed offset;
 * the machine's local zone is never consulted. Working time is the half-open periods
 * [08:30, 12:00) and [14:30, 18:00) of each working day: 7 hours, 420 working minutes a day.
 *
 * A date is a working day when the calendar says 'workday' (a make-up weekend workday, 调休上班),
 * not when it says 'holiday', and otherwise when it is Monday to Friday.
 */

/** The daily working periods, China time: 08:30–12:00 and 14:30–18:00. */
export const WORKING_HOURS = [
  { start: '08:30', end: '12:00' },
  { start: '14:30', end: '18:00' },
] as const;

/** 3.5 h + 3.5 h. */
export const WORKING_MINUTES_PER_DAY = 420;

/** China Standard Time, UTC+8, no DST. */
export const CHINA_UTC_OFFSET_MINUTES = 480;

export interface WorkCalendar {
  /** The calendar's entry for a 'YYYY-MM-DD' date, or undefined when the weekday rule applies. */
  kindOf(date: string): CalendarDayKind | undefined;
}

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const OFFSET_MS = CHINA_UTC_OFFSET_MINUTES * MS_PER_MINUTE;

/**
 * Guards against endless scans (a calendar that declares every day a holiday) and absurd inputs:
 * no computation walks more than this many consecutive days. 100 years of days is still only
 * ~36,500 cheap iterations.
 */
const MAX_SCAN_DAYS = 366 * 100;

/** Periods as [start, end) milliseconds after China midnight. */
const PERIODS_MS: readonly (readonly [number, number])[] = WORKING_HOURS.map(
  (p) => [clockToMs(p.start), clockToMs(p.end)] as const,
);
const DAY_END_MS = PERIODS_MS[PERIODS_MS.length - 1]![1];

function clockToMs(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return ((h ?? 0) * 60 + (m ?? 0)) * MS_PER_MINUTE;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date; RangeError for anything else (including 2026-02-30). */
function parseDate(date: string): number {
  const match = ISO_DATE.exec(date);
  if (match) {
    const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
    const day = ms / MS_PER_DAY;
    if (Number.isInteger(day) && formatDay(day) === date) return day;
  }
  throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
}

function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Splits an instant into its China-time day number and the milliseconds since China midnight. */
function toChina(t: Date): { day: number; msOfDay: number } {
  const ms = t.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('invalid Date');
  const local = ms + OFFSET_MS;
  const day = Math.floor(local / MS_PER_DAY);
  return { day, msOfDay: local - day * MS_PER_DAY };
}

function fromChina(day: number, msOfDay: number): Date {
  return new Date(day * MS_PER_DAY + msOfDay - OFFSET_MS);
}

function isWorkingDayNumber(cal: WorkCalendar, day: number): boolean {
  const kind = cal.kindOf(formatDay(day));
  if (kind === 'workday') return true;
  if (kind === 'holiday') return false;
  const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return weekday >= 1 && weekday <= 5;
}

function nextWorkingDayNumber(cal: WorkCalendar, after: number): number {
  for (let day = after + 1; day <= after + MAX_SCAN_DAYS; day++) {
    if (isWorkingDayNumber(cal, day)) return day;
  }
  throw new RangeError(`no working day within ${MAX_SCAN_DAYS} days after ${formatDay(after)}`);
}

/** A calendar over explicit entries (one per date; a later entry for the same date wins). */
export function calendarFrom(days: readonly { date: string; kind: CalendarDayKind }[]): WorkCalendar {
  const kinds = new Map<string, CalendarDayKind>();
  for (const { date, kind } of days) {
    parseDate(date);
    kinds.set(date, kind);
  }
  return { kindOf: (date) => kinds.get(date) };
}

/** 'YYYY-MM-DD' of the instant in China time. */
export function chinaDate(t: Date): string {
  return formatDay(toChina(t).day);
}

export function isWorkingDay(cal: WorkCalendar, date: string): boolean {
  return isWorkingDayNumber(cal, parseDate(date));
}

/**
 * The instant at which `minutes` working minutes have elapsed after `start`.
 *
 * Counting starts at `start` if it lies in working time, else at the start of the next working
 * period. Consequently:
 * - `minutes = 0` returns `start` itself inside working time, else the next period's start
 *   (a ticket filed on Saturday evening is "due now" on Monday 08:30, not on Saturday);
 * - a budget that runs out exactly at a period's end returns that end (12:00 or 18:00), not the next
 *   period's start, so one working day from 08:30 is 18:00 the same day.
 *
 * Fractional minutes are accepted and rounded to the millisecond.
 */
export function addWorkingMinutes(cal: WorkCalendar, start: Date, minutes: number): Date {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`working minutes must be a finite number >= 0, got ${minutes}`);
  }
  let remaining = Math.round(minutes * MS_PER_MINUTE);
  let { day, msOfDay } = toChina(start);
  const lastDay = day + MAX_SCAN_DAYS;
  for (; day <= lastDay; day++, msOfDay = 0) {
    if (!isWorkingDayNumber(cal, day)) continue;
    for (const [periodStart, periodEnd] of PERIODS_MS) {
      if (msOfDay >= periodEnd) continue;
      const from = Math.max(msOfDay, periodStart);
      const available = periodEnd - from;
      if (remaining <= available) return fromChina(day, from + remaining);
      remaining -= available;
    }
  }
  throw new RangeError(`${minutes} working minutes do not fit within ${MAX_SCAN_DAYS} days`);
}

/**
 * Working minutes in [from, to): 0 if `to` is not after `from`. Exact, so it may be fractional when
 * the instants are not on whole minutes; `workingMinutesBetween(s, addWorkingMinutes(s, m)) === m`.
 */
export function workingMinutesBetween(cal: WorkCalendar, from: Date, to: Date): number {
  const a = toChina(from);
  const b = toChina(to);
  if (to.getTime() <= from.getTime()) return 0;
  if (b.day - a.day > MAX_SCAN_DAYS) {
    throw new RangeError(`span of more than ${MAX_SCAN_DAYS} days`);
  }
  let total = 0;
  for (let day = a.day; day <= b.day; day++) {
    if (!isWorkingDayNumber(cal, day)) continue;
    const lo = day === a.day ? a.msOfDay : 0;
    const hi = day === b.day ? b.msOfDay : MS_PER_DAY;
    for (const [periodStart, periodEnd] of PERIODS_MS) {
      total += Math.max(0, Math.min(hi, periodEnd) - Math.max(lo, periodStart));
    }
  }
  return total / MS_PER_MINUTE;
}

/** `days` working days of 420 working minutes each; fractional days allowed (0.5 = 210 minutes). */
export function addWorkingDays(cal: WorkCalendar, start: Date, days: number): Date {
  if (!Number.isFinite(days) || days < 0) {
    throw new RangeError(`working days must be a finite number >= 0, got ${days}`);
  }
  return addWorkingMinutes(cal, start, days * WORKING_MINUTES_PER_DAY);
}

/**
 * 18:00 China time of `t`'s day when that is a working day and `t` is before 18:00, else 18:00 of the
 * next working day. The deadline for "urgent: handle the same day".
 */
export function endOfWorkingDay(cal: WorkCalendar, t: Date): Date {
  const { day, msOfDay } = toChina(t);
  if (msOfDay < DAY_END_MS && isWorkingDayNumber(cal, day)) return fromChina(day, DAY_END_MS);
  return fromChina(nextWorkingDayNumber(cal, day), DAY_END_MS);
}
