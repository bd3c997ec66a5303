import type { Channel, TicketType } from './enums.js';
import { addWorkingMinutes, endOfWorkingDay, type WorkCalendar, WORKING_MINUTES_PER_DAY, workingMinutesBetween } from './calendar.js';

/** Sign-for within 2 working hours of dispatch. */
export const SIGN_WORKING_MINUTES = 120;

/** Reply deadlines in working days by appeal type (a category may override). */
export const REPLY_WORKING_DAYS: Record<TicketType, number> = {
  consultation: 2,
  help: 10,
  suggestion: 10,
  complaint: 15,
  report: 15,
  praise: 10,
};

/** A ticket is "due soon" in the last 20% of its time. */
export const DUE_SOON_FRACTION = 0.2;

export interface DeadlinePolicyInput {
  type: TicketType;
  channel: Channel;
  urgent: boolean;
  categoryReplyDays: number | null;
}

/**
 * Working minutes a unit has to reply, counted from dispatch, or 'same_day' for urgent appeals. Tickets
 * forwarded by the provincial platform get half the time.
 */
export function replyBudget(p: DeadlinePolicyInput): { kind: 'same_day' } | { kind: 'minutes'; minutes: number } {
  if (p.urgent) return { kind: 'same_day' };
  const days = p.categoryReplyDays ?? REPLY_WORKING_DAYS[p.type];
  const minutes = days * WORKING_MINUTES_PER_DAY;
  return { kind: 'minutes', minutes: p.channel === 'province' ? Math.ceil(minutes / 2) : minutes };
}

export function signBudgetMinutes(channel: Channel): number {
  return channel === 'province' ? SIGN_WORKING_MINUTES / 2 : SIGN_WORKING_MINUTES;
}

/** The instant the last DUE_SOON_FRACTION of the working time between two instants begins. */
export function dueSoonFrom(cal: WorkCalendar, start: Date, due: Date): Date {
  const total = workingMinutesBetween(cal, start, due);
  return addWorkingMinutes(cal, start, Math.floor(total * (1 - DUE_SOON_FRACTION)));
}

/** The reply deadline counted from `from` (dispatch, or a reopening), and when it becomes "due soon". */
export function replyDeadline(cal: WorkCalendar, policy: DeadlinePolicyInput, from: Date): { replyDueAt: Date; dueSoonFrom: Date } {
  const budget = replyBudget(policy);
  const replyDueAt = budget.kind === 'same_day' ? endOfWorkingDay(cal, from) : addWorkingMinutes(cal, from, budget.minutes);
  return { replyDueAt, dueSoonFrom: dueSoonFrom(cal, from, replyDueAt) };
}

/** Both deadlines a dispatch sets: sign-for and reply, counted from the dispatch on the working-day calendar. */
export function dispatchDeadlines(
  cal: WorkCalendar,
  policy: DeadlinePolicyInput,
  dispatchedAt: Date,
): { signDueAt: Date; replyDueAt: Date; dueSoonFrom: Date } {
  return { signDueAt: addWorkingMinutes(cal, dispatchedAt, signBudgetMinutes(policy.channel)), ...replyDeadline(cal, policy, dispatchedAt) };
}

/** An approved extension adds whole working days to the current reply deadline. */
export function extendedDeadline(
  cal: WorkCalendar,
  t: { replyDueAt: Date | null; dispatchedAt: Date | null },
  days: number,
  now: Date,
): { replyDueAt: Date; dueSoonFrom: Date } {
  const replyDueAt = addWorkingMinutes(cal, t.replyDueAt ?? now, days * WORKING_MINUTES_PER_DAY);
  return { replyDueAt, dueSoonFrom: dueSoonFrom(cal, t.dispatchedAt ?? now, replyDueAt) };
}

/** How long a step took in working minutes since dispatch, and whether it met its deadline (none: on time). */
export function timing(cal: WorkCalendar, since: Date | null, due: Date | null, at: Date): { minutes: number; onTime: boolean } {
  return {
    minutes: Math.round(workingMinutesBetween(cal, since ?? at, at)),
    onTime: due === null || at.getTime() <= due.getTime(),
  };
}

/** Working minutes left until a deadline (negative when past), for "time left" displays. */
export function workingMinutesLeft(cal: WorkCalendar, due: Date, now: Date): number {
  return due.getTime() >= now.getTime() ? workingMinutesBetween(cal, now, due) : -workingMinutesBetween(cal, due, now);
}

/**
 * A deadline still running when the calendar changes keeps the working time it had left: counted from `now` on the
 * old calendar, laid out again on the new one. A deadline already past, or one the change does not reach, stays.
 */
export function shiftedDeadline(oldCal: WorkCalendar, newCal: WorkCalendar, due: Date, now: Date): Date {
  if (due.getTime() <= now.getTime()) return due;
  return addWorkingMinutes(newCal, now, workingMinutesBetween(oldCal, now, due));
}
