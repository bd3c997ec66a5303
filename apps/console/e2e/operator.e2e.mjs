// The operator's desk in real Chromium: a phone call registered, classified and dispatched from the keyboard
// only; the 待受理 queue (oldest first, waiting time) and a resident's appeal accepted and dispatched from its page.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiClient } from '../../miniprogram/e2e/support/api.mjs';
import { startApi } from './support/server.mjs';
import { launch, screenshot } from './support/browser.mjs';
import { act, login, toast } from './support/console.mjs';
import { apiAndBrowser } from '../../../scripts/e2e/suite.mjs';

describe('operator (console)', () => {
  let page;
  let operator;

  const app = apiAndBrowser(startApi, launch, async ({ api, browser }) => {
    page = browser.page;
    operator = await ApiClient.staff(api.baseUrl, 'operator');
  });

  it('registers a phone call, classifies and dispatches it without the mouse', async () => {
    const caller = '13900001234';
    // The caller has called before: their earlier appeal shows up when the number is typed.
    const resident = await ApiClient.resident(app.api.baseUrl, `e2e-console-${Date.now()}`);
    const earlier = await resident.post('/tickets', { type: 'help', description: '小区门口垃圾桶满了没人清理', confidential: false, contact: { phone: caller } });

    await login(page, app.api.baseUrl, 'operator', '/console/intake', 'login');
    await page.waitForURL(/\/console\/intake/);
    await page.getByTestId('shortcuts').waitFor();

    await page.keyboard.press('Alt+N');
    await page.keyboard.type(caller);
    await page.getByTestId('caller-history').getByText(earlier.number).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.type('张先生');
    await page.keyboard.press('Alt+D');
    const marker = `e2e-call-${Date.now()}`;
    await page.keyboard.type(`家里暖气一直不热，室温只有十二度，老人孩子受不了。${marker}`);
    await page.keyboard.press('Alt+C');
    await page.keyboard.type('冬季采暖');
    await page.keyboard.press('Enter');
    await screenshot(page, 'intake-filled');
    await page.keyboard.press('Control+Enter');

    const step = page.getByTestId('dispatch-step');
    await step.waitFor();
    // The lead unit is pre-filled from the category; the operator types another one to show the search works.
    await page.keyboard.type('供热公司');
    await page.keyboard.press('Enter');
    await screenshot(page, 'intake-dispatch');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('next-call').waitFor();
    await screenshot(page, 'intake-done');

    const [ticket] = (await operator.get(`/tickets?channel=phone&q=${marker}&limit=5`)).items;
    assert.ok(ticket, 'the call was registered');
    assert.equal(ticket.status, 'dispatched');
    assert.equal(ticket.channel, 'phone');
    assert.equal(ticket.contact.phone, caller);
    assert.equal(ticket.contact.name, '张先生');
    const units = await operator.get('/units');
    assert.equal(units.find((u) => u.id === ticket.leadUnitId)?.code, 'co.heating');
    const categories = await operator.get('/categories');
    assert.match(categories.find((c) => c.id === ticket.categoryId)?.level3 ?? '', /冬季采暖/);

    // Alt+N starts the next call with an empty form.
    await page.keyboard.press('Alt+N');
    assert.equal(await page.getByLabel('来电号码').inputValue(), '');
  });

  it('shows the 待受理 queue oldest first and accepts and dispatches an appeal from its page', async () => {
    const resident = await ApiClient.resident(app.api.baseUrl, `e2e-queue-${Date.now()}`);
    const marker = `e2e-q-${Date.now()}`;
    const ticket = await resident.post('/tickets', {
      type: 'complaint',
      description: `路灯不亮，晚上走路很危险。${marker}`,
      confidential: false,
      contact: { phone: '13900005678' },
      location: { lat: 39.79, lng: 98.28, coordSystem: 'gcj02', address: '雄关街道某小区' },
    });

    await page.goto(`${app.api.baseUrl}/console/queue`);
    const row = page.locator('tr', { hasText: ticket.number });
    await row.waitFor();
    const numbers = await page.locator('tbody tr td:first-child a').allTextContents();
    assert.equal(numbers.at(-1)?.replace('急', ''), ticket.number, 'the newest appeal is last');
    assert.match(await row.textContent(), /分钟/);
    await screenshot(page, 'queue');

    await row.getByRole('link').click();
    await page.getByTestId('ticket-number').waitFor();
    await page.getByTestId('map-marker').waitFor();
    await act(page, 'accept', async () => {
      await page.keyboard.type('城市公共设施');
      await page.keyboard.press('Enter');
    });
    await toast(page, '受理成功');
    const accepted = await operator.get(`/tickets/${ticket.id}`);
    await act(page, 'dispatch', async (dialog) => {
      await page.keyboard.type('雄关街道');
      await page.keyboard.press('Enter');
      // The operator sees the appeal was misfiled and corrects the category as they dispatch it.
      await dialog.getByLabel('诉求分类（分错了可在此更正）').click();
      await page.keyboard.type('冬季采暖');
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '冬季采暖' }).click();
    });
    await toast(page, '派单成功');
    await page.getByTestId('ticket-status').getByText('已派单').waitFor();
    await page.getByTestId('timeline').getByText('派单').first().waitFor();
    // The timeline says the category was corrected, from what to what.
    const correction = await page.getByTestId('category-correction').textContent();
    assert.match(correction, /^分类更正：.+ → .+冬季采暖$/);
    await screenshot(page, 'ticket-dispatched');
    const after = await operator.get(`/tickets/${ticket.id}`);
    assert.equal(after.status, 'dispatched');
    const heating = (await operator.get('/categories')).find((c) => c.level3 === '冬季采暖');
    assert.equal(after.categoryId, heating.id, 'the corrected category');
    const dispatched = (await operator.get(`/tickets/${ticket.id}/events`)).find((e) => e.action === 'dispatch');
    assert.equal(dispatched.details?.previousCategoryId, accepted.categoryId, 'the correction is recorded for training');
  });

  it('reloads the ticket and says so when someone else acted first (409)', async () => {
    const resident = await ApiClient.resident(app.api.baseUrl, `e2e-race-${Date.now()}`);
    const t = await resident.post('/tickets', { type: 'help', description: `井盖松动，车辆经过声音很大。e2e-race-${Date.now()}`, confidential: false });
    const categories = await operator.get('/categories');
    await operator.act(t.id, 'accept', { categoryId: categories[0].id });

    await page.goto(`${app.api.baseUrl}/console/tickets/${t.id}`);
    await page.locator('[data-action="dispatch"]').waitFor();
    // Meanwhile the resident adds to the appeal: the version the page holds is now stale.
    await resident.act(t.id, 'supplement', { text: '补充：井盖在路口东侧' });
    await page.locator('[data-action="dispatch"]').click();
    await page.getByRole('dialog').waitFor();
    await page.keyboard.type('城市管理');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+Enter');
    await toast(page, '已被他人处理');
    await toast(page, '刚刚有人进行了「补充材料」');
    await screenshot(page, 'ticket-conflict');
    const after = await operator.get(`/tickets/${t.id}`);
    assert.equal(after.status, 'accepted', 'the stale dispatch wrote nothing');
    await page.getByTestId('timeline').getByText('补充材料').waitFor();
  });

  it('sends an expired session to the login and back to the page it was on', async () => {
    await page.goto(`${app.api.baseUrl}/console/tickets`);
    await page.locator('tbody tr').first().waitFor();
    await page.evaluate(() => {
      const key = 'jyg12345.console.session';
      const s = JSON.parse(sessionStorage.getItem(key));
      sessionStorage.setItem(key, JSON.stringify({ ...s, token: 'expired.token.value' }));
    });
    await page.goto(`${app.api.baseUrl}/console/queue`);
    await page.waitForURL(/\/console\/login\?from=%2Fqueue/);
    await page.getByText('登录已过期').waitFor();
    await screenshot(page, 'login-expired');
    await page.getByLabel('用户名').fill('operator');
    await page.getByLabel('密码').fill(process.env.DEMO_PASSWORD ?? 'Demo@12345');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/console\/queue$/);
  });

  it("keeps each role to its own pages, and unit handlers to their unit's monthly topics", async () => {
    await page.goto(`${app.api.baseUrl}/console/admin/staff`);
    await page.getByText('没有权限').waitFor();
    const menu = await page.getByRole('menu').innerText();
    assert.match(menu, /待受理/);
    assert.doesNotMatch(menu, /人员管理|退单审核/);
    await screenshot(page, 'forbidden');

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/console\/login/);
    await page.getByLabel('用户名').fill('handler.co.heating');
    await page.getByLabel('密码').fill(process.env.DEMO_PASSWORD ?? 'Demo@12345');
    await page.getByRole('button', { name: '登录' }).click();
    // handlers work tickets in the mini-program; in the console they see only 每月一题 (the page the operator left
    // is not theirs)
    await page.waitForURL(/\/console\/admin\/staff$/);
    await page.getByText('没有权限').waitFor();
    assert.equal((await page.getByRole('menu').innerText()).replace(/\s+/g, ' ').trim(), '未诉先办 每月一题');
    await page.goto(`${app.api.baseUrl}/console/`);
    await page.waitForURL(/\/console\/proactive\/topics$/);
  });
});
