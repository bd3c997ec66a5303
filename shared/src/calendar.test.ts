import { describe, expect, it } from '@jest/globals';
import {
  WORKING_HOURS,
  WORKING_MINUTES_PER_DAY,
  addWorkingDays,
  addWorkingMinutes,
  calendarFrom,
  chinaDate,
  endOfWorkingDay,
  isWorkingDay,
  workingMinutesBetween,
  type WorkCalendar,
} from './calendar.js';
import type { CalendarDayKind } from './enums.js';

/** The State Council General Office's notice on the 2026 public holidays, day by day. */
function days(kind: CalendarDayKind, ...dates: string[]) {
  return dates.map((date) => ({ date, kind }));
}
const cal2026 = calendarFrom([
  ...days('holiday', '2026-01-01', '2026-01-02', '2026-01-03'),
  ...days('workday', '2026-01-04'),
  ...days('holiday', '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19'),
  ...days('holiday', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23'),
  ...days('workday', '2026-02-14', '2026-02-28'),
  ...days('holiday', '2026-04-04', '2026-04-05', '2026-04-06'),
  ...days('holiday', '2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05'),
  ...days('workday', '2026-05-09'),
  ...days('holiday', '2026-06-19', '2026-06-20', '2026-06-21'),
  ...days('holiday', '2026-09-25', '2026-09-26', '2026-09-27'),
  ...days('holiday', '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05'),
  ...days('holiday', '2026-10-06', '2026-10-07'),
  ...days('workday', '2026-09-20', '2026-10-10'),
]);
const plain = calendarFrom([]);

/** An instant given in China wall-clock time. */
function cn(dateTime: string): Date {
  return new Date(`${dateTime}:00+08:00`);
}

/** Independent reference: count working minutes one minute at a time (whole-minute instants only). */
function bruteForceMinutes(cal: WorkCalendar, from: Date, to: Date): number {
  let count = 0;
  for (let t = from.getTime(); t < to.getTime(); t += 60_000) {
    const instant = new Date(t);
    const clock = new Date(t + 8 * 3_600_000).toISOString().slice(11, 16);
    const inPeriod = WORKING_HOURS.some((p) => clock >= p.start && clock < p.end);
    if (inPeriod && isWorkingDay(cal, chinaDate(instant))) count++;
  }
  return count;
}

/** Deterministic pseudo-random numbers (LCG), so failures reproduce. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('constants', () => {
  it('has 420 working minutes a day in 08:30–12:00 and 14:30–18:00', () => {
    expect(WORKING_HOURS).toEqual([
      { start: '08:30', end: '12:00' },
      { start: '14:30', end: '18:00' },
    ]);
    expect(WORKING_MINUTES_PER_DAY).toBe(420);
    expect(workingMinutesBetween(plain, cn('2026-03-05T00:00'), cn('2026-03-06T00:00'))).toBe(420);
  });
});

describe('chinaDate', () => {
  it('uses UTC+8 whatever the machine zone', () => {
    expect(chinaDate(new Date('2026-02-13T16:30:00Z'))).toBe('2026-02-14');
    expect(chinaDate(new Date('2026-02-13T15:59:59.999Z'))).toBe('2026-02-13');
    expect(chinaDate(cn('2026-01-01T00:00'))).toBe('2026-01-01');
    expect(chinaDate(cn('2025-12-31T23:59'))).toBe('2025-12-31');
  });

  it('rejects an invalid Date', () => {
    expect(() => chinaDate(new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('isWorkingDay', () => {
  it.each([
    ['2026-01-01', false, '元旦 (Thursday)'],
    ['2026-01-04', true, '元旦调休 (Sunday)'],
    ['2026-02-13', true, 'ordinary Friday'],
    ['2026-02-14', true, '春节调休 (Saturday)'],
    ['2026-02-15', false, '春节 (Sunday)'],
    ['2026-02-23', false, '春节 (Monday)'],
    ['2026-02-24', true, 'first Tuesday after 春节'],
    ['2026-02-28', true, '春节调休 (Saturday)'],
    ['2026-03-07', false, 'ordinary Saturday'],
    ['2026-03-08', false, 'ordinary Sunday'],
    ['2026-04-06', false, '清明 (Monday)'],
    ['2026-05-05', false, '劳动节 (Tuesday)'],
    ['2026-05-09', true, '劳动节调休 (Saturday)'],
    ['2026-06-19', false, '端午 (Friday)'],
    ['2026-09-20', true, '国庆调休 (Sunday)'],
    ['2026-09-25', false, '中秋 (Friday)'],
    ['2026-10-07', false, '国庆 (Wednesday)'],
    ['2026-10-08', true, 'Thursday after 国庆'],
    ['2026-10-10', true, '国庆调休 (Saturday)'],
    ['2026-10-11', false, 'ordinary Sunday'],
  ])('%s → %s (%s)', (date, expected) => {
    expect(isWorkingDay(cal2026, date)).toBe(expected);
  });

  it('falls back to Monday–Friday without entries', () => {
    expect(isWorkingDay(plain, '2026-01-01')).toBe(true);
    expect(isWorkingDay(plain, '2026-02-14')).toBe(false);
  });

  it('rejects malformed or impossible dates', () => {
    expect(() => isWorkingDay(plain, '2026-2-3')).toThrow(RangeError);
    expect(() => isWorkingDay(plain, '2026-02-30')).toThrow(RangeError);
    expect(() => calendarFrom([{ date: '2026/01/01', kind: 'holiday' }])).toThrow(RangeError);
  });
});

describe('addWorkingMinutes', () => {
  it('carries Friday 17:00 + 2 h over to the make-up Saturday 2026-02-14 09:30', () => {
    expect(addWorkingMinutes(cal2026, cn('2026-02-13T17:00'), 120)).toEqual(cn('2026-02-14T09:30'));
  });

  it('skips the whole Spring Festival from the make-up Saturday', () => {
    expect(addWorkingMinutes(cal2026, cn('2026-02-14T17:00'), 120)).toEqual(cn('2026-02-24T09:30'));
  });

  it('skips New Year into the make-up Sunday 2026-01-04', () => {
    expect(addWorkingMinutes(cal2026, cn('2025-12-31T17:00'), 120)).toEqual(cn('2026-01-04T09:30'));
  });

  it('skips the lunch break', () => {
    expect(addWorkingMinutes(cal2026, cn('2026-03-05T11:00'), 120)).toEqual(cn('2026-03-05T15:30'));
  });

  it('ends exactly at a period end rather than at the next start', () => {
    expect(addWorkingMinutes(cal2026, cn('2026-03-05T08:30'), 210)).toEqual(cn('2026-03-05T12:00'));
    expect(addWorkingMinutes(cal2026, cn('2026-03-05T08:30'), 420)).toEqual(cn('2026-03-05T18:00'));
    expect(addWorkingMinutes(cal2026, cn('2026-03-05T08:30'), 211)).toEqual(cn('2026-03-05T14:31'));
  });

  it('starts counting at the next working period when started outside working time', () => {
    expect(addWorkingMinutes(cal2026, cn('2026-03-09T07:00'), 30)).toEqual(cn('2026-03-09T09:00'));
    expect(addWorkingMinutes(cal2026, cn('2026-03-09T13:00'), 30)).toEqual(cn('2026-03-09T15:00'));
    expect(addWorkingMinutes(cal2026, cn('2026-03-09T18:00'), 30)).toEqual(cn('2026-03-10T09:00'));
    expect(addWorkingMinutes(cal2026, cn('2026-03-07T10:00'), 30)).toEqual(cn('2026-03-09T09:00'));
  });

  it('with 0 minutes returns the start inside working time, else the next period start', () => {
    expect(addWorkingMinutes(cal2026, cn('2026-03-05T10:17'), 0)).toEqual(cn('2026-03-05T10:17'));
    expect(addWorkingMinutes(cal2026, cn('2026-03-05T12:00'), 0)).toEqual(cn('2026-03-05T14:30'));
    expect(addWorkingMinutes(cal2026, cn('2026-03-06T20:00'), 0)).toEqual(cn('2026-03-09T08:30'));
  });

  it('carries over to the make-up Sunday 2026-09-20', () => {
    expect(addWorkingMinutes(cal2026, cn('2026-09-18T17:00'), 120)).toEqual(cn('2026-09-20T09:30'));
  });

  it('carries over to the make-up Saturday 2026-10-10', () => {
    expect(addWorkingMinutes(cal2026, cn('2026-10-09T17:00'), 120)).toEqual(cn('2026-10-10T09:30'));
  });

  it('keeps seconds and milliseconds of the start', () => {
    const start = new Date(cn('2026-03-05T10:00').getTime() + 12_345);
    expect(addWorkingMinutes(cal2026, start, 1).getTime()).toBe(cn('2026-03-05T10:01').getTime() + 12_345);
  });

  it('refuses negative, NaN and infinite minutes and invalid dates', () => {
    expect(() => addWorkingMinutes(cal2026, cn('2026-03-05T10:00'), -1)).toThrow(RangeError);
    expect(() => addWorkingMinutes(cal2026, cn('2026-03-05T10:00'), Number.NaN)).toThrow(RangeError);
    expect(() => addWorkingMinutes(cal2026, cn('2026-03-05T10:00'), Infinity)).toThrow(RangeError);
    expect(() => addWorkingMinutes(cal2026, new Date(Number.NaN), 10)).toThrow(RangeError);
  });

  it('stops with a RangeError when the calendar has no working day at all', () => {
    const never: WorkCalendar = { kindOf: () => 'holiday' };
    expect(() => addWorkingMinutes(never, cn('2026-03-05T10:00'), 10)).toThrow(RangeError);
    expect(() => endOfWorkingDay(never, cn('2026-03-05T10:00'))).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('skips the National Day week: 2026-09-30 + 2 days', () => {
    // Sep 30 (Wed) is the last working day before Oct 1–7; Oct 8 (Thu) is an ordinary working day.
    expect(addWorkingDays(cal2026, cn('2026-09-30T08:30'), 2)).toEqual(cn('2026-10-08T18:00'));
    // 10:00 leaves 330 minutes on Sep 30, 420 on Oct 8, then 90 on Oct 9 (Fri).
    expect(addWorkingDays(cal2026, cn('2026-09-30T10:00'), 2)).toEqual(cn('2026-10-09T10:00'));
    // From the evening of Sep 30 counting starts on Oct 8.
    expect(addWorkingDays(cal2026, cn('2026-09-30T19:00'), 2)).toEqual(cn('2026-10-09T18:00'));
    // …and the make-up Saturday Oct 10 is the third working day.
    expect(addWorkingDays(cal2026, cn('2026-09-30T19:00'), 3)).toEqual(cn('2026-10-10T18:00'));
  });

  it('handles the May Day break with its make-up Saturday', () => {
    // Apr 30 (Thu) 14:30 + 1 day: 210 min that afternoon, May 1–5 off, May 6 (Wed) 08:30 + 210 = 12:00.
    expect(addWorkingDays(cal2026, cn('2026-04-30T14:30'), 1)).toEqual(cn('2026-05-06T12:00'));
  });

  it('counts 60 working days across the Spring Festival quickly', () => {
    const begin = Date.now();
    // 2026-01-05 (Mon) .. : Jan has 20 working days from the 5th (5–30, weekdays), Feb has 2–13 (10),
    // the make-up Saturdays 14 and 28 (2) and 24–27 (4) = 16 → 36; March has 22 → 58; Apr 1–2 → 60.
    expect(addWorkingDays(cal2026, cn('2026-01-05T08:30'), 60)).toEqual(cn('2026-04-02T18:00'));
    expect(addWorkingDays(cal2026, cn('2026-01-05T08:30'), 250)).toBeInstanceOf(Date);
    expect(Date.now() - begin).toBeLessThan(200);
  });

  it('refuses negative days', () => {
    expect(() => addWorkingDays(cal2026, cn('2026-03-05T10:00'), -0.5)).toThrow(RangeError);
  });
});

describe('workingMinutesBetween', () => {
  it('counts nothing over a weekend', () => {
    // Fri 16:00–18:00 (120) + Mon 08:30–10:00 (90).
    expect(workingMinutesBetween(cal2026, cn('2026-03-06T16:00'), cn('2026-03-09T10:00'))).toBe(210);
  });

  it('counts the lunch break as nothing', () => {
    expect(workingMinutesBetween(cal2026, cn('2026-03-05T11:00'), cn('2026-03-05T15:00'))).toBe(90);
    expect(workingMinutesBetween(cal2026, cn('2026-03-05T12:10'), cn('2026-03-05T14:20'))).toBe(0);
  });

  it('counts the make-up workdays and skips the holidays', () => {
    // Feb 13 (Fri) full + Feb 14 (Sat, make-up) full; Feb 15–23 off; Feb 24 up to 08:30.
    expect(workingMinutesBetween(cal2026, cn('2026-02-13T00:00'), cn('2026-02-24T08:30'))).toBe(840);
  });

  it('is 0 when to is not after from, and for inputs outside working hours', () => {
    expect(workingMinutesBetween(cal2026, cn('2026-03-05T11:00'), cn('2026-03-05T10:00'))).toBe(0);
    expect(workingMinutesBetween(cal2026, cn('2026-03-05T11:00'), cn('2026-03-05T11:00'))).toBe(0);
    expect(workingMinutesBetween(cal2026, cn('2026-03-05T18:30'), cn('2026-03-06T08:00'))).toBe(0);
    expect(workingMinutesBetween(cal2026, cn('2026-03-05T18:30'), cn('2026-03-06T09:00'))).toBe(30);
  });

  it('counts a year: 2026 has 248 working days under the notice', () => {
    // 261 weekdays − 19 weekday holidays + 6 make-up weekend workdays.
    expect(workingMinutesBetween(cal2026, cn('2026-01-01T00:00'), cn('2027-01-01T00:00'))).toBe(248 * 420);
  });

  it('agrees with a minute-by-minute count', () => {
    const random = lcg(12345);
    const base = cn('2026-01-28T00:00').getTime();
    for (let i = 0; i < 40; i++) {
      const from = new Date(base + Math.floor(random() * 40 * 1440) * 60_000);
      const to = new Date(from.getTime() + Math.floor(random() * 6 * 1440) * 60_000);
      expect(workingMinutesBetween(cal2026, from, to)).toBe(bruteForceMinutes(cal2026, from, to));
    }
  });
});

describe('round trip', () => {
  it('workingMinutesBetween(s, addWorkingMinutes(s, m)) === m', () => {
    const random = lcg(2026);
    const base = cn('2026-01-01T00:00').getTime();
    let checked = 0;
    while (checked < 500) {
      const s = new Date(base + Math.floor(random() * 365 * 1440) * 60_000 + Math.floor(random() * 60_000));
      const m = Math.floor(random() * 60 * WORKING_MINUTES_PER_DAY);
      const end = addWorkingMinutes(cal2026, s, m);
      expect(workingMinutesBetween(cal2026, s, end)).toBe(m);
      expect(end.getTime()).toBeGreaterThanOrEqual(s.getTime());
      checked++;
    }
  });
});

describe('endOfWorkingDay', () => {
  it('is 18:00 the same day on a working day before 18:00', () => {
    expect(endOfWorkingDay(cal2026, cn('2026-03-05T10:00'))).toEqual(cn('2026-03-05T18:00'));
    expect(endOfWorkingDay(cal2026, cn('2026-03-05T06:00'))).toEqual(cn('2026-03-05T18:00'));
    expect(endOfWorkingDay(cal2026, cn('2026-02-14T17:59'))).toEqual(cn('2026-02-14T18:00'));
  });

  it('is 18:00 of the next working day from 18:00 on or from a day off', () => {
    expect(endOfWorkingDay(cal2026, cn('2026-03-05T18:00'))).toEqual(cn('2026-03-06T18:00'));
    expect(endOfWorkingDay(cal2026, cn('2026-03-07T10:00'))).toEqual(cn('2026-03-09T18:00'));
    expect(endOfWorkingDay(cal2026, cn('2026-09-30T19:00'))).toEqual(cn('2026-10-08T18:00'));
    expect(endOfWorkingDay(cal2026, cn('2026-10-09T18:30'))).toEqual(cn('2026-10-10T18:00'));
  });
});

describe('machine time zone', () => {
  it('gives the same answers under another TZ', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    try {
      expect(addWorkingMinutes(cal2026, cn('2026-02-13T17:00'), 120)).toEqual(cn('2026-02-14T09:30'));
      expect(chinaDate(cn('2026-03-08T00:30'))).toBe('2026-03-08');
      expect(endOfWorkingDay(cal2026, cn('2026-03-07T23:30'))).toEqual(cn('2026-03-09T18:00'));
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
