import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { calendarFrom, chinaDate, isWorkingDay, type CalendarDayView, workingMinutesBetween } from '@jyg12345/shared';
import { TicketEventEntity } from '../src/database/entities.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** An admin adding a holiday moves the deadlines still running past it; removing it moves them back. */
describe('deadlines follow the working-day calendar', () => {
  let t: TestApp;
  let admin: string;
  let operator: string;
  let resident: string;
  const unit: Record<string, string> = {};
  let categoryId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = (await t.login('admin')).token;
    operator = (await t.login('operator')).token;
    resident = (await t.resident('calendar-resident')).token;
    for (const u of (await t.request('GET', '/api/v1/units', { token: operator })).body) unit[u.code] = u.id;
    // A category without a deadline of its own: a complaint then has 15 working days, room for a holiday inside.
    categoryId = (await t.request('GET', '/api/v1/categories', { token: operator })).body.find((c: { replyDays: number | null }) => c.replyDays === null).id;
  });
  afterAll(() => t.close());

  async function calendar() {
    const years = [new Date().getUTCFullYear(), new Date().getUTCFullYear() + 1];
    const days: CalendarDayView[] = [];
    for (const year of years) days.push(...(await t.request('GET', `/api/v1/calendar?year=${year}`, { token: operator })).body);
    return calendarFrom(days);
  }

  async function dispatchedTicket() {
    const filed = await t.request('POST', '/api/v1/tickets', {
      token: resident,
      body: { type: 'complaint', description: '暖气不热，室温只有十三度', confidential: false },
    });
    let v = filed.body.version;
    const step = async (action: string, body: Record<string, unknown>) => {
      const res = await t.request('POST', `/api/v1/tickets/${filed.body.id}/actions/${action}`, { token: operator, body: { version: v, ...body } });
      expect(res.status).toBe(200);
      v = res.body.version;
      return res.body;
    };
    await step('accept', { categoryId });
    return step('dispatch', { leadUnitId: unit['co.heating'] });
  }

  it('moves a running reply deadline by the working day a new holiday takes, with a system event, and back again', async () => {
    const ticket = await dispatchedTicket();
    const due = new Date(ticket.replyDueAt);
    const before = await calendar();
    // A working day after tomorrow and before the deadline's day.
    let day = new Date(Date.now() + 2 * 86_400_000);
    expect(workingMinutesBetween(before, new Date(), due)).toBeGreaterThan(5 * 420);
    while (!isWorkingDay(before, chinaDate(day))) day = new Date(day.getTime() + 86_400_000);
    const holiday = chinaDate(day);
    expect(holiday < chinaDate(due)).toBe(true);

    const put = await t.request('PUT', `/api/v1/calendar/${holiday}`, { token: admin, body: { kind: 'holiday', name: '临时放假' } });
    expect(put.status).toBe(200);
    const moved = (await t.request('GET', `/api/v1/tickets/${ticket.id}`, { token: operator })).body;
    const after = await calendar();
    expect(new Date(moved.replyDueAt).getTime()).toBeGreaterThan(due.getTime());
    // The working time from dispatch to the deadline is what it was: the holiday only moved the end.
    const dispatchedAt = new Date(ticket.dispatchedAt);
    expect(workingMinutesBetween(after, dispatchedAt, new Date(moved.replyDueAt))).toBeCloseTo(workingMinutesBetween(before, dispatchedAt, due), 3);
    expect(moved.version).toBe(ticket.version + 1);
    const events = await t.db.getRepository(TicketEventEntity).findBy({ ticketId: ticket.id, action: 'reschedule' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorRole: 'system', actorId: null, fromStatus: 'dispatched', toStatus: 'dispatched' });
    expect(events[0]!.note).toContain(holiday);

    const removed = await t.request('DELETE', `/api/v1/calendar/${holiday}`, { token: admin });
    expect(removed.status).toBe(204);
    const back = (await t.request('GET', `/api/v1/tickets/${ticket.id}`, { token: operator })).body;
    expect(new Date(back.replyDueAt).getTime()).toBe(due.getTime());
  });

  it('leaves tickets whose deadlines the change does not reach, and tickets no longer running, as they are', async () => {
    const open = await dispatchedTicket();
    const filed = await t.request('POST', '/api/v1/tickets', { token: resident, body: { type: 'help', description: '路灯不亮已经一周了', confidential: false } });
    // A holiday after the open ticket's deadline.
    const later = chinaDate(new Date(new Date(open.replyDueAt).getTime() + 30 * 86_400_000));
    expect((await t.request('PUT', `/api/v1/calendar/${later}`, { token: admin, body: { kind: 'holiday', name: '远期放假' } })).status).toBe(200);
    const same = (await t.request('GET', `/api/v1/tickets/${open.id}`, { token: operator })).body;
    expect(same).toMatchObject({ replyDueAt: open.replyDueAt, version: open.version });
    const untouched = (await t.request('GET', `/api/v1/tickets/${filed.body.id}`, { token: operator })).body;
    expect(untouched).toMatchObject({ replyDueAt: null, version: 1 });
    await t.request('DELETE', `/api/v1/calendar/${later}`, { token: admin });
  });
});
