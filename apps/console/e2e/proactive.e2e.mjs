// 未诉先办 in real Chromium: the supervisor reads the hot spots and picks a monthly topic (选题), assigns it to a lead
// and a cooperating unit (交题); the lead unit's handler signs in, sees only their topics and reports progress with a
// photo (答题); staff untag and tag an appeal by hand; the supervisor records the verdict (评题).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiClient, makeJpeg } from '../../miniprogram/e2e/support/api.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, screenshot } from './support/browser.mjs';
import { login, logout, toast } from './support/console.mjs';
import { startApi } from './support/server.mjs';
import { apiAndBrowser } from '../../../scripts/e2e/suite.mjs';

describe('每月一题 (console)', () => {
  let page;
  let supervisor;
  let units;
  let topicId;
  const title = `路灯不亮 e2e-${Date.now().toString(36)}`;

  const app = apiAndBrowser(startApi, launch, async ({ api, browser }) => {
    page = browser.page;
    supervisor = await ApiClient.staff(api.baseUrl, 'supervisor');
    units = await supervisor.get('/units');
    await login(page, api.baseUrl, 'supervisor');
  });

  const unit = (code) => units.find((u) => u.code === code);
  const topic = () => supervisor.get(`/proactive/topics/${topicId}`);

  it('shows the hot spots and picks a topic by hand (选题)', async () => {
    await page.getByRole('menuitem', { name: '热点' }).click();
    await page.waitForURL(/\/console\/proactive\/hotspots$/);
    // the demo appeals of today make the words and the counts
    await page.getByTestId('terms').locator('tbody tr.ant-table-row').first().waitFor();
    await page.getByTestId('counts').locator('tbody tr.ant-table-row').first().waitFor();
    await page.getByTestId('map').waitFor();
    await screenshot(page, 'proactive-hotspots');

    await page.getByRole('button', { name: '手动选题' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('专题名称').fill(title);
    await dialog.getByLabel('问题描述').fill('多处路灯长期不亮，夜间出行不便。');
    // a rule needs a category or a word: refused without either, in Chinese
    await dialog.getByRole('button', { name: '确定选题' }).click();
    await dialog.locator('.ant-form-item-explain-error', { hasText: '分类与关键词至少填一项' }).waitFor();
    await dialog.getByLabel('关键词').fill('路灯');
    await page.keyboard.press('Enter');
    await screenshot(page, 'proactive-select');
    await dialog.getByRole('button', { name: '确定选题' }).click();
    await page.waitForURL(/\/console\/proactive\/topics\/[0-9A-Z]{26}$/);
    topicId = page.url().split('/').at(-1);
    assert.equal(await page.getByTestId('topic-status').innerText(), '已选题');
    const t = await topic();
    assert.equal(t.title, title);
    assert.deepEqual(t.rule, { categoryIds: [], words: ['路灯'], communityIds: [] });
    // the demo appeal about a broken street light was tagged at once
    assert.ok(t.taggedTickets >= 1);
    await page.getByTestId('topic-tickets').locator('tbody tr.ant-table-row').first().waitFor();
  });

  it('assigns a lead unit, a cooperating unit, a standard and a deadline (交题)', async () => {
    const card = page.getByTestId('assign-card');
    await card.getByLabel('牵头单位').click();
    await page.keyboard.type(unit('co.power').name);
    await page.keyboard.press('Enter');
    await card.getByLabel('配合单位').click();
    await page.keyboard.type(unit('620201001').name);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await card.getByLabel('解决标准').fill('报修路灯 3 日内恢复照明；本月同类诉求环比下降 30%。');
    const deadline = new Date(Date.now() + 8 * 3_600_000 + 20 * 86_400_000).toISOString().slice(0, 10);
    await card.getByLabel('期限').fill(deadline);
    await card.getByRole('button', { name: '确定交题' }).click();
    await toast(page, '已交题');
    await page.getByTestId('topic-status').getByText('已交题').waitFor();
    const t = await topic();
    assert.equal(t.status, 'assigned');
    assert.equal(t.leadUnitId, unit('co.power').id);
    assert.deepEqual(t.cooperatingUnitIds, [unit('620201001').id]);
    assert.equal(t.deadline, deadline);
    await screenshot(page, 'proactive-assigned');
  });

  it("lets the lead unit's handler in to their topics only, and report progress with a photo (答题)", async () => {
    await logout(page);
    await page.getByLabel('用户名').fill('handler.co.power');
    await page.getByLabel('密码').fill(process.env.DEMO_PASSWORD ?? 'Demo@12345');
    await page.getByRole('button', { name: '登录' }).click();
    // back to the page the supervisor left (the handler's unit takes part), then to the list from the menu
    await page.waitForURL(new RegExp(`/console/proactive/topics/${topicId}$`));
    await page.getByRole('menuitem', { name: '每月一题' }).click();
    await page.waitForURL(/\/console\/proactive\/topics$/);
    const menu = await page.getByRole('menu').innerText();
    assert.match(menu, /每月一题/);
    assert.doesNotMatch(menu, /热点|待受理|诉求查询|大屏/);
    const listed = page.getByTestId('topics').locator('tbody tr.ant-table-row');
    await listed.first().waitFor();
    // the power company takes part in this topic only (the demo topics are other units')
    assert.equal(await listed.count(), 1);
    await listed.getByRole('link', { name: title }).click();
    await page.waitForURL(new RegExp(`/console/proactive/topics/${topicId}$`));
    assert.equal(await page.getByTestId('assign-card').count(), 0);

    const form = page.getByTestId('report-form');
    await form.getByLabel('进展说明').fill('已排查辖区路灯 120 盏，修复 18 盏，更换老旧线路 2 处。');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jyg12345-topic-')), '路灯修复.jpg');
    fs.writeFileSync(file, await makeJpeg('路灯已修复'));
    await form.locator('input[type=file]').setInputFiles(file);
    await form.locator('.ant-upload-list-item-done, .ant-upload-list-item:not(.ant-upload-list-item-uploading)').first().waitFor();
    await form.getByRole('button', { name: '提交进展' }).click();
    await toast(page, '已提交进展');
    await page.getByTestId('reports').getByTestId('report-photo').first().waitFor();
    await page.getByTestId('topic-status').getByText('答题中').waitFor();
    const t = await topic();
    assert.equal(t.status, 'answering');
    assert.equal(t.reports.length, 1);
    assert.equal(t.reports[0].unitId, unit('co.power').id);
    assert.equal(t.reports[0].photos.length, 1);
    // the thumbnail the page shows is the stored photo (signed URL, no bearer header)
    const shown = await page.getByTestId('reports').locator('img').first().getAttribute('src');
    const res = await fetch(`${app.api.baseUrl}${shown}`);
    assert.equal(res.headers.get('content-type'), 'image/jpeg');
    await screenshot(page, 'proactive-report');

    // another unit's topic answers like a missing one
    const other = (await supervisor.get('/proactive/topics')).find((x) => x.title === '暖气不热');
    await page.goto(`${app.api.baseUrl}/console/proactive/topics/${other.id}`);
    await page.getByText('专题不存在').or(page.getByText('加载失败')).first().waitFor();
  });

  it('untags an appeal and tags it again by its number', async () => {
    await logout(page);
    await login(page, app.api.baseUrl, 'supervisor', `/console/proactive/topics/${topicId}`);
    const rows = page.getByTestId('topic-tickets').locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    const [tagged] = await supervisor.get(`/proactive/topics/${topicId}/tickets`);
    await rows.filter({ hasText: tagged.number }).getByRole('button', { name: '取消关联' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '取消关联' }).click();
    await toast(page, '已取消关联');
    await rows.filter({ hasText: tagged.number }).waitFor({ state: 'detached' });
    assert.ok(!(await supervisor.get(`/proactive/topics/${topicId}/tickets`)).some((x) => x.ticketId === tagged.ticketId));

    await page.getByLabel('诉求编号').fill(tagged.number);
    await page.getByRole('button', { name: '关联', exact: true }).click();
    await toast(page, '已关联');
    await rows.filter({ hasText: tagged.number }).waitFor();
    const back = (await supervisor.get(`/proactive/topics/${topicId}/tickets`)).find((x) => x.ticketId === tagged.ticketId);
    assert.equal(back.source, 'manual');
  });

  it('evaluates against the months before and records the verdict (评题)', async () => {
    await page.getByTestId('evaluation-months').locator('tbody tr.ant-table-row').nth(3).waitFor();
    await page.getByTestId('evaluation-summary').getByText('单位汇报 1 次').waitFor();
    await page.getByLabel('部分解决').check();
    await page.getByLabel('评语').fill('主干道路灯已修复，背街小巷仍需跟进。');
    await page.getByRole('button', { name: '确定评题' }).click();
    await toast(page, '已评题');
    await page.getByTestId('topic-verdict').waitFor();
    assert.equal(await page.getByTestId('topic-verdict').innerText(), '部分解决');
    const t = await topic();
    assert.equal(t.status, 'evaluated');
    assert.equal(t.verdict, 'partly_solved');
    assert.equal(await page.getByRole('button', { name: '确定评题' }).count(), 0);
    await screenshot(page, 'proactive-evaluated');
  });
});
