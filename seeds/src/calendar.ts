import type { SeedCalendarDay } from './types.js';

/**
 * China's 2026 public holidays and make-up workdays (调休上班), from the State Council General
 * Office's notice on the 2026 holiday arrangements. Every day off is listed, including those that
 * fall on a weekend anyway, so the calendar reads like the notice.
 */
function holidays(name: string, first: string, last: string): SeedCalendarDay[] {
  const days: SeedCalendarDay[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += 86_400_000) {
    days.push({ date: new Date(t).toISOString().slice(0, 10), kind: 'holiday', name });
  }
  return days;
}

function workdays(name: string, ...dates: string[]): SeedCalendarDay[] {
  return dates.map((date) => ({ date, kind: 'workday', name: `${name}调休上班` }));
}

export const SEED_CALENDAR_2026: SeedCalendarDay[] = [
  ...holidays('元旦', '2026-01-01', '2026-01-03'),
  ...workdays('元旦', '2026-01-04'),
  ...workdays('春节', '2026-02-14'),
  ...holidays('春节', '2026-02-15', '2026-02-23'),
  ...workdays('春节', '2026-02-28'),
  ...holidays('清明节', '2026-04-04', '2026-04-06'),
  ...holidays('劳动节', '2026-05-01', '2026-05-05'),
  ...workdays('劳动节', '2026-05-09'),
  ...holidays('端午节', '2026-06-19', '2026-06-21'),
  ...workdays('国庆节', '2026-09-20'),
  ...holidays('中秋节', '2026-09-25', '2026-09-27'),
  ...holidays('国庆节', '2026-10-01', '2026-10-07'),
  ...workdays('国庆节', '2026-10-10'),
];
