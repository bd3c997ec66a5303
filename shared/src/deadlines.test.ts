import { describe, expect, it } from '@jest/globals';
import { addWorkingMinutes, calendarFrom, WORKING_MINUTES_PER_DAY, workingMinutesBetween } from './calendar.js';
import { dispatchDeadlines, shiftedDeadline, timing } from './deadlines.js';

const plain = calendarFrom([]);
const withHoliday = calendarFrom([{ date: '2026-12-09', kind: 'holiday' }]);
// Tuesday 2026-12-01 10:00 China time.
const now = new Date('2026-12-01T02:00:00Z');

describe('deadlines', () => {
  it('a holiday inside a running deadline moves it by that working day; the working time left is kept', () => {
    const due = addWorkingMinutes(plain, now, 10 * WORKING_MINUTES_PER_DAY);
    const moved = shiftedDeadline(plain, withHoliday, due, now);
    expect(moved.getTime()).toBeGreaterThan(due.getTime());
    expect(workingMinutesBetween(withHoliday, now, moved)).toBe(workingMinutesBetween(plain, now, due));
    // and back again when the holiday is removed
    expect(shiftedDeadline(withHoliday, plain, moved, now).getTime()).toBe(due.getTime());
  });

  it('a deadline already past, or one before the changed day, stays where it was', () => {
    const past = new Date(now.getTime() - 3_600_000);
    expect(shiftedDeadline(plain, withHoliday, past, now)).toBe(past);
    const soon = addWorkingMinutes(plain, now, WORKING_MINUTES_PER_DAY);
    expect(shiftedDeadline(plain, withHoliday, soon, now).getTime()).toBe(soon.getTime());
  });

  it("the province's tickets get half the time to sign and to reply", () => {
    const policy = { type: 'complaint' as const, urgent: false, categoryReplyDays: null };
    const city = dispatchDeadlines(plain, { ...policy, channel: 'phone' }, now);
    const province = dispatchDeadlines(plain, { ...policy, channel: 'province' }, now);
    expect(workingMinutesBetween(plain, now, province.signDueAt) * 2).toBe(workingMinutesBetween(plain, now, city.signDueAt));
    expect(workingMinutesBetween(plain, now, province.replyDueAt) * 2).toBe(workingMinutesBetween(plain, now, city.replyDueAt));
  });

  it('on time means by the deadline; no deadline counts as on time', () => {
    const due = addWorkingMinutes(plain, now, 60);
    expect(timing(plain, now, due, due)).toEqual({ minutes: 60, onTime: true });
    expect(timing(plain, now, due, new Date(due.getTime() + 1000)).onTime).toBe(false);
    expect(timing(plain, null, null, now)).toEqual({ minutes: 0, onTime: true });
  });
});
