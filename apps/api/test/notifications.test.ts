import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { OutboxMessageEntity } from '../src/notifications/outbox.entity.js';
import { backoffMs, MAX_ATTEMPTS, NotificationWorker } from '../src/notifications/notification.worker.js';
import { APP_CONFIG } from '../src/config/config.js';
import { BackgroundJobs } from '../src/common/background-jobs.js';
import { WechatClient } from '../src/wechat/wechat.client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('notifications: outbox + WeChat subscribe messages', () => {
  let t: TestApp;
  let operator: string;
  let supervisor: string;
  const unit: Record<string, string> = {};
  let categoryId: string;

  beforeAll(async () => {
    t = await startTestApp();
    operator = (await t.login('operator')).token;
    supervisor = (await t.login('supervisor')).token;
    for (const u of (await t.request('GET', '/api/v1/units', { token: operator })).body) unit[u.code] = u.id;
    categoryId = (await t.request('GET', '/api/v1/categories', { token: operator })).body[0].id;
  });
  afterAll(() => t.close());

  const worker = () => t.app.get(NotificationWorker);
  const outbox = () => t.db.getRepository(OutboxMessageEntity);

  async function residentVia(code: string): Promise<string> {
    const res = await t.request('POST', '/api/v1/auth/wechat', { body: { code } });
    return res.body.token;
  }

  async function step(token: string, id: string, action: string, body: Record<string, unknown> = {}) {
    const { body: current } = await t.request('GET', `/api/v1/tickets/${id}`, { token: operator });
    const res = await t.request('POST', `/api/v1/tickets/${id}/actions/${action}`, { token, body: { version: current.version, ...body } });
    if (res.status !== 200) throw new Error(`${action}: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async function fileAndDispatch(residentToken: string) {
    const created = await t.request('POST', '/api/v1/tickets', {
      token: residentToken,
      body: { type: 'complaint', description: '暖气片冰凉，已经三天了', confidential: false },
    });
    await step(operator, created.body.id, 'accept', { categoryId });
    await step(operator, created.body.id, 'dispatch', { leadUnitId: unit['co.heating'] });
    return created.body.id as string;
  }

  async function drain(now = new Date()) {
    const total = { sent: 0, skipped: 0, retried: 0, failed: 0 };
    for (let i = 0; i < 5; i++) {
      const r = await worker().runOnce(now);
      for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += r[k];
      if (r.sent + r.skipped + r.retried + r.failed === 0) break;
    }
    return total;
  }

  it('tells the resident when the appeal is accepted, dispatched, replied (with the handler) and closed, each once', async () => {
    const resident = await residentVia('ok-notify1');
    const id = await fileAndDispatch(resident);
    const heating = (await t.login('handler.co.heating')).token;
    await step(heating, id, 'sign');
    await step(heating, id, 'reply', { content: '已修复', handlerName: '赵师傅', handlerPhone: '13900000009' });
    await step(resident, id, 'rate', { satisfaction: 'satisfied', resolved: true });
    await drain();
    await drain();
    const mine = t.wechat.deliveries.filter((d) => d.touser === 'wx-notify1');
    expect(mine.map((d) => d.data.phrase2?.value)).toEqual(['已受理', '已派单', '已答复', '已办结']);
    expect(mine.every((d) => d.template_id === 'tmpl-status')).toBe(true);
    expect(mine[2]?.data.thing4?.value).toContain('赵师傅');
    expect(mine[0]?.page).toBe(`appeal/detail/index?id=${id}`);
    const rows = await outbox().findBy({ ticketId: id });
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
  });

  it('tells a resident whose appeal was merged when the surviving ticket is replied and closed, under their own appeal', async () => {
    const owner = await residentVia('ok-notify-owner');
    const neighbour = await residentVia('ok-notify-neighbour');
    const created = await t.request('POST', '/api/v1/tickets', {
      token: owner,
      body: { type: 'complaint', description: '楼道灯坏了一个月没人修', confidential: false },
    });
    const dup = await t.request('POST', '/api/v1/tickets', {
      token: neighbour,
      body: { type: 'complaint', description: '我们楼道的灯一直不亮', confidential: false },
    });
    await step(operator, dup.body.id, 'merge', { intoTicketId: created.body.id });
    await step(operator, created.body.id, 'accept', { categoryId });
    await step(operator, created.body.id, 'dispatch', { leadUnitId: unit['co.heating'] });
    const heating = (await t.login('handler.co.heating')).token;
    await step(heating, created.body.id, 'sign');
    await step(heating, created.body.id, 'reply', { content: '已更换灯泡', handlerName: '钱师傅', handlerPhone: '13900000008' });
    await step(owner, created.body.id, 'rate', { satisfaction: 'satisfied', resolved: true });
    await drain();
    const theirs = t.wechat.deliveries.filter((d) => d.touser === 'wx-notify-neighbour');
    expect(theirs.map((d) => d.data.phrase2?.value)).toEqual(['已答复', '已办结']);
    expect(theirs.map((d) => d.page)).toEqual([`appeal/detail/index?id=${dup.body.id}`, `appeal/detail/index?id=${dup.body.id}`]);
    expect(JSON.stringify(theirs)).not.toContain('钱师傅');
    expect(JSON.stringify(theirs)).not.toContain(created.body.number);
    expect(t.wechat.deliveries.filter((d) => d.touser === 'wx-notify-owner').map((d) => d.data.phrase2?.value)).toEqual([
      '已受理',
      '已派单',
      '已答复',
      '已办结',
    ]);
  });

  it('notifies unit staff who bound WeChat when a ticket is dispatched to them or urged', async () => {
    const heating = (await t.login('handler.co.heating')).token;
    const bound = await t.request('POST', '/api/v1/me/wechat', { token: heating, body: { code: 'ok-heating-staff' } });
    expect(bound.status).toBe(200);
    const resident = await residentVia('ok-notify2');
    const id = await fileAndDispatch(resident);
    await step(supervisor, id, 'urge', { note: '请尽快处理' });
    await drain();
    const staff = t.wechat.deliveries.filter((d) => d.touser === 'wx-heating-staff');
    expect(staff.map((d) => d.data.phrase2?.value)).toEqual(['新派单', '催办']);
    expect(staff.every((d) => d.template_id === 'tmpl-task')).toBe(true);
    // The page a tap opens must be one the mini-program has.
    expect(staff.map((d) => d.page)).toEqual([`staff/ticket/index?id=${id}`, `staff/ticket/index?id=${id}`]);
    expect(existsSync(new URL('../../miniprogram/src/staff/ticket/index.tsx', import.meta.url))).toBe(true);
  });

  it('records 43101 (not subscribed) without retrying', async () => {
    const resident = await residentVia('ok-refuser');
    const created = await t.request('POST', '/api/v1/tickets', {
      token: resident,
      body: { type: 'consultation', description: '请问供暖什么时候开始', confidential: false },
    });
    await step(operator, created.body.id, 'accept', { categoryId });
    const report = await drain();
    expect(report.skipped).toBeGreaterThanOrEqual(1);
    const [row] = await outbox().findBy({ ticketId: created.body.id });
    expect(row).toMatchObject({ status: 'skipped', attempts: 1 });
    expect(row?.lastError).toContain('43101');
    expect((await worker().runOnce(new Date(Date.now() + 3600_000))).skipped).toBe(0);
  });

  it('refreshes the access token once on 40001 and caches it otherwise', async () => {
    const resident = await residentVia('ok-token');
    await drain();
    const before = t.wechat.tokenRequests.length;
    const created = await t.request('POST', '/api/v1/tickets', {
      token: resident,
      body: { type: 'consultation', description: '公交线路调整咨询一下', confidential: false },
    });
    await step(operator, created.body.id, 'accept', { categoryId });
    await drain();
    expect(t.wechat.tokenRequests.length).toBe(before);
    t.wechat.invalidateToken();
    await step(operator, created.body.id, 'reject', { reason: '测试拒绝' });
    await drain();
    expect(t.wechat.tokenRequests.slice(before)).toEqual([{ force_refresh: true }]);
    const rows = await outbox().findBy({ ticketId: created.body.id });
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent']);
  });

  it('retries failures with backoff until WeChat accepts, delivering exactly once', async () => {
    const resident = await residentVia('ok-flaky');
    const created = await t.request('POST', '/api/v1/tickets', {
      token: resident,
      body: { type: 'help', description: '家里停水了，什么时候恢复', confidential: false },
    });
    await drain();
    t.wechat.failNext(3);
    await step(operator, created.body.id, 'accept', { categoryId });
    let now = Date.now();
    expect((await worker().runOnce(new Date(now))).retried).toBe(1);
    // Not due again before its backoff.
    expect((await worker().runOnce(new Date(now + 1000))).retried).toBe(0);
    for (let attempt = 1; attempt <= 3; attempt++) {
      now += backoffMs(attempt) + 1;
      await worker().runOnce(new Date(now));
    }
    const [row] = await outbox().findBy({ ticketId: created.body.id });
    expect(row).toMatchObject({ status: 'sent', attempts: 4 });
    expect(t.wechat.deliveries.filter((d) => d.touser === 'wx-flaky')).toHaveLength(1);
  });

  it('gives up after MAX_ATTEMPTS and marks the message failed', async () => {
    const resident = await residentVia('ok-doomed');
    const created = await t.request('POST', '/api/v1/tickets', {
      token: resident,
      body: { type: 'help', description: '路灯坏了好几天了', confidential: false },
    });
    await drain();
    t.wechat.failNext(MAX_ATTEMPTS);
    await step(operator, created.body.id, 'accept', { categoryId });
    let now = Date.now();
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      await worker().runOnce(new Date(now));
      now += backoffMs(attempt + 1) + 1;
    }
    const [row] = await outbox().findBy({ ticketId: created.body.id });
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
  });

  it('never sends one message twice when two workers run at once, even when WeChat answers slowly', async () => {
    const resident = await residentVia('ok-race');
    const created = await t.request('POST', '/api/v1/tickets', {
      token: resident,
      body: { type: 'help', description: '小区门口井盖松动了', confidential: false },
    });
    await step(operator, created.body.id, 'accept', { categoryId });
    // A second worker with its own identity over the same database, as in another process.
    const second = new NotificationWorker(t.app.get(APP_CONFIG), t.db, t.app.get(WechatClient), t.app.get(BackgroundJobs));
    t.wechat.delaySends(200);
    try {
      await Promise.all([worker().runOnce(), second.runOnce(), worker().runOnce()]);
    } finally {
      t.wechat.delaySends(0);
    }
    expect(t.wechat.deliveries.filter((d) => d.touser === 'wx-race')).toHaveLength(1);
  });

  it('writes no message when the action is refused', async () => {
    const resident = await residentVia('ok-refused-action');
    const created = await t.request('POST', '/api/v1/tickets', {
      token: resident,
      body: { type: 'help', description: '楼上漏水到我家了', confidential: false },
    });
    const before = await outbox().count();
    const res = await t.request('POST', `/api/v1/tickets/${created.body.id}/actions/accept`, { token: operator, body: { version: 99, categoryId } });
    expect(res.status).toBe(409);
    expect(await outbox().count()).toBe(before);
  });
});
