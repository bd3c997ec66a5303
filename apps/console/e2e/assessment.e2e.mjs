// 考—评 in real Chromium: a supervisor reads the period's three rates, opens the tickets behind one figure,
// changes the period (month, any range), sorts and filters the units (empty ones hidden, sub-units counted in),
// switches to categories, communities and community × category (their figures open their tickets too; the last comes
// compact from the API, each name once), exports the table, publishes the
// period's bulletin, opens its frozen figures, and corrects it: the new version shows what changed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiClient, acceptAndDispatch } from '../../miniprogram/e2e/support/api.mjs';
import { launch, screenshot } from './support/browser.mjs';
import { login, toast } from './support/console.mjs';
import { startApi } from './support/server.mjs';
import { apiAndBrowser } from '../../../scripts/e2e/suite.mjs';

describe('assessment (console)', () => {
  let page;
  let supervisor;
  let ticket;
  let heatingName;
  let streetName;
  let heating;
  let communityTicket;

  const app = apiAndBrowser(startApi, launch, async ({ api, browser }) => {
    page = browser.page;
    const resident = await ApiClient.resident(api.baseUrl, `e2e-assess-${Date.now()}`);
    heating = await ApiClient.staff(api.baseUrl, 'handler.co.heating');
    supervisor = await ApiClient.staff(api.baseUrl, 'supervisor');
    const units = await supervisor.get('/units');
    heatingName = units.find((u) => u.code === 'co.heating').name;
    streetName = units.find((u) => u.code === '620201001').name;
    // One ticket dispatched, signed and replied, so the heating company has figures this period.
    const t = await resident.post('/tickets', { type: 'complaint', description: `暖气片不热，室温只有十二度。e2e-a-${Date.now()}`, confidential: false, contact: { phone: '13900007777' } });
    await acceptAndDispatch(api.baseUrl, t.id, 'co.heating');
    await heating.act(t.id, 'sign');
    await heating.act(t.id, 'reply', { content: '已派人排气，温度恢复', handlerName: '李师傅', handlerPhone: '13900008888' });
    ticket = await supervisor.get(`/tickets/${t.id}`);
    // One dispatched straight to a community: its street counts it only with its sub-units.
    const community = await ApiClient.staff(api.baseUrl, 'handler.620201001001');
    const c = await resident.post('/tickets', { type: 'complaint', description: `楼道灯坏了一个月没人修。e2e-c-${Date.now()}`, confidential: false, contact: { phone: '13900007777' } });
    await acceptAndDispatch(api.baseUrl, c.id, '620201001001');
    await community.act(c.id, 'sign');
    communityTicket = await supervisor.get(`/tickets/${c.id}`);
    await login(page, api.baseUrl, 'supervisor');
  });

  const unitRow = () => page.getByTestId('rates-table').locator('tr', { hasText: heatingName }).first();
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const figureText = (f) => `${(f.rate * 100).toFixed(1)}%${f.signedOnTime}/${f.total}`;
  const text = async (locator) => (await locator.innerText()).replace(/\s/g, '');
  const periodLabel = (label) => page.waitForFunction((l) => document.querySelector('[data-testid="period-label"]')?.textContent === l, label);
  const hasItems = (r) => r.response.total + r.completion.total + r.satisfaction.total + r.unratedAutoClosed + r.answeredAtIntake > 0;

  it("shows the units' rates and opens the tickets behind a figure", async () => {
    await page.getByRole('menuitem', { name: '三率考核' }).click();
    await page.waitForURL(/\/console\/assessment\/rates$/);
    const row = unitRow();
    await row.waitFor();
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

  it('changes the period: a month, then any range of days', async () => {
    await page.getByTestId('period-kind').getByText('月', { exact: true }).click();
    const month = await supervisor.get(`/assessment/rates/units?period=month&date=${today}`);
    await periodLabel(month.period.label);
    assert.equal(await text(unitRow().getByTestId('figure-response')), figureText(month.rows.find((r) => r.name === heatingName).response));
    await page.getByTestId('period-kind').getByText('自定义').click();
    const from = new Date(Date.parse(today) - 2 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('开始日期').fill(from);
    await page.getByLabel('结束日期').fill(today);
    const range = await supervisor.get(`/assessment/rates/units?period=range&date=${from}&to=${today}`);
    await periodLabel(range.period.label);
    await screenshot(page, 'assessment-range');
    await page.getByTestId('period-kind').getByText('旬', { exact: true }).click();
    await page.getByLabel('日期').fill(today);
    await periodLabel((await supervisor.get(`/assessment/rates/units?period=xun&date=${today}`)).period.label);
  });

  it('hides units with nothing in the period, sorts by a column, and counts sub-units on demand', async () => {
    const live = await supervisor.get(`/assessment/rates/units?period=xun&date=${today}`);
    const table = page.getByTestId('rates-table');
    await unitRow().waitFor();
    // body rows only: the totals are the table's summary row
    const bodyRows = table.locator('tbody tr.ant-table-row');
    assert.equal(await bodyRows.count(), live.rows.filter(hasItems).length);
    await page.getByTestId('show-empty').click();
    await table.locator('tbody tr.ant-table-row').nth(live.rows.filter(hasItems).length).waitFor();
    assert.equal(await bodyRows.count(), live.rows.length);
    await page.getByTestId('show-empty').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="rates-table"] tbody tr.ant-table-row').length === n, live.rows.filter(hasItems).length);

    // 综合得分, highest first (a second click sorts descending)
    await table.locator('th', { hasText: '综合得分' }).click();
    await table.locator('th', { hasText: '综合得分' }).click();
    const best = Math.max(...live.rows.filter(hasItems).map((r) => r.score ?? -1));
    assert.equal(Number((await bodyRows.first().locator('td').last().innerText()).trim()), best);

    // the street has nothing of its own this 旬 unless its community's ticket counts in
    const own = live.rows.find((r) => r.name === streetName);
    const streetRow = table.locator('tr', { hasText: streetName }).first();
    if (!hasItems(own)) assert.equal(await table.locator('tr', { hasText: streetName }).count(), 0);
    await page.getByTestId('include-sub-units').click();
    const withSubUnits = (await supervisor.get(`/assessment/rates/units?period=xun&date=${today}&includeSubUnits=true`)).rows.find((r) => r.name === streetName);
    assert.ok(withSubUnits.response.total > own.response.total);
    await page.waitForFunction(
      ([name, expected]) =>
        [...document.querySelectorAll('[data-testid="rates-table"] tr')].some((tr) => tr.textContent.includes(name) && tr.querySelector('[data-testid="figure-response"]')?.textContent.replace(/\s/g, '') === expected),
      [streetName, figureText(withSubUnits.response)],
    );
    await streetRow.getByTestId('figure-response').click();
    await page.locator('.ant-drawer').getByRole('link', { name: communityTicket.number }).waitFor();
    await screenshot(page, 'assessment-sub-units');
    await page.locator('.ant-drawer-close').click();
    await page.getByTestId('include-sub-units').click();
  });

  it('shows the rates by category and by community, and their figures open their tickets', async () => {
    await page.getByRole('tab', { name: '按分类' }).click();
    const categories = await supervisor.get(`/assessment/rates/categories?period=xun&date=${today}`);
    const category = categories.rows.find((r) => r.key === ticket.categoryId);
    const row = page.getByTestId('rates-table').locator('tr', { hasText: category.name }).first();
    await row.waitFor();
    assert.equal(await text(row.getByTestId('figure-response')), figureText(category.response));
    await screenshot(page, 'assessment-categories');
    await row.getByTestId('figure-response').click();
    await page.locator('.ant-drawer').getByRole('link', { name: ticket.number }).waitFor();
    await page.locator('.ant-drawer-close').click();

    await page.getByRole('tab', { name: '按社区' }).click();
    const communities = await supervisor.get(`/assessment/rates/communities?period=xun&date=${today}`);
    const community = communities.rows.find((r) => r.key === (ticket.communityId ?? 'none'));
    const crow = page.getByTestId('rates-table').locator('tr', { hasText: community.name }).first();
    await crow.waitFor();
    await page.getByLabel('筛选名称').fill(community.name);
    assert.equal(await page.getByTestId('rates-table').locator('tbody tr.ant-table-row').count(), 1);
    await crow.getByTestId('figure-response').click();
    await page.locator('.ant-drawer').getByRole('link', { name: ticket.number }).waitFor();
    await screenshot(page, 'assessment-communities');
    await page.locator('.ant-drawer-close').click();
    await page.getByLabel('筛选名称').fill('');

    // community × category: the API names each community and category once and sends each pair as numbers
    // ([community, category, response items, signed on time, ...]); the page shows the same rows as the other views
    await page.getByRole('tab', { name: '社区 × 分类' }).click();
    const compact = await supervisor.get(`/assessment/rates/community-categories?period=xun&date=${today}`);
    assert.equal(compact.rows, undefined);
    const ci = compact.communities.findIndex((c) => c.key === (ticket.communityId ?? null));
    const ki = compact.categories.findIndex((c) => c.key === ticket.categoryId);
    const pair = compact.pairs.find((p) => p[0] === ci && p[1] === ki);
    assert.ok(pair, 'the ticket’s community and category have a row');
    const pairName = `${compact.communities[ci].name} / ${compact.categories[ki].name}`;
    await page.getByLabel('筛选名称').fill(pairName);
    const prow = page.getByTestId('rates-table').locator('tr', { hasText: pairName }).first();
    await prow.waitFor();
    assert.equal(await text(prow.getByTestId('figure-response')), figureText({ rate: pair[3] / pair[2], signedOnTime: pair[3], total: pair[2] }));
    await prow.getByTestId('figure-response').click();
    await page.locator('.ant-drawer').getByRole('link', { name: ticket.number }).waitFor();
    await screenshot(page, 'assessment-community-categories');
    await page.locator('.ant-drawer-close').click();
    await page.getByLabel('筛选名称').fill('');
    await page.getByRole('tab', { name: '按单位' }).click();
    await unitRow().waitFor();
  });

  it('exports the table as XLSX with the bearer token', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).click()]);
    assert.match(download.suggestedFilename(), /三率.*\.xlsx$/);
  });

  it("publishes the period's bulletin and opens its frozen figures", async () => {
    await page.getByRole('menuitem', { name: '通报' }).click();
    await page.waitForURL(/\/console\/assessment\/bulletins$/);
    await page.getByTestId('publish-bulletin').click();
    // Wait on the request itself (publishing freezes every item of the period: slower than a toast's 15 s on a
    // loaded machine) and say what the API answered and logged if it failed.
    const answer = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/assessment/bulletins'), { timeout: 60_000 });
    await page.getByRole('button', { name: '确定发布' }).click();
    const response = await answer.catch((e) => assert.fail(`no answer to the publish request: ${e.message}\n${app.api.logs().slice(-4000)}`));
    if (!response.ok()) assert.fail(`publishing answered ${response.status()}: ${await response.text()}\n${app.api.logs().slice(-4000)}`);
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
    await page.locator('.ant-drawer-close').click();
  });

  it('corrects the bulletin: a new version with what changed; the first stays as it was', async () => {
    // after publishing, the heating company signs one more ticket of this 旬
    const resident = await ApiClient.resident(app.api.baseUrl, `e2e-assess-late-${Date.now()}`);
    const t = await resident.post('/tickets', { type: 'complaint', description: `暖气管道漏水，楼下被淹。e2e-b-${Date.now()}`, confidential: false, contact: { phone: '13900007777' } });
    await acceptAndDispatch(app.api.baseUrl, t.id, 'co.heating');
    await heating.act(t.id, 'sign');
    const [first] = await supervisor.get('/assessment/bulletins');
    const modal = page.locator('.ant-modal', { hasText: '统计期' });
    await modal.getByTestId('correct-bulletin').click();
    await page.getByLabel('更正原因').fill('补录供热公司签收');
    await page.getByRole('button', { name: '发布更正版' }).click();
    await toast(page, '已发布更正版');
    const list = await supervisor.get('/assessment/bulletins');
    assert.deepEqual(list.map((b) => b.version), [2, 1]);
    const second = await supervisor.get(`/assessment/bulletins/${list[0].id}`);
    const change = second.diff.find((d) => d.name === heatingName && d.field === '派单数');
    assert.equal(change.after, change.before + 1);
    const diff = page.getByTestId('bulletin-diff');
    await diff.locator('tr', { hasText: heatingName }).filter({ hasText: '派单数' }).waitFor();
    assert.equal(await text(diff.locator('tr', { hasText: heatingName }).filter({ hasText: '派单数' })), `${heatingName}派单数${change.before}${change.after}`);
    await screenshot(page, 'assessment-correction');
    // the first version is one click away, unchanged
    await page.getByTestId('bulletin-versions').getByText('首发版').click();
    await modal.getByText('此版本已被更正').waitFor();
    const frozen = (await supervisor.get(`/assessment/bulletins/${first.id}`)).figures.units.find((r) => r.name === heatingName).response;
    assert.equal(await text(modal.locator('tr', { hasText: heatingName }).first().getByTestId('figure-response')), figureText(frozen));
  });
});
