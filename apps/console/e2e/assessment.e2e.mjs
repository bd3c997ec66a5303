// 考—评 in real Chromium: a supervisor reads the period's three rates, opens the tickets behind one figure,
// exports the table, publishes the period's bulletin and opens its frozen figures.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiClient, acceptAndDispatch } from '../../miniprogram/e2e/support/api.mjs';
import { launch, screenshot } from './support/browser.mjs';
import { login, toast } from './support/console.mjs';
import { startApi } from './support/server.mjs';

describe('assessment (console)', () => {
  let api;
  let browser;
  let page;
  let supervisor;
  let ticket;
  let heatingName;

  before(async () => {
    api = await startApi();
    browser = await launch();
    page = browser.page;
    const resident = await ApiClient.resident(api.baseUrl, `e2e-assess-${Date.now()}`);
    const heating = await ApiClient.staff(api.baseUrl, 'handler.co.heating');
    supervisor = await ApiClient.staff(api.baseUrl, 'supervisor');
    heatingName = (await supervisor.get('/units')).find((u) => u.code === 'co.heating').name;
    // One ticket dispatched, signed and replied, so the heating company has figures this period.
    const t = await resident.post('/tickets', { type: 'complaint', description: `暖气片不热，室温只有十二度。e2e-a-${Date.now()}`, confidential: false, contact: { phone: '13900007777' } });
    await acceptAndDispatch(api.baseUrl, t.id, 'co.heating');
    await heating.act(t.id, 'sign');
    await heating.act(t.id, 'reply', { content: '已派人排气，温度恢复', handlerName: '李师傅', handlerPhone: '13900008888' });
    ticket = await supervisor.get(`/tickets/${t.id}`);
    await login(page, api.baseUrl, 'supervisor');
  });

  after(async () => {
    await browser?.close();
    await api?.stop();
  });

  const unitRow = () => page.getByTestId('rates-table').locator('tr', { hasText: heatingName }).first();

  it("shows the units' rates and opens the tickets behind a figure", async () => {
    await page.getByRole('menuitem', { name: '三率考核' }).click();
    await page.waitForURL(/\/console\/assessment\/rates$/);
    const row = unitRow();
    await row.waitFor();
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const live = await supervisor.get(`/assessment/rates/units?period=xun&date=${today}`);
    const figures = live.rows.find((r) => r.name === heatingName).response;
    assert.ok(figures.total >= 1 && figures.signedOnTime >= 1);
    assert.equal((await row.getByTestId('figure-response').innerText()).replace(/\s/g, ''), `${(figures.rate * 100).toFixed(1)}%${figures.signedOnTime}/${figures.total}`);
    await page.getByTestId('rates-table').locator('tr', { hasText: '全市合计' }).waitFor();
    await screenshot(page, 'assessment-rates');

    await row.getByTestId('figure-response').click();
    const drawer = page.locator('.ant-drawer');
    const link = drawer.getByRole('link', { name: ticket.number });
    await link.waitFor();
    await screenshot(page, 'assessment-drilldown');
    await link.click();
    await page.waitForURL(new RegExp(`/console/tickets/${ticket.id}$`));
    // The ticket page has rendered (not only the URL changed), so going back mounts the rates page afresh.
    assert.equal(await page.getByTestId('ticket-number').innerText(), ticket.number);
    await page.goBack();
    await unitRow().waitFor();
    assert.equal(await page.locator('.ant-drawer-open').count(), 0);
  });

  it('exports the table as XLSX with the bearer token', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).click()]);
    assert.match(download.suggestedFilename(), /三率.*\.xlsx$/);
  });

  it("publishes the period's bulletin and opens its frozen figures", async () => {
    await page.getByRole('menuitem', { name: '通报' }).click();
    await page.waitForURL(/\/console\/assessment\/bulletins$/);
    await page.getByTestId('publish-bulletin').click();
    await page.getByRole('button', { name: '确定发布' }).click();
    await toast(page, '已发布');
    const published = await supervisor.get('/assessment/bulletins');
    assert.equal(published.length, 1);
    assert.equal(published[0].kind, 'xun');
    // Publishing opens the bulletin; close it and open it again from the list.
    await page.locator('.ant-modal', { hasText: '统计期' }).waitFor();
    await page.locator('.ant-modal', { hasText: '统计期' }).locator('.ant-modal-close').click();
    await page.locator('.ant-modal', { hasText: '统计期' }).waitFor({ state: 'detached' });
    await page.getByTestId('bulletins').getByRole('button', { name: published[0].title }).click();
    const modal = page.locator('.ant-modal', { hasText: '统计期' });
    const row = modal.locator('tr', { hasText: heatingName }).first();
    await row.waitFor();
    const frozen = (await supervisor.get(`/assessment/bulletins/${published[0].id}`)).figures.units.find((r) => r.name === heatingName).response;
    assert.equal((await row.getByTestId('figure-response').innerText()).replace(/\s/g, ''), `${(frozen.rate * 100).toFixed(1)}%${frozen.signedOnTime}/${frozen.total}`);
    await screenshot(page, 'assessment-bulletin');
    await row.getByTestId('figure-response').click();
    await page.locator('.ant-drawer').getByRole('link', { name: ticket.number }).waitFor();
  });
});
