import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TicketEntity, TicketEventEntity } from '../src/database/entities.js';
import { DeadlineScannerService } from '../src/supervision/deadline-scanner.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Two API processes (two Nest applications, two connection pools) against one database. Several processes is
 * the MySQL/MariaDB/TiDB deployment; the embedded SQLite database serves one process, so this runs on MySQL only.
 */
const onMysql = process.env.TEST_DATABASE_URL ? describe : describe.skip;

onMysql('two API processes on one database', () => {
  let a: TestApp;
  let b: TestApp;
  const unit: Record<string, string> = {};
  let categoryId: string;

  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp({}, a);
    const operator = (await a.login('operator')).token;
    for (const u of (await a.request('GET', '/api/v1/units', { token: operator })).body) unit[u.code] = u.id;
    categoryId = (await a.request('GET', '/api/v1/categories', { token: operator })).body[0].id;
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  async function dispatchedTicket(): Promise<string> {
    const resident = (await a.resident('two-proc')).token;
    const operator = (await a.login('operator')).token;
    const created = await a.request('POST', '/api/v1/tickets', {
      token: resident,
      body: { type: 'help', description: '楼道灯坏了一个月了，晚上看不见', confidential: false },
    });
    await a.request('POST', `/api/v1/tickets/${created.body.id}/actions/accept`, { token: operator, body: { version: 1, categoryId } });
    await a.request('POST', `/api/v1/tickets/${created.body.id}/actions/dispatch`, {
      token: operator,
      body: { version: 2, leadUnitId: unit['co.power'] },
    });
    return created.body.id;
  }

  it('lets exactly one of two signs win when they arrive at different processes', async () => {
    const id = await dispatchedTicket();
    const handlerA = (await a.login('handler.co.power')).token;
    const handlerB = (await b.login('handler.co.power')).token;
    const results = await Promise.all([
      a.request('POST', `/api/v1/tickets/${id}/actions/sign`, { token: handlerA, body: { version: 3 } }),
      b.request('POST', `/api/v1/tickets/${id}/actions/sign`, { token: handlerB, body: { version: 3 } }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await a.db.getRepository(TicketEventEntity).countBy({ ticketId: id, action: 'sign' })).toBe(1);
  });

  it('flags, urges and auto-closes each ticket once when both processes scan at the same moment', async () => {
    const ids = [await dispatchedTicket(), await dispatchedTicket(), await dispatchedTicket()];
    const rows = await a.db.getRepository(TicketEntity).findBy(ids.map((id) => ({ id })));
    const latest = Math.max(...rows.map((r) => new Date(r.replyDueAt as Date).getTime()));
    // The first working hour after all deadlines have passed (an urge only happens on working days).
    const { chinaDate, isWorkingDay } = await import('@jyg12345/shared');
    const calendar = await a.app.get((await import('../src/calendar/work-calendar.service.js')).WorkCalendarService).get();
    let when = new Date(latest + 3600_000);
    while (!isWorkingDay(calendar, chinaDate(when))) when = new Date(when.getTime() + 24 * 3600_000);

    const [ra, rb] = await Promise.all([a.app.get(DeadlineScannerService).scanOnce(when), b.app.get(DeadlineScannerService).scanOnce(when)]);
    expect(ra.overdue + rb.overdue).toBeGreaterThanOrEqual(ids.length);
    for (const id of ids) {
      const events = a.db.getRepository(TicketEventEntity);
      expect(await events.countBy({ ticketId: id, action: 'flag_overdue' })).toBe(1);
      expect(await events.countBy({ ticketId: id, action: 'flag_due_soon' })).toBe(1);
      expect(await events.countBy({ ticketId: id, action: 'urge' })).toBe(1);
    }
  });
});
