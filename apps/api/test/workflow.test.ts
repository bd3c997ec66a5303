import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TicketEntity, TicketEventEntity } from '../src/database/entities.js';
import { DeadlineScannerService } from '../src/supervision/deadline-scanner.service.js';
import { act, tryAction, startTestApp, type TestApp } from './support/test-app.js';

const appeal = {
  type: 'complaint',
  description: '小区供暖不热，室温只有十二度，老人孩子受不了',
  location: { lat: 39.8023, lng: 98.2901, coordSystem: 'gcj02', address: '雄关区新华中路12号' },
  contact: { name: '王女士', phone: '13800000001' },
  confidential: true,
};

describe('the workflow: 接—转—办—督—评', () => {
  let t: TestApp;
  let resident: string;
  let operator: string;
  let supervisor: string;
  let housing: string; // handler of dept.housing
  let heating: string; // handler of co.heating
  let street: string; // handler of 雄关街道 (620201001)
  let community: string; // handler of 福民社区 (620201001001)
  const unit: Record<string, string> = {};
  let categoryId: string;

  beforeAll(async () => {
    t = await startTestApp();
    resident = (await t.resident('flow-resident')).token;
    operator = (await t.login('operator')).token;
    supervisor = (await t.login('supervisor')).token;
    housing = (await t.login('handler.dept.housing')).token;
    heating = (await t.login('handler.co.heating')).token;
    street = (await t.login('handler.620201001')).token;
    community = (await t.login('handler.620201001001')).token;
    const units = await t.request('GET', '/api/v1/units', { token: operator });
    for (const u of units.body) unit[u.code] = u.id;
    const categories = await t.request('GET', '/api/v1/categories', { token: operator });
    categoryId = categories.body.find((c: { level3: string }) => c.level3 === '冬季采暖').id;
  });
  afterAll(() => t.close());

  async function file(token = resident): Promise<{ id: string; version: number }> {
    const res = await t.request('POST', '/api/v1/tickets', { token, body: appeal });
    expect(res.status).toBe(201);
    return res.body;
  }

  async function dispatched(lead = 'co.heating', cooperating: string[] = []) {
    const ticket = await file();
    await act(t, operator, ticket.id, 'accept', { categoryId });
    await act(t, operator, ticket.id, 'dispatch', { leadUnitId: unit[lead], cooperatingUnitIds: cooperating.map((c) => unit[c]) });
    return ticket.id;
  }

  const reply = { content: '已派维修人员排查管网，室温恢复到20度', handlerName: '李师傅', handlerPhone: '13900000002' };

  async function snapshot(id: string) {
    const row = await t.db.getRepository(TicketEntity).findOneByOrFail({ id });
    const events = await t.db.getRepository(TicketEventEntity).countBy({ ticketId: id });
    return { row, events };
  }

  it('walks submit → accept → dispatch → sign → reply → rate satisfied → closed', async () => {
    const ticket = await file();
    const accepted = await act(t, operator, ticket.id, 'accept', { categoryId, type: 'complaint' });
    expect(accepted).toMatchObject({ status: 'accepted', version: 2, categoryId });

    const d = await act(t, operator, ticket.id, 'dispatch', { leadUnitId: unit['co.heating'], cooperatingUnitIds: [unit['dept.housing']] });
    expect(d).toMatchObject({ status: 'dispatched', leadUnitId: unit['co.heating'], cooperatingUnitIds: [unit['dept.housing']] });
    expect(new Date(d.signDueAt).getTime()).toBeGreaterThan(new Date(d.dispatchedAt).getTime());
    // 冬季采暖 replies within 1 working day (category override), so before 15 working days would be.
    expect(new Date(d.replyDueAt).getTime()).toBeGreaterThan(new Date(d.signDueAt).getTime());

    // The lead unit handles; the cooperating unit sees but may not act; another unit does not even see it.
    expect((await t.request('GET', `/api/v1/tickets/${ticket.id}`, { token: housing })).body.actions).toEqual([]);
    expect((await tryAction(t, housing, ticket.id, 'sign')).status).toBe(403);
    expect((await tryAction(t, street, ticket.id, 'sign')).status).toBe(404);
    // The unit sees a confidential caller's contact masked.
    const atUnit = await t.request('GET', `/api/v1/tickets/${ticket.id}`, { token: heating });
    expect(atUnit.body.contact).toEqual({ name: '王**', phone: '138****0001' });
    expect(atUnit.body.actions).toEqual(expect.arrayContaining(['sign', 'request_return']));

    const signed = await act(t, heating, ticket.id, 'sign');
    expect(signed.status).toBe('in_progress');
    expect(signed.signedAt).not.toBeNull();
    const replied = await act(t, heating, ticket.id, 'reply', reply);
    expect(replied.status).toBe('replied');
    expect(replied.reply).toMatchObject({ content: reply.content, handlerName: '李师傅', handlerPhone: '13900000002' });

    const mine = await t.request('GET', `/api/v1/tickets/${ticket.id}`, { token: resident });
    expect(mine.body.actions).toEqual(['supplement', 'rate']);
    const closed = await act(t, resident, ticket.id, 'rate', { satisfaction: 'satisfied', resolved: true, comment: '很及时' });
    expect(closed).toMatchObject({ status: 'closed', rating: { satisfaction: 'satisfied', resolved: true } });

    const row = await t.db.getRepository(TicketEntity).findOneByOrFail({ id: ticket.id });
    expect(row.signMinutes).toEqual(expect.any(Number));
    expect(row.replyMinutes).toEqual(expect.any(Number));
    expect(row.signOnTime).toBe(true);
    expect(row.replyOnTime).toBe(true);

    const staffView = await t.request('GET', `/api/v1/tickets/${ticket.id}/events`, { token: supervisor });
    expect(staffView.body.map((e: { action: string }) => e.action)).toEqual(['submit', 'accept', 'dispatch', 'sign', 'reply', 'rate']);
    expect(staffView.body[2]).toMatchObject({ fromStatus: 'accepted', toStatus: 'dispatched', actorRole: 'operator' });
    const publicView = await t.request('GET', `/api/v1/tickets/${ticket.id}/events`, { token: resident });
    const replyEvent = publicView.body.find((e: { action: string }) => e.action === 'reply');
    expect(replyEvent.details).toEqual({ handlerName: '李师傅', handlerPhone: '13900000002' });
  });

  it('reopens an unsatisfied reply to the lead unit, which replies again, then closes', async () => {
    const id = await dispatched();
    await act(t, heating, id, 'sign');
    await act(t, heating, id, 'reply', reply);
    const rated = await act(t, resident, id, 'rate', { satisfaction: 'unsatisfied', resolved: false, comment: '还是不热' });
    expect(rated.status).toBe('replied');
    const reopened = await act(t, supervisor, id, 'reopen', { note: '群众不满意，请重新核查' });
    expect(reopened).toMatchObject({ status: 'in_progress', leadUnitId: unit['co.heating'] });
    const again = await act(t, heating, id, 'reply', { ...reply, content: '更换了单元阀门，已入户测温22度' });
    expect(again.rating).toBeNull();
    const closed = await act(t, resident, id, 'rate', { satisfaction: 'basically_satisfied', resolved: true });
    expect(closed.status).toBe('closed');
    // A satisfied reply cannot be reopened.
    expect((await tryAction(t, supervisor, id, 'reopen', { note: 'x' })).body.code).toBe('INVALID_TRANSITION');
  });

  it('returns a ticket: the unit asks, the centre approves, the operator re-dispatches; the old unit loses it', async () => {
    const id = await dispatched('dept.housing');
    const asked = await act(t, housing, id, 'request_return', { reason: '供暖问题应由供热公司处理' });
    expect(asked.status).toBe('return_requested');
    const approved = await act(t, supervisor, id, 'approve_return', { note: '同意' });
    expect(approved).toMatchObject({ status: 'accepted', leadUnitId: null, replyDueAt: null });
    expect((await t.request('GET', `/api/v1/tickets/${id}`, { token: housing })).status).toBe(404);
    const again = await act(t, operator, id, 'dispatch', { leadUnitId: unit['co.heating'] });
    expect(again.status).toBe('dispatched');
    expect((await t.request('GET', `/api/v1/tickets/${id}`, { token: heating })).status).toBe(200);
  });

  it('refuses a return: the ticket goes back to where it was', async () => {
    const id = await dispatched();
    await act(t, heating, id, 'sign');
    await act(t, heating, id, 'request_return', { reason: '不属于本单位' });
    const refused = await act(t, supervisor, id, 'refuse_return', { note: '属于供热范围，请继续办理' });
    expect(refused.status).toBe('in_progress');
  });

  it('extends the reply deadline when the centre approves an extension', async () => {
    const id = await dispatched();
    const signed = await act(t, heating, id, 'sign');
    const asked = await act(t, heating, id, 'request_extension', { reason: '需更换主管道', days: 3 });
    expect(asked.pendingExtensionDays).toBe(3);
    expect((await tryAction(t, heating, id, 'request_extension', { reason: '再延', days: 1 })).body.code).toBe('INVALID_TRANSITION');
    const approved = await act(t, supervisor, id, 'approve_extension', {});
    expect(approved.pendingExtensionDays).toBeNull();
    expect(new Date(approved.replyDueAt).getTime()).toBeGreaterThan(new Date(signed.replyDueAt).getTime());
    await act(t, heating, id, 'request_extension', { reason: '再延两天', days: 2 });
    const refused = await act(t, supervisor, id, 'refuse_extension', { note: '不予延期' });
    expect(refused.replyDueAt).toBe(approved.replyDueAt);
  });

  it('lets a unit pass a ticket down to its own sub-unit only', async () => {
    const ticket = await file();
    await act(t, operator, ticket.id, 'accept', { categoryId });
    await act(t, operator, ticket.id, 'dispatch', { leadUnitId: unit['620201001'] });
    await act(t, street, ticket.id, 'sign');
    expect((await t.request('GET', `/api/v1/tickets/${ticket.id}`, { token: community })).status).toBe(404);
    const wrong = await tryAction(t, street, ticket.id, 'pass_down', { unitId: unit['co.heating'] });
    expect([wrong.status, wrong.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const passed = await act(t, street, ticket.id, 'pass_down', { unitId: unit['620201001001'], note: '请社区入户核实' });
    expect(passed.assignedUnitId).toBe(unit['620201001001']);
    const seen = await t.request('GET', `/api/v1/tickets/${ticket.id}`, { token: community });
    expect(seen.status).toBe(200);
    expect(seen.body.actions).toContain('reply');
    expect((await act(t, community, ticket.id, 'reply', reply)).status).toBe('replied');
  });

  it('urges, and answers at intake, reject and withdraw', async () => {
    const id = await dispatched();
    const urged = await act(t, supervisor, id, 'urge', { note: '请加快办理' });
    expect(urged.urgeCount).toBe(1);

    const asked = await file();
    const answered = await act(t, operator, asked.id, 'answer', { content: '供暖时间为每年10月15日至次年4月15日' });
    expect(answered).toMatchObject({ status: 'replied', reply: { handlerName: '12345热线' } });
    expect((await act(t, resident, asked.id, 'rate', { satisfaction: 'satisfied', resolved: true })).status).toBe('closed');

    const outOfScope = await file();
    const rejected = await act(t, operator, outOfScope.id, 'reject', { reason: '属于司法诉讼程序，请通过法院解决' });
    expect(rejected).toMatchObject({ status: 'rejected', rejectReason: '属于司法诉讼程序，请通过法院解决' });

    const mistaken = await file();
    expect((await act(t, resident, mistaken.id, 'withdraw', { reason: '已自行解决' })).status).toBe('withdrawn');
    const late = await dispatched();
    expect((await tryAction(t, resident, late, 'withdraw')).body.code).toBe('INVALID_TRANSITION');
  });

  it('merges a duplicate into a surviving ticket, which its resident then follows', async () => {
    const survivor = await file();
    const other = (await t.resident('neighbour')).token;
    const dup = await file(other);
    const merged = await act(t, operator, dup.id, 'merge', { intoTicketId: survivor.id });
    expect(merged).toMatchObject({ status: 'merged', mergedIntoId: survivor.id });
    expect((await t.request('GET', `/api/v1/tickets/${survivor.id}`, { token: other })).status).toBe(200);
    expect((await tryAction(t, operator, survivor.id, 'merge', { intoTicketId: survivor.id })).status).toBe(400);
  });

  it('registers a phone appeal (accepted at once) and records the return visit', async () => {
    const res = await t.request('POST', '/api/v1/tickets', {
      token: operator,
      body: { ...appeal, channel: 'phone', categoryId, urgent: true },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'accepted', channel: 'phone', urgent: true });
    const d = await act(t, operator, res.body.id, 'dispatch', { leadUnitId: unit['co.heating'] });
    // Urgent appeals are due the same working day.
    expect(new Date(d.replyDueAt).getTime() - new Date(d.dispatchedAt).getTime()).toBeLessThanOrEqual(3 * 24 * 3600_000);
    await act(t, heating, res.body.id, 'sign');
    await act(t, heating, res.body.id, 'reply', reply);
    const visited = await act(t, operator, res.body.id, 'record_visit', { satisfaction: 'satisfied', resolved: true, comment: '电话回访满意' });
    expect(visited.status).toBe('closed');
  });

  it('refuses a stale version with 409 VERSION_CONFLICT and writes nothing', async () => {
    const ticket = await file();
    await act(t, operator, ticket.id, 'accept', { categoryId });
    const before = await snapshot(ticket.id);
    const res = await t.request('POST', `/api/v1/tickets/${ticket.id}/actions/dispatch`, {
      token: operator,
      body: { version: 1, leadUnitId: unit['co.heating'] },
    });
    expect([res.status, res.body.code]).toEqual([409, 'VERSION_CONFLICT']);
    expect(await snapshot(ticket.id)).toEqual(before);
  });

  it('refuses an action not allowed from the current status with 409 INVALID_TRANSITION and writes nothing', async () => {
    const ticket = await file();
    const before = await snapshot(ticket.id);
    const res = await tryAction(t, operator, ticket.id, 'dispatch', { leadUnitId: unit['co.heating'] });
    expect([res.status, res.body.code]).toEqual([409, 'INVALID_TRANSITION']);
    expect(await snapshot(ticket.id)).toEqual(before);
  });

  it('lets exactly one of two concurrent signs win', async () => {
    const id = await dispatched();
    const { body } = await t.request('GET', `/api/v1/tickets/${id}`, { token: heating });
    const results = await Promise.all(
      [1, 2].map(() => t.request('POST', `/api/v1/tickets/${id}/actions/sign`, { token: heating, body: { version: body.version } })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)?.body.code).toBe('VERSION_CONFLICT');
    const signs = await t.db.getRepository(TicketEventEntity).countBy({ ticketId: id, action: 'sign' });
    expect(signs).toBe(1);
  });

  it('replays an action retried with the same Idempotency-Key instead of failing on the version', async () => {
    const id = await dispatched();
    const { body } = await t.request('GET', `/api/v1/tickets/${id}`, { token: heating });
    const headers = { 'idempotency-key': `sign-${id}` };
    const first = await t.request('POST', `/api/v1/tickets/${id}/actions/sign`, { token: heating, body: { version: body.version }, headers });
    const retry = await t.request('POST', `/api/v1/tickets/${id}/actions/sign`, { token: heating, body: { version: body.version }, headers });
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
  });

  describe('every role against every action, on a ticket in and out of its scope', () => {
    const actions = [
      'withdraw', 'supplement', 'rate', 'accept', 'answer', 'reject', 'dispatch', 'merge', 'sign', 'pass_down',
      'request_return', 'request_extension', 'reply', 'approve_return', 'refuse_return', 'approve_extension',
      'refuse_extension', 'urge', 'reopen', 'close', 'record_visit', 'auto_close',
    ];
    const allowed: Record<string, string[]> = {
      resident: ['withdraw', 'supplement', 'rate'],
      operator: ['accept', 'answer', 'reject', 'dispatch', 'merge', 'record_visit'],
      supervisor: ['dispatch', 'merge', 'approve_return', 'refuse_return', 'approve_extension', 'refuse_extension', 'urge', 'reopen', 'close', 'record_visit'],
      handler: ['sign', 'pass_down', 'request_return', 'request_extension', 'reply'],
      admin: [],
    };

    it('refuses what the role may not do (403 in scope, 404 out of scope) and writes nothing', async () => {
      const inScope = await dispatched('co.heating');
      const outOfScope = await dispatched('dept.housing');
      const stranger = (await t.resident('stranger')).token;
      const admin = (await t.login('admin')).token;
      const tokens: Record<string, { token: string; sees: string; blind: string }> = {
        resident: { token: resident, sees: inScope, blind: '' },
        operator: { token: operator, sees: inScope, blind: '' },
        supervisor: { token: supervisor, sees: inScope, blind: '' },
        admin: { token: admin, sees: inScope, blind: '' },
        handler: { token: heating, sees: inScope, blind: outOfScope },
      };
      const before = { in: await snapshot(inScope), out: await snapshot(outOfScope) };
      for (const [role, { token, sees, blind }] of Object.entries(tokens)) {
        for (const action of actions) {
          if (!allowed[role]?.includes(action)) {
            const res = await tryAction(t, token, sees, action);
            expect([role, action, res.status, res.body.code]).toEqual([role, action, 403, 'FORBIDDEN']);
          }
          if (blind) {
            const res = await tryAction(t, token, blind, action);
            expect([role, action, res.status, res.body.code]).toEqual([role, action, 404, 'TICKET_NOT_FOUND']);
          }
        }
      }
      // Another resident does not see this resident's ticket at all.
      for (const action of actions) {
        const res = await tryAction(t, stranger, inScope, action);
        expect([action, res.status]).toEqual([action, 404]);
      }
      expect({ in: await snapshot(inScope), out: await snapshot(outOfScope) }).toEqual(before);
    });
  });

  describe('supervision', () => {
    it('flags due-soon and overdue tickets, urges once per working day, and auto-closes unrated replies', async () => {
      const id = await dispatched();
      const scanner = t.app.get(DeadlineScannerService);
      const row = await t.db.getRepository(TicketEntity).findOneByOrFail({ id });
      const due = new Date(row.replyDueAt as Date);

      const nearly = await scanner.scanOnce(new Date(due.getTime() - 60_000));
      expect(nearly.dueSoon).toBeGreaterThanOrEqual(1);
      const later = new Date(due.getTime() + 3600_000);
      const first = await scanner.scanOnce(later);
      expect(first.overdue).toBeGreaterThanOrEqual(1);
      const flagged = await t.db.getRepository(TicketEntity).findOneByOrFail({ id });
      expect(flagged.overdueAt).not.toBeNull();
      // Scanning again the same day urges nobody twice.
      await scanner.scanOnce(new Date(later.getTime() + 60_000));
      expect((await t.db.getRepository(TicketEntity).findOneByOrFail({ id })).urgeCount).toBe(flagged.urgeCount);

      // A reply left unrated closes after AUTO_CLOSE_DAYS.
      await act(t, heating, id, 'sign');
      await act(t, heating, id, 'reply', reply);
      const report = await scanner.scanOnce(new Date(Date.now() + 8 * 24 * 3600_000));
      expect(report.autoClosed).toBeGreaterThanOrEqual(1);
      const closed = await t.db.getRepository(TicketEntity).findOneByOrFail({ id });
      expect(closed.status).toBe('closed');
      const events = await t.request('GET', `/api/v1/tickets/${id}/events`, { token: supervisor });
      expect(events.body.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['flag_due_soon', 'flag_overdue', 'auto_close']));
    });
  });
});
