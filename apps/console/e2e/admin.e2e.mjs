// The administrator in real Chromium: the unit tree, staff, categories, the working-day calendar (a holiday that
// pushes deadlines back, the open ticket's too), community boundaries with a preview, the knowledge base.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ApiClient, acceptAndDispatch } from '../../miniprogram/e2e/support/api.mjs';
import { launch, screenshot } from './support/browser.mjs';
import { login, toast } from './support/console.mjs';
import { startApi } from './support/server.mjs';
import { apiAndBrowser } from '../../../scripts/e2e/suite.mjs';

describe('admin (console)', () => {
  let page;
  let admin;
  let resident;

  const app = apiAndBrowser(startApi, launch, async ({ api, browser }) => {
    page = browser.page;
    admin = await ApiClient.staff(api.baseUrl, 'admin');
    resident = await ApiClient.resident(api.baseUrl, `e2e-admin-${Date.now()}`);
    await login(page, api.baseUrl, 'admin');
  });

  async function dispatchedComplaint(marker) {
    const t = await resident.post('/tickets', { type: 'complaint', description: `供暖不达标，室温过低。${marker}`, confidential: false });
    await acceptAndDispatch(app.api.baseUrl, t.id, 'co.heating');
    return admin.get(`/tickets/${t.id}`);
  }

  let openTicket;
  let holiday;

  it('adds a holiday, and deadlines computed afterwards skip it', async () => {
    openTicket = await dispatchedComplaint(`e2e-h1-${Date.now()}`);
    // The day the open ticket is due is a working day; made a holiday, every deadline landing on it moves on.
    holiday = new Date(new Date(openTicket.replyDueAt).getTime() + 8 * 3600_000).toISOString().slice(0, 10);

    await page.goto(`${app.api.baseUrl}/console/admin/calendar`);
    await page.getByLabel('年份').fill(holiday.slice(0, 4));
    await page.getByLabel('日期').fill(holiday);
    await page.getByLabel('名称').fill('临时公休（e2e）');
    await page.getByRole('button', { name: '保存' }).click();
    await toast(page, `已保存 ${holiday}`);
    await page.locator('tr', { hasText: holiday }).getByText('节假日（休息）').waitFor();
    await screenshot(page, 'admin-calendar');

    const later = await dispatchedComplaint(`e2e-h2-${Date.now()}`);
    const shift = new Date(later.replyDueAt).getTime() - new Date(openTicket.replyDueAt).getTime();
    assert.ok(shift >= 12 * 3600_000, `a ticket dispatched after the holiday was added is due a working day later (shift ${shift / 3600_000} h)`);
  });

  it("moves an open ticket's deadline when a holiday is added", async () => {
    const now = await admin.get(`/tickets/${openTicket.id}`);
    await page.goto(`${app.api.baseUrl}/console/tickets/${openTicket.id}`);
    await page.getByTestId('reply-due').waitFor();
    await screenshot(page, 'admin-open-ticket-after-holiday');
    assert.ok(new Date(now.replyDueAt) > new Date(openTicket.replyDueAt), `reply deadline still ${now.replyDueAt}`);
    assert.equal(now.version, openTicket.version + 1);
  });

  it('creates a community under a street, renames it and deactivates it', async () => {
    await page.goto(`${app.api.baseUrl}/console/admin/units`);
    await page.getByText('雄关街道').first().click();
    await page.getByRole('button', { name: '新增下级单位' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('名称').fill('测试社区');
    await dialog.getByLabel('编码').fill('e2e.community');
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('测试社区').first().click();
    await page.getByLabel('单位名称').fill('测试社区（更名）');
    await page.getByRole('button', { name: '重命名' }).click();
    await toast(page, '已保存');
    await page.getByRole('button', { name: '停用' }).click();
    await page.getByText('已停用').first().waitFor();
    await screenshot(page, 'admin-units');

    const unit = (await admin.get('/units')).find((u) => u.code === 'e2e.community');
    assert.equal(unit.name, '测试社区（更名）');
    assert.equal(unit.active, false);
    assert.equal(unit.kind, 'community');
  });

  it('creates an operator, shows the API refusing a taken username next to the field', async () => {
    await page.goto(`${app.api.baseUrl}/console/admin/staff`);
    await page.getByRole('button', { name: '新增人员' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('用户名').fill('operator');
    await dialog.getByLabel('初始密码').fill('Tq8!vR2#wLx9-jyg');
    await dialog.getByLabel('姓名').fill('新话务员');
    await dialog.locator('#unitId').click();
    await page.keyboard.type('热线');
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await dialog.getByText('用户名已被使用').waitFor();
    await screenshot(page, 'admin-staff-error');
    await dialog.getByLabel('用户名').fill('e2e.operator');
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('tr', { hasText: 'e2e.operator' }).waitFor();
    await screenshot(page, 'admin-staff');
    const created = (await admin.get('/staff')).find((s) => s.username === 'e2e.operator');
    assert.equal(created.role, 'operator');
    assert.equal(created.displayName, '新话务员');
    await ApiClient.staff(app.api.baseUrl, 'e2e.operator').catch(() => undefined);
  });

  it("sets a category's reply deadline", async () => {
    await page.goto(`${app.api.baseUrl}/console/admin/categories`);
    await page.getByPlaceholder('搜索分类').fill('冬季采暖');
    const row = page.locator('tr', { hasText: '冬季采暖' }).first();
    await row.getByRole('button', { name: '编辑' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/答复时限/).fill('7');
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await screenshot(page, 'admin-categories');
    const category = (await admin.get('/categories')).find((c) => c.level3 === '冬季采暖');
    assert.equal(category.replyDays, 7);
  });

  it("uploads a community's boundary with a preview", async () => {
    await page.goto(`${app.api.baseUrl}/console/admin/boundaries`);
    await page.getByTestId('map').waitFor();
    const units = await admin.get('/units');
    const community = units.find((u) => u.kind === 'community' && u.active);
    const file = path.join(os.tmpdir(), `e2e-boundary-${Date.now()}.geojson`);
    fs.writeFileSync(
      file,
      JSON.stringify({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[98.27, 39.78], [98.29, 39.78], [98.29, 39.795], [98.27, 39.795], [98.27, 39.78]]] } }),
    );
    await page.locator('#unitId').click();
    await page.keyboard.type(community.name);
    await page.keyboard.press('Enter');
    await page.getByLabel('GeoJSON 文件').setInputFiles(file);
    await page.getByText('预览（橙色为新边界）').waitFor();
    await screenshot(page, 'admin-boundaries-preview');
    await page.getByRole('button', { name: '保存边界' }).click();
    await toast(page, '边界已保存');
    fs.rmSync(file);
    const saved = (await admin.get('/boundaries')).find((b) => b.kind === 'community' && b.unitId === community.id);
    assert.deepEqual(saved.geojson.coordinates[0][1], [98.29, 39.78]);
  });

  it('adds a knowledge-base entry', async () => {
    await page.goto(`${app.api.baseUrl}/console/admin/knowledge`);
    await page.getByRole('button', { name: '新增条目' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('标题').fill('供暖期起止时间');
    await dialog.getByLabel('答复内容').fill('本市供暖期为每年10月15日至次年4月15日，遇极端天气可提前或延后。');
    await dialog.getByLabel(/关键词/).fill('供暖 暖气 供暖期');
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('tr', { hasText: '供暖期起止时间' }).waitFor();
    await screenshot(page, 'admin-knowledge');
    const found = await admin.get(`/knowledge?q=${encodeURIComponent('供暖期')}`);
    assert.ok(found.some((k) => k.title === '供暖期起止时间'));
  });
});
