// Deadlines as staff read them: time left in working hours and days on the city's calendar (08:30–12:00,
// 14:30–18:00 China time, holidays and make-up workdays from GET /calendar), on shared's calendar arithmetic.
import {
  addWorkingMinutes,
  calendarFrom,
  chinaDate,
  WORKING_MINUTES_PER_DAY,
  workingMinutesBetween,
  type CalendarDayView,
  type TicketView,
  type WorkCalendar,
} from '@jyg12345/shared';
import { staffApi } from './api';

export { addWorkingMinutes };
export type { WorkCalendar };

/** Weekday rules only: what the app falls back to while (or if) the calendar cannot be loaded. */
export const WEEKDAY_CALENDAR: WorkCalendar = calendarFrom([]);

const byYear = new Map<number, Promise<CalendarDayView[]>>();

/** The calendar for this year and the next (a deadline may cross New Year); fetched once per app run. */
export async function loadWorkCalendar(now = new Date()): Promise<WorkCalendar> {
  const year = Number(chinaDate(now).slice(0, 4));
  const years = [year, year + 1];
  const lists = await Promise.all(
    years.map((y) => {
      let pending = byYear.get(y);
      if (!pending) {
        pending = staffApi.calendar(y).catch((error: unknown) => {
          byYear.delete(y);
          // Next year's holidays are often not published yet: weekdays are the best guess.
          if (y !== year) return [];
          throw error;
        });
        byYear.set(y, pending);
      }
      return pending;
    }),
  );
  return calendarFrom(lists.flat());
}

/** '3小时20分', '2个工作日5小时' in working time (7 working hours a day). */
export function formatWorkingMinutes(minutes: number): string {
  const total = Math.max(0, Math.floor(minutes));
  const days = Math.floor(total / WORKING_MINUTES_PER_DAY);
  const rest = total - days * WORKING_MINUTES_PER_DAY;
  const hours = Math.floor(rest / 60);
  const mins = rest % 60;
  if (days > 0) return hours > 0 ? `${days}个工作日${hours}小时` : `${days}个工作日`;
  if (hours > 0) return mins > 0 ? `${hours}小时${mins}分` : `${hours}小时`;
  return `${Math.max(mins, total > 0 ? 1 : 0)}分钟`;
}

export type DeadlineTone = 'normal' | 'soon' | 'overdue';

export interface DeadlineInfo {
  /** 签收 (dispatched: sign-for within 2 working hours) or 答复. */
  kind: 'sign' | 'reply';
  due: Date;
  tone: DeadlineTone;
  /** '签收剩余 1小时20分', '答复剩余 3个工作日', '超期 2小时' — the word carries the state, not the colour. */
  text: string;
}

/** Sign-for has only 2 working hours in all: it is "soon" in its last half hour. */
const SIGN_SOON_MINUTES = 30;

/** The deadline that matters now for a ticket at a unit, or null when it has none (replied, closed, …). */
export function deadlineOf(ticket: TicketView, cal: WorkCalendar, now = new Date()): DeadlineInfo | null {
  const open = ticket.status === 'dispatched' || ticket.status === 'in_progress' || ticket.status === 'return_requested';
  if (!open) return null;
  const signing = ticket.status === 'dispatched' && !ticket.signedAt && ticket.signDueAt;
  const dueIso = signing ? ticket.signDueAt : ticket.replyDueAt;
  if (!dueIso) return null;
  const due = new Date(dueIso);
  const kind = signing ? 'sign' : 'reply';
  const label = kind === 'sign' ? '签收' : '答复';
  if (now.getTime() >= due.getTime() || (kind === 'reply' && ticket.overdue)) {
    const late = workingMinutesBetween(cal, due, now);
    return { kind, due, tone: 'overdue', text: late >= 1 ? `${label}超期 ${formatWorkingMinutes(late)}` : `${label}已超期` };
  }
  const left = workingMinutesBetween(cal, now, due);
  // The reply's "due soon" is the server's flag (last 20% of its time), so every screen agrees.
  const soon = kind === 'reply' ? ticket.dueSoon : left <= SIGN_SOON_MINUTES;
  return { kind, due, tone: soon ? 'soon' : 'normal', text: `${label}剩余 ${formatWorkingMinutes(left)}` };
}

/** The reply deadline after an extension of `days` working days, as the centre would set it if approved. */
export function extendedDeadline(ticket: TicketView, cal: WorkCalendar, days: number): Date | null {
  if (!ticket.replyDueAt || !Number.isFinite(days) || days < 1) return null;
  return addWorkingMinutes(cal, new Date(ticket.replyDueAt), days * WORKING_MINUTES_PER_DAY);
}
