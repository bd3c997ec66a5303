// The staff side in real Chromium: a unit handler logs in from the home page's 工作人员入口, finds a dispatched
// appeal in 待签收 with its time left, signs it, replies with a photo; a stale version is reported and reloaded; the
// handler reads their own unit's rates and rank (本单位考核) and a published bulletin, then opens 每月一题, sees the
// demo topic their unit helps with, and reports progress with a photo (答题).
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { ApiClient, acceptAndDispatch, makeJpeg } from './support/api.mjs';
import { launch, screenshot } from './support/browser.mjs';
import { tap, visible, waitForRoute } from './support/page.mjs';
import { DEMO_PASSWORD } from './support/env.mjs';
import { startApi } from './support/server.mjs';
import { apiAndBrowser } from '../../../scripts/e2e/suite.mjs';

/** A small valid PNG (solid colour), made here so the test needs no fixture file. */
function png(width, height) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x55)]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

describe('staff (H5)', () => {
  let page;
  let resident;

  const app = apiAndBrowser(startApi, launch, async ({ api, browser }) => {
    // The "camera": chooseImages hands back a blob: URL of a real PNG, as Taro's H5 chooseMedia would.
    await browser.context.addInitScript((b64) => {
      window.__JYG12345_NATIVE__ = {
        chooseImages: async () => {
          const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          const url = URL.createObjectURL(new Blob([bytes], { type: 'image/png' }));
          return { ok: true, value: [{ tempFilePath: url, size: bytes.length }] };
        },
      };
    }, png(64, 48).toString('base64'));
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    resident = await ApiClient.resident(api.baseUrl, `e2e-staff-${Date.now()}`);
  });

  async function dispatchedTicket(description, extra = {}) {
    const t = await resident.post('/tickets', { type: 'complaint', description, confidential: false, contact: { phone: '13900000003' }, ...extra });
    await acceptAndDispatch(app.api.baseUrl, t.id, 'co.heating');
    return t;
  }

  it('a handler logs in, signs a dispatched appeal and replies to it', async () => {
    const scene = await resident.upload(await makeJpeg('漏水现场'));
    const ticket = await dispatchedTicket(`楼道暖气片漏水，地面结冰，请尽快处理。e2e-d-${Date.now()}`, {
      attachmentIds: [scene.id],
      location: { lat: 39.80231, lng: 98.29012, coordSystem: 'gcj02', address: '雄关区新华中路 市政府东侧' },
    });

    await page.goto('about:blank');
    await page.goto(`${app.api.baseUrl}/#/pages/home/index`);
    await tap(page, '.home__staff', '工作人员入口');
    await waitForRoute(page, '/staff/login/index');
    await visible(page, '.staff-login__username input').fill('handler.co.heating');
    await visible(page, '.staff-login__password input').fill('wrong-password');
    await tap(page, '.staff-login .btn--primary');
    await visible(page, '.staff-login__error', '账号或密码错误').waitFor();
    await visible(page, '.staff-login__password input').fill(DEMO_PASSWORD);
    await screenshot(page, '07-staff-login');
    await tap(page, '.staff-login .btn--primary');

    await waitForRoute(page, '/staff/queue/index');
    const cell = visible(page, `.staff-cell[data-ticket-id="${ticket.id}"]`);
    await cell.waitFor();
    assert.match(await cell.locator('.deadline').textContent(), /^签收剩余 \d/);
    await screenshot(page, '08-staff-queue');

    await cell.click();
    await waitForRoute(page, '/staff/ticket/index');
    await visible(page, '.staff-ticket__primary', '签收').waitFor();
    // What the resident sent: the photo (loaded from its signed URL), the category and the place.
    await visible(page, `.staff-ticket__photos--resident [data-photo-id="${scene.id}"]`).waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('.staff-ticket__photos--resident img')].some((i) => i.complete && i.naturalWidth > 0));
    const category = (await visible(page, '.staff-ticket__category').textContent()).trim();
    assert.match(category, / \/ /, `the category by name (${category})`);
    await visible(page, '.staff-ticket__place', '新华中路').waitFor();
    await screenshot(page, '09-staff-ticket');
    await tap(page, '.staff-ticket__primary');
    // The reply deadline was set at dispatch: the dialog says so, with the date.
    const dialog = await visible(page, '.taro__modal .taro-modal__content').textContent();
    assert.match(dialog, /答复期限 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（派单时已确定，签收不会重新计时）/);
    assert.doesNotMatch(dialog, /签收后开始计算/);
    await screenshot(page, '09b-staff-sign-dialog');
    await visible(page, '.taro__modal .taro-modal__foot div', '签收').click();
    await visible(page, '.staff-ticket__primary', '答复').waitFor();
    assert.equal((await resident.get(`/tickets/${ticket.id}`)).status, 'in_progress');
    // The heating category answers within one working day (420 working minutes) of dispatch: a whole day when dispatched
    // outside working hours, a minute or two less when dispatched inside them.
    assert.match(await visible(page, '.staff-ticket__deadline .deadline').textContent(), /^答复剩余 (1个工作日|6小时5\d分)$/);

    await tap(page, '.staff-ticket__primary', '答复');
    await visible(page, '.staff-form__content textarea').fill('已派人更换暖气片阀门并清理结冰，已恢复正常。');
    await visible(page, '.staff-form__name input').fill('王师傅');
    await visible(page, '.staff-form__phone input').fill('13900000004');
    await tap(page, '.uploader__add');
    await visible(page, '.uploader__img').first().waitFor();
    await page.locator('.taro__toast').filter({ visible: true }).waitFor({ state: 'detached' }).catch(() => undefined);
    await page.waitForFunction(() => ![...document.querySelectorAll('.taro__toast')].some((el) => el.offsetParent !== null));
    await screenshot(page, '10-staff-reply');
    const upload = page.waitForResponse((r) => r.url().endsWith('/api/v1/attachments') && r.request().method() === 'POST');
    await tap(page, '.staff-form__submit');
    assert.equal((await upload).status(), 201);
    await visible(page, '.staff-ticket .tag', '已答复').waitFor();
    // The reply's own photo is shown back to the handler.
    await visible(page, '.staff-ticket__photos--reply .photo-grid__thumb').first().waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('.staff-ticket__photos--reply img')].some((i) => i.complete && i.naturalWidth > 0));
    await screenshot(page, '10b-staff-replied');

    const replied = await resident.get(`/tickets/${ticket.id}`);
    assert.equal(replied.status, 'replied');
    assert.equal(replied.reply.handlerName, '王师傅');
    assert.equal(replied.reply.handlerPhone, '13900000004');
    assert.match(replied.reply.content, /恢复正常/);
  });

  it("a handler reads their own unit's rates and rank, and a published bulletin", async () => {
    // the first test's ticket was signed and replied: the heating company has figures this 旬
    const supervisor = await ApiClient.staff(app.api.baseUrl, 'supervisor');
    const heating = await ApiClient.staff(app.api.baseUrl, 'handler.co.heating');
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const published = await supervisor.post('/assessment/bulletins', { kind: 'xun', date: today });
    const me = await heating.get(`/assessment/me?period=xun&date=${today}`);
    assert.ok(me.row && me.row.rank !== null);

    await page.goto('about:blank');
    await page.goto(`${app.api.baseUrl}/#/staff/queue/index`);
    await tap(page, '.staff-queue__rates', '本单位考核');
    await waitForRoute(page, '/staff/rates/index');
    const score = visible(page, '[data-testid="my-score"]');
    await score.filter({ hasText: `第 ${me.row.rank} 名 / 共 ${me.rankedUnits} 个单位` }).waitFor();
    assert.match(await score.textContent(), new RegExp(`${me.row.score.toFixed(2)}\\s*分`));
    const response = visible(page, '.staff-rates__figure[data-figure="响应率"]');
    assert.equal((await response.locator('.cell__ft').textContent()).trim(), `${(me.row.response.rate * 100).toFixed(1)}%`);
    assert.match(await response.textContent(), new RegExp(`及时签收 ${me.row.response.signedOnTime} / 派单 ${me.row.response.total}`));
    // The H5 title bar shows the whole title (Taro's default cut it to four characters and an ellipsis).
    const title = page.locator('#taro-navigation-bar .taro-navigation-bar-title');
    assert.equal((await title.textContent()).trim(), '本单位考核');
    const cut = await title.evaluate((el) => el.scrollWidth > el.clientWidth);
    assert.equal(cut, false, 'the title is not cut off');
    await screenshot(page, '11-staff-rates');

    await tap(page, `.staff-rates__bulletin[data-bulletin-id="${published.id}"]`);
    await waitForRoute(page, '/staff/bulletin/index');
    const frozen = published.figures.units.find((r) => r.key === me.row.key);
    await visible(page, '[data-testid="bulletin-mine"]', `第 ${frozen.rank} 名`).waitFor();
    await visible(page, '[data-testid="bulletin-ranking"] .staff-bulletin__me', '本单位').waitFor();
    await screenshot(page, '12-staff-bulletin');
  });

  it('a stale version is reported in Chinese and the ticket reloaded', async () => {
    const ticket = await dispatchedTicket(`小区供热管道异响，夜间影响休息。e2e-d2-${Date.now()}`);
    await page.goto('about:blank');
    await page.goto(`${app.api.baseUrl}/#/staff/ticket/index?id=${ticket.id}`);
    await visible(page, '.staff-ticket__primary', '签收').waitFor();

    // A colleague signs first.
    const colleague = await ApiClient.staff(app.api.baseUrl, 'handler.co.heating');
    await colleague.act(ticket.id, 'sign');

    await tap(page, '.staff-ticket__primary');
    await visible(page, '.taro__modal .taro-modal__foot div', '签收').click();
    await visible(page, '.taro__modal .taro-modal__content', '已被他人处理').waitFor();
    await visible(page, '.taro__modal .taro-modal__foot div', '知道了').click();
    await visible(page, '.staff-ticket__primary', '答复').waitFor();
    await visible(page, '.staff-ticket .tag', '办理中').waitFor();
  });
  it("shows the unit's monthly topics and reports progress with a photo (答题)", async () => {
    const heating = await ApiClient.staff(app.api.baseUrl, 'handler.co.heating');
    const [topic] = await heating.get('/proactive/topics');
    assert.equal(topic.title, '暖气不热');
    // a "camera" photo of its own: the reply's bytes again would be the reply's attachment (uploads are deduplicated
    // per person), already used
    await app.browser.context.addInitScript(() => {
      window.__JYG12345_NATIVE__.chooseImages = async () => {
        const canvas = Object.assign(document.createElement('canvas'), { width: 80, height: 60 });
        const ctx = canvas.getContext('2d');
        ctx.fillStyle = '#c0392b';
        ctx.fillRect(0, 0, 80, 60);
        const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
        return { ok: true, value: [{ tempFilePath: URL.createObjectURL(blob), size: blob.size }] };
      };
    });
    await page.goto('about:blank');
    await page.goto(`${app.api.baseUrl}/#/staff/queue/index`);
    await tap(page, '.staff-queue__topics', '每月一题');
    await waitForRoute(page, '/staff/topics/index');
    // the heating company helps with 暖气不热 only (噪声扰民 is other units')
    const cells = visible(page, '.staff-topic-cell');
    await cells.first().waitFor();
    assert.equal(await cells.count(), 1);
    await visible(page, `.staff-topic-cell[data-topic-id="${topic.id}"]`, '配合').waitFor();
    await screenshot(page, '11-staff-topics');
    await tap(page, `.staff-topic-cell[data-topic-id="${topic.id}"]`);
    await waitForRoute(page, '/staff/topic/index');
    await visible(page, '.staff-topic__title', '暖气不热').waitFor();
    await tap(page, '.staff-topic__report-btn', '汇报进展');
    // too short: said in Chinese, nothing sent
    await tap(page, '.staff-topic-form__submit');
    await visible(page, '.staff-topic-form__error', '请填写进展说明').waitFor();
    await visible(page, '.staff-topic-form__content textarea').fill('已对管网末端 36 户逐户排气，室温恢复到 18℃ 以上。');
    await tap(page, '.staff-topic-form .uploader__add');
    await visible(page, '.staff-topic-form .uploader__img').first().waitFor();
    const upload = page.waitForResponse((r) => r.url().endsWith('/api/v1/attachments') && r.request().method() === 'POST');
    await tap(page, '.staff-topic-form__submit');
    assert.equal((await upload).status(), 201);
    await visible(page, '.staff-topic__report .photo-grid__thumb').first().waitFor().catch(async (e) => {
      await screenshot(page, 'failed-topic-report');
      throw e;
    });
    await page.waitForFunction(() => [...document.querySelectorAll('.staff-topic__report img')].some((i) => i.complete && i.naturalWidth > 0));
    await visible(page, '.staff-topic__status', '答题中').waitFor();
    await screenshot(page, '12-staff-topic-reported');
    const after = await heating.get(`/proactive/topics/${topic.id}`);
    assert.equal(after.status, 'answering');
    assert.equal(after.reports.length, 1);
    assert.match(after.reports[0].content, /逐户排气/);
    assert.equal(after.reports[0].photos.length, 1);
  });
});
