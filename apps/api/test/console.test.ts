import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ProvinceOutboxEntity } from '../src/notifications/province.entities.js';
import { newId } from '../src/common/ids.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe("the console's own reads", () => {
  let t: TestApp;
  let operator: string;
  let supervisor: string;
  let handler: string;
  let resident: string;

  beforeAll(async () => {
    t = await startTestApp();
    operator = (await t.login('operator')).token;
    supervisor = (await t.login('supervisor')).token;
    handler = (await t.login('handler.co.heating')).token;
    resident = (await t.resident('console-caller')).token;
  });
  afterAll(() => t.close());

  const file = async (description: string, phone: string) => {
    const res = await t.request('POST', '/api/v1/tickets', { token: resident, body: { type: 'help', description, confidential: false, contact: { phone } } });
    expect(res.status).toBe(201);
    return res.body as { id: string; number: string };
  };

  it("lists a caller's earlier appeals by phone, newest first, for operators and supervisors", async () => {
    const first = await file('楼道灯不亮已经一周了', '13900001111');
    const second = await file('小区门口路面塌陷需要修补', '13900001111');
    await file('别人的诉求，不应出现', '13900002222');

    for (const token of [operator, supervisor]) {
      const res = await t.request('GET', '/api/v1/console/callers/13900001111/tickets', { token });
      expect(res.status).toBe(200);
      expect(res.body.map((x: { id: string }) => x.id)).toEqual([second.id, first.id]);
      expect(res.body[0]).toMatchObject({ number: second.number, contact: { phone: '13900001111' } });
    }
    const none = await t.request('GET', '/api/v1/console/callers/13900003333/tickets', { token: operator });
    expect(none.status).toBe(200);
    expect(none.body).toEqual([]);
  });

  it('refuses units, residents and malformed numbers', async () => {
    expect((await t.request('GET', '/api/v1/console/callers/13900001111/tickets', { token: handler })).body.code).toBe('FORBIDDEN');
    expect((await t.request('GET', '/api/v1/console/callers/13900001111/tickets', { token: resident })).body.code).toBe('FORBIDDEN');
    expect((await t.request('GET', '/api/v1/console/callers/13900001111/tickets')).status).toBe(401);
    const bad = await t.request('GET', '/api/v1/console/callers/12ab/tickets', { token: operator });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.details).toEqual([expect.objectContaining({ path: 'phone' })]);
  });

  it('lists province feedback still undelivered after three attempts, or refused', async () => {
    const ticket = await file('省级转办测试诉求内容', '13900004444');
    const row = (seq: number, status: ProvinceOutboxEntity['status'], attempts: number) => ({
      id: newId(),
      eventId: newId(),
      ticketId: ticket.id,
      seq,
      event: 'accepted' as ProvinceOutboxEntity['event'],
      payload: {} as ProvinceOutboxEntity['payload'],
      status,
      attempts,
      nextAttemptAt: new Date(Date.now() + seq * 1000),
      lockedBy: null,
      lockedUntil: null,
      lastError: status === 'sent' ? null : `HTTP 502 (${seq})`,
      sentAt: status === 'sent' ? new Date() : null,
      createdAt: new Date(),
    });
    const rows = [row(1, 'pending', 1), row(2, 'pending', 3), row(3, 'rejected', 1), row(4, 'sent', 5)];
    await t.db.getRepository(ProvinceOutboxEntity).insert(rows);

    const res = await t.request('GET', '/api/v1/console/province/failing-deliveries', { token: supervisor });
    expect(res.status).toBe(200);
    expect(res.body.map((d: { id: string }) => d.id)).toEqual([rows[1]!.id, rows[2]!.id]);
    expect(res.body[0]).toMatchObject({ ticketNumber: ticket.number, attempts: 3, status: 'pending', lastError: 'HTTP 502 (2)' });
    expect((await t.request('GET', '/api/v1/console/province/failing-deliveries', { token: operator })).body.code).toBe('FORBIDDEN');
  });
});
