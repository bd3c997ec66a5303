import { describe, expect, it } from '@jest/globals';
import type { TicketView, UnitView } from '@jyg12345/shared';
import { ticketView } from '../../../test/fixtures';
import { unitsBelow } from './api';
import { deadlineOf, extendedDeadline, formatWorkingMinutes, WEEKDAY_CALENDAR } from './deadline';
import { calendarFrom } from '@jyg12345/shared';

// Friday 2026-11-27 10:00 China time.
const FRIDAY_10 = new Date('2026-11-27T02:00:00Z');

function t(patch: Partial<TicketView>): TicketView {
  return ticketView(patch);
}

describe('formatWorkingMinutes', () => {
  it('speaks working days of 7 hours, then hours and minutes', () => {
    expect(formatWorkingMinutes(0)).toBe('0分钟');
    expect(formatWorkingMinutes(45)).toBe('45分钟');
    expect(formatWorkingMinutes(120)).toBe('2小时');
    expect(formatWorkingMinutes(200)).toBe('3小时20分');
    expect(formatWorkingMinutes(420)).toBe('1个工作日');
    expect(formatWorkingMinutes(420 * 3 + 300)).toBe('3个工作日5小时');
  });
});

describe('deadlineOf', () => {
  it('counts sign-for time in working hours across the weekend', () => {
    // Due Monday 09:30: from Friday 10:00 that is 2 h (Friday) + 3.5 h (Friday afternoon) + 1 h (Monday).
    const info = deadlineOf(t({ status: 'dispatched', signedAt: null, signDueAt: '2026-11-30T01:30:00Z' }), WEEKDAY_CALENDAR, FRIDAY_10)!;
    expect(info.kind).toBe('sign');
    expect(info.tone).toBe('normal');
    expect(info.text).toBe('签收剩余 6小时30分');
  });

  it('skips the calendar’s holidays', () => {
    const cal = calendarFrom([{ date: '2026-11-30', kind: 'holiday' }]);
    const info = deadlineOf(t({ status: 'dispatched', signedAt: null, signDueAt: '2026-12-01T01:30:00Z' }), cal, FRIDAY_10)!;
    expect(info.text).toBe('签收剩余 6小时30分');
  });

  it('says 超期 in words when the reply deadline has passed', () => {
    const info = deadlineOf(t({ status: 'in_progress', replyDueAt: '2026-11-27T01:00:00Z', overdue: true, dueSoon: true }), WEEKDAY_CALENDAR, FRIDAY_10)!;
    expect(info.tone).toBe('overdue');
    expect(info.text).toBe('答复超期 1小时');
  });

  it('follows the server’s due-soon flag for replies, and has nothing to say once replied', () => {
    const due = '2026-12-04T10:00:00Z';
    expect(deadlineOf(t({ status: 'in_progress', replyDueAt: due, dueSoon: true }), WEEKDAY_CALENDAR, FRIDAY_10)!.tone).toBe('soon');
    expect(deadlineOf(t({ status: 'in_progress', replyDueAt: due, dueSoon: false }), WEEKDAY_CALENDAR, FRIDAY_10)!.tone).toBe('normal');
    expect(deadlineOf(t({ status: 'replied', replyDueAt: due }), WEEKDAY_CALENDAR, FRIDAY_10)).toBeNull();
  });

  it('previews an extension in working days', () => {
    // Friday 18:00 + 1 working day = Monday 18:00.
    const d = extendedDeadline(t({ replyDueAt: '2026-11-27T10:00:00Z' }), WEEKDAY_CALENDAR, 1)!;
    expect(d.toISOString()).toBe('2026-11-30T10:00:00.000Z');
  });
});

describe('unitsBelow', () => {
  const u = (id: string, parentId: string | null, active = true): UnitView => ({ id, code: id, name: id, kind: 'community', parentId, active });
  it('lists active units whose parent chain reaches the handler’s unit, nearest first', () => {
    const units = [u('street', null), u('c1', 'street'), u('g1', 'c1'), u('c2', 'street', false), u('other', null), u('x', 'other')];
    expect(unitsBelow(units, 'street').map((x) => x.id)).toEqual(['c1', 'g1']);
    expect(unitsBelow(units, 'c1').map((x) => x.id)).toEqual(['g1']);
    expect(unitsBelow(units, null)).toEqual([]);
  });
});
