// The supervisor's desk in real Chromium: a unit's return approved and re-dispatched, an extension approved, an
// overdue ticket urged, an unsatisfied rating reopened, a phone appeal's return visit recorded.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiClient, acceptAndDispatch } from '../../miniprogram/e2e/support/api.mjs';
import { launch, screenshot } from './support/browser.mjs';
import { login, toast } from './support/console.mjs';
import { startApi } from './support/server.mjs';
import { apiAndBrowser } from '../../../scripts/e2e/suite.mjs';

describe('supervisor (console)', () => {
  let page;
  let resident;
  let operator;
  let heating;
  let units;

  const app = apiAndBrowser(startApi, launch, async ({ api, browser }) => {
    page = browser.page;
    resident = await ApiClient.resident(api.baseUrl, `e2e-sup-${Date.now()}`);
    operator = await ApiClient.staff(api.baseUrl, 'operator');
    heating = await ApiClient.staff(api.baseUrl, 'handler.co.heating');
    units = await operator.get('/units');
    await login(page, api.baseUrl, 'supervisor');
  });

  const unitCode = (id) => units.find((u) => u.id === id)?.code;

  async function atHeating(description, { sign = false } = {}) {
    const t = await resident.post('/tickets', { type: 'complaint', description, confidential: false, contact: { phone: '13900007777' } });
    await acceptAndDispatch(app.api.baseUrl, t.id, 'co.heating');
    if (sign) await heating.act(t.id, 'sign');
    return heating.get(`/tickets/${t.id}`);
  }

  /** The row of a ticket in the page's table. */
  const row = (number) => page.locator('tr', { hasText: number });

  async function decide(number, action, fill = async () => {}) {
    await row(number).locator(`[data-action="${action}"]`).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await fill(dialog);
    await page.keyboard.press('Control+Enter');
  }

  it("approves a unit's return and dispatches the ticket again", async () => {
    const t = await atHeating(`楼下自来水管爆裂，不归供热公司管。e2e-r-${Date.now()}`);
    await heating.act(t.id, 'request_return', { reason: '属于供水问题，非我单位职责' });

    await page.goto(`${app.api.baseUrl}/console/supervise/returns`);
    await row(t.number).waitFor();
    await screenshot(page, 'returns');
    await decide(t.number, 'approve_return', async () => page.keyboard.type('同意退回，改派供水公司'));
    await toast(page, '同意退单成功');
    // The dispatch dialog follows at once, for the re-dispatch.
    const dialog = page.getByRole('dialog');
    await dialog.getByText('派单 ·').waitFor();
    await page.keyboard.type('自来水公司');
    await page.keyboard.press('Enter');
    await screenshot(page, 'returns-redispatch');
    await page.keyboard.press('Control+Enter');
    await toast(page, '派单成功');

    const after = await operator.get(`/tickets/${t.id}`);
    assert.equal(after.status, 'dispatched');
    assert.equal(unitCode(after.leadUnitId), 'co.water');
    const events = await operator.get(`/tickets/${t.id}/events`);
    assert.deepEqual(events.map((e) => e.action).slice(-2), ['approve_return', 'dispatch']);
    assert.equal(events.at(-1).details?.previousCategoryId, undefined, 'an unchanged category is not recorded as a correction');
    await row(t.number).waitFor({ state: 'detached' });
  });

  it('approves an extension', async () => {
    const t = await atHeating(`小区供热管网改造需要更换主管道。e2e-x-${Date.now()}`, { sign: true });
    await heating.act(t.id, 'request_extension', { reason: '需要采购管材', days: 5 });
    const before = await operator.get(`/tickets/${t.id}`);

    await page.goto(`${app.api.baseUrl}/console/supervise/extensions`);
    await row(t.number).getByText('5 天').waitFor();
    await screenshot(page, 'extensions');
    await decide(t.number, 'approve_extension');
    await toast(page, '同意延期成功');

    const after = await operator.get(`/tickets/${t.id}`);
    assert.equal(after.pendingExtensionDays, null);
    assert.ok(new Date(after.replyDueAt) > new Date(before.replyDueAt), 'the reply deadline moved later');
  });

  it('urges an overdue ticket, grouped under its unit', async () => {
    const t = await atHeating(`暖气片不热已经一个月了。e2e-o-${Date.now()}`, { sign: true });
    await app.api.makeOverdue(t.id);

    await page.goto(`${app.api.baseUrl}/console/supervise/deadlines`);
    const group = page.getByTestId('unit-group').filter({ hasText: '嘉峪关市供热公司' });
    await group.locator('tr', { hasText: t.number }).waitFor();
    await group.locator('tr', { hasText: t.number }).getByText('已超期').waitFor();
    await group.locator('tr', { hasText: t.number }).locator('input[type=checkbox]').check();
    await screenshot(page, 'deadlines');
    await page.getByTestId('urge-selected').click();
    await page.getByRole('dialog').waitFor();
    // On a loaded machine the urge's request can outlast a toast's wait (CI once timed out here): wait for its answer.
    const urged = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/api/v1/') && r.url().includes('urge'), { timeout: 60_000 });
    await page.getByRole('dialog').getByRole('button', { name: '确定催办' }).click();
    assert.ok((await urged).ok(), 'the urge request failed');
    await toast(page, '已催办 1 件');

    const after = await operator.get(`/tickets/${t.id}`);
    assert.equal(after.urgeCount, 1);
    const events = await operator.get(`/tickets/${t.id}/events`);
    assert.equal(events.at(-1).action, 'urge');
  });

  it('reopens a reply the resident was unsatisfied with', async () => {
    const t = await atHeating(`暖气温度还是不够，答复不解决问题。e2e-u-${Date.now()}`, { sign: true });
    await heating.act(t.id, 'reply', { content: '已派人排气', handlerName: '李师傅', handlerPhone: '13900008888' });
    await resident.act(t.id, 'rate', { satisfaction: 'unsatisfied', resolved: false, comment: '还是不热' });

    await page.goto(`${app.api.baseUrl}/console/supervise/unsatisfied`);
    await row(t.number).getByText('不满意').waitFor();
    await screenshot(page, 'unsatisfied');
    await decide(t.number, 'reopen', async () => page.keyboard.type('群众不满意，请重新上门处理'));
    await toast(page, '重办成功');

    const after = await operator.get(`/tickets/${t.id}`);
    assert.equal(after.status, 'in_progress');
    assert.equal(unitCode(after.leadUnitId), 'co.heating');
  });

  it("records a phone appeal's return visit", async () => {
    const categories = await operator.get('/categories');
    const heatingUnit = units.find((u) => u.code === 'co.heating');
    const category = categories.find((c) => c.defaultUnitId === heatingUnit.id);
    const registered = await operator.post(
      '/tickets',
      { channel: 'phone', type: 'help', categoryId: category.id, description: `来电反映暖气漏水。e2e-v-${Date.now()}`, contact: { name: '赵女士', phone: '13900009999' }, confidential: false, urgent: false },
      { 'Idempotency-Key': `e2e-v-${Date.now()}` },
    );
    await operator.act(registered.id, 'dispatch', { leadUnitId: heatingUnit.id });
    await heating.act(registered.id, 'sign');
    await heating.act(registered.id, 'reply', { content: '已维修完毕', handlerName: '李师傅', handlerPhone: '13900008888' });

    await page.goto(`${app.api.baseUrl}/console/supervise/visits`);
    await row(registered.number).getByText('赵女士').waitFor();
    await screenshot(page, 'visits');
    await decide(registered.number, 'record_visit', async () => {
      await page.keyboard.type('满意');
      await page.keyboard.press('Enter');
    });
    await toast(page, '回访登记成功');

    const after = await operator.get(`/tickets/${registered.id}`);
    assert.equal(after.status, 'closed');
    assert.equal(after.rating.satisfaction, 'satisfied');
  });

  it('shows every supervision page, with its empty or loaded state', async () => {
    const pages = [
      ['supervise/replies', '待办结'],
      ['supervise/province', '省级转办工单'],
      ['supervise/deadlines', '已超期'],
      ['tickets', '诉求查询'],
    ];
    for (const [route, heading] of pages) {
      await page.goto(`${app.api.baseUrl}/console/${route}`);
      await page.getByText(heading).first().waitFor();
      await page.locator('.ant-skeleton').first().waitFor({ state: 'detached' }).catch(() => undefined);
      await screenshot(page, route.replace('/', '-'));
    }
    // The province's deliveries: none failing on a fresh database.
    await page.goto(`${app.api.baseUrl}/console/supervise/province`);
    await page.getByText('反馈均已送达').waitFor();
    // The menu shows the supervisor's areas only.
    const menu = await page.getByRole('menu').innerText();
    assert.match(menu, /退单审核/);
    assert.doesNotMatch(menu, /人员管理|来电登记/);
  });
});
