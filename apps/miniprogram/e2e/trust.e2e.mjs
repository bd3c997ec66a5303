// What a resident and a unit handler missed when trying the app as a new user (issue 14), each fixed screen
// checked in real Chromium at 390 × 844 and kept as a screenshot: the entry's type, errors in view, a restored
// draft's photos, landline phones, the hotline's promise (category, unit, reply deadline), the rating page
// naming its appeal, the H5 title bar, the not-found page, the call button and 长辈版's tab bar and fields.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ApiClient, acceptAndDispatch, makeJpeg } from './support/api.mjs';
import { installFakeNative, launch, screenshot } from './support/browser.mjs';
import { tap, visible, waitForRoute } from './support/page.mjs';
import { screenshotDir } from './support/env.mjs';
import { startApi } from './support/server.mjs';
import { apiAndBrowser } from '../../../scripts/e2e/suite.mjs';

const PLACE = { lat: 39.80231, lng: 98.29012, address: '雄关区新华中路 市政府东侧' };
const VIEWPORT_HEIGHT = 844;

describe('what a new user missed (H5)', () => {
  let page;
  let operator;
  const errors = [];

  const app = apiAndBrowser(startApi, launch, async ({ api, browser }) => {
    await installFakeNative(browser.context, PLACE);
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('pageerror', (e) => errors.push(e.message));
    operator = await ApiClient.staff(api.baseUrl, 'operator');
  });

  async function open(route) {
    await page.goto('about:blank');
    await page.goto(`${app.api.baseUrl}/#${route}`);
  }

  /** A fresh app with no draft, the resident logged in by the app itself. */
  async function openHome() {
    await open('/pages/home/index');
    await visible(page, '.home__entry').first().waitFor();
    await page.evaluate(() => localStorage.removeItem('jyg12345.appealDraft.v1'));
  }

  async function choosePhotos(files) {
    const chooser = page.waitForEvent('filechooser');
    await tap(page, '.photo-uploader__add');
    await (await chooser).setFiles(files);
  }

  it('我要建议 opens the form with 建议 selected, even over a restored draft', async () => {
    await openHome();
    await tap(page, '.home__entry--suggestion');
    await waitForRoute(page, '/appeal/new/index');
    await visible(page, '.appeal-form__type[aria-checked="true"]', '建议').waitFor();
    await visible(page, '.appeal-form textarea').fill('建议在公园增设无障碍坡道，方便轮椅通行');
    await page.waitForTimeout(600); // the draft is saved 400 ms after typing

    await open('/pages/home/index');
    await tap(page, '.home__entry--consultation');
    await waitForRoute(page, '/appeal/new/index');
    await visible(page, '.appeal-form__restored').waitFor();
    await visible(page, '.appeal-form__type[aria-checked="true"]', '咨询').waitFor();
    assert.match(await visible(page, '.appeal-form textarea').inputValue(), /无障碍坡道/, 'the draft text is kept');
    await open('/pages/home/index');
    await tap(page, '.home__entry--suggestion');
    await visible(page, '.appeal-form__type[aria-checked="true"]', '建议').waitFor();
    await screenshot(page, '20-suggestion-preselected');
  });

  it('says why a photo is refused: not an image, or above the limit (with the limit)', async () => {
    await openHome();
    await tap(page, '.home__entry--complaint');
    await waitForRoute(page, '/appeal/new/index');
    await choosePhotos({ name: 'notes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 not a photo') });
    const notice = visible(page, '.appeal-form__pick-notice');
    await notice.waitFor();
    assert.match(await notice.textContent(), /不是图片/);
    assert.equal(await visible(page, '.photo-uploader__tile[data-status]').count(), 0, 'nothing was queued');

    // Above 10 MB: refused before uploading, and the words name the limit.
    // From a file on disk: Playwright sends a large in-memory buffer too slowly.
    const big = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jyg12345-big-')), 'big.jpg');
    fs.writeFileSync(big, Buffer.concat([await makeJpeg('大图'), Buffer.alloc(10 * 1024 * 1024 + 1024)]));
    let uploads = 0;
    page.on('request', (r) => {
      if (r.url().endsWith('/api/v1/attachments')) uploads += 1;
    });
    await choosePhotos(big);
    await visible(page, '.photo-uploader__tile[data-status="failed"]').waitFor();
    assert.match(await visible(page, '.appeal-form__photos-error').last().textContent(), /超过 10 MB/);
    assert.equal(uploads, 0, 'a photo above the limit is not sent');
    fs.rmSync(path.dirname(big), { recursive: true, force: true });
    await screenshot(page, '21-photo-refused');
  });

  it('shows a network failure next to the submit button, inside the screen', async () => {
    await openHome();
    await tap(page, '.home__entry--complaint');
    await waitForRoute(page, '/appeal/new/index');
    await visible(page, '.appeal-form textarea').fill('小区门口路灯坏了一个多月，晚上很黑');
    await tap(page, '.agree__box');
    await page.route('**/api/v1/tickets', (route) => (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.fallback()));
    await tap(page, '.appeal-form .footer-bar .btn--primary');
    const message = visible(page, '.appeal-form__submit-error');
    await message.waitFor();
    assert.match(await message.textContent(), /网络/);
    const box = await message.boundingBox();
    assert.ok(box && box.y >= 0 && box.y + box.height <= VIEWPORT_HEIGHT, `the message is on screen (y ${box?.y}–${box && box.y + box.height})`);
    // The viewport as the resident sees it (a full-page shot would hide where the message sits).
    await page.screenshot({ path: path.join(screenshotDir, '22-network-error.png') });
    await page.unroute('**/api/v1/tickets');
  });

  it('a restored draft shows its uploaded photos, not grey boxes', async () => {
    await openHome();
    await tap(page, '.home__entry--complaint');
    await waitForRoute(page, '/appeal/new/index');
    await visible(page, '.appeal-form textarea').fill('人行道地砖松动，老人容易绊倒');
    const uploaded = page.waitForResponse((r) => r.url().endsWith('/api/v1/attachments') && r.request().method() === 'POST');
    await choosePhotos({ name: 'tiles.jpg', mimeType: 'image/jpeg', buffer: await makeJpeg('地砖') });
    assert.equal((await uploaded).status(), 201);
    await visible(page, '.photo-uploader__tile[data-status="done"]').waitFor();
    await page.waitForTimeout(600);

    // A new page load: the photo's blob: URL is gone; the app shows the uploaded copy instead.
    await open('/appeal/new/index?type=complaint');
    await visible(page, '.appeal-form__restored').waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector('.photo-uploader__tile[data-status="done"] img');
      return img && img.complete && img.naturalWidth > 0;
    });
    assert.equal(await visible(page, '.photo-uploader__placeholder').count(), 0);
    await screenshot(page, '23-restored-draft-photo');
  });

  it('accepts a landline, and promises the category, the unit and the reply deadline; the rating page names the appeal', async () => {
    await openHome();
    await tap(page, '.home__entry--complaint');
    await waitForRoute(page, '/appeal/new/index');
    await visible(page, '.appeal-form textarea').fill('暖气不热，室温只有十二度，已经一周了');
    await visible(page, '.appeal-form__phone input').fill('0937-6221234');
    assert.equal(await visible(page, '.appeal-form__phone input').inputValue(), '0937-6221234', 'the hyphen stays');
    // Where: the point is named by the street and community it falls in, not just "已获取当前位置".
    await tap(page, '.appeal-form .cell--link', '在地图上选择位置');
    await visible(page, '.appeal-form__place .cell__bd', '街道').waitFor();
    // The point on the city's outline (drawn offline from the repository's boundary), moved with a tap.
    const map = visible(page, '.location-map--h5');
    await map.waitFor();
    assert.ok((await map.locator('path.location-map__city').count()) >= 1, 'the city outline is drawn');
    const dot = map.locator('circle.location-map__point');
    const before = Number(await dot.getAttribute('cx'));
    const box = await map.boundingBox();
    await map.click({ position: { x: box.width * 0.3, y: box.height * 0.4 } });
    await page.waitForFunction((b) => Math.abs(Number(document.querySelector('.location-map--h5 circle.location-map__point')?.getAttribute('cx')) - b) > 5, before);
    await visible(page, '.appeal-form__place .cell__bd').filter({ hasNotText: '正在确认' }).waitFor();
    await screenshot(page, '24b-form-map-moved');
    // Back to the picked place for the rest of the test.
    await tap(page, '.appeal-form .cell--link', '重新选择');
    await visible(page, '.appeal-form__place .cell__bd', '街道').waitFor();
    const best = visible(page, '.category-suggest__chip--best');
    await best.waitFor();
    await best.click();
    await screenshot(page, '24a-form-place-landline');
    await tap(page, '.agree__box');
    await tap(page, '.appeal-form .footer-bar .btn--primary');
    await waitForRoute(page, '/appeal/success/index');
    await visible(page, '.msg__promise .commitments__category').waitFor();
    assert.match(await visible(page, '.msg__promise .commitments__category').textContent(), / \/ /);
    assert.equal((await visible(page, '.msg__promise .commitments__unit').textContent()).trim(), '待中心派单');
    assert.match(await visible(page, '.msg__promise .commitments__reply').textContent(), /派单后 \d+ 个工作日内答复|派单后按规定时限答复/);
    await screenshot(page, '24-success-promise');
    const number = (await visible(page, '.msg__number-value').textContent()).trim();
    const ticket = (await operator.get('/tickets?limit=50')).items.find((t) => t.number === number);
    assert.equal((await operator.get(`/tickets/${ticket.id}`)).contact.phone, '0937-6221234');

    // Dispatched: the detail page and the timeline name the unit and the deadline.
    const dispatched = await acceptAndDispatch(app.api.baseUrl, ticket.id, 'co.heating');
    const units = await operator.get('/units');
    const heating = units.find((u) => u.code === 'co.heating');
    await tap(page, '.msg__actions .btn', '查看诉求');
    await waitForRoute(page, '/appeal/detail/index');
    await visible(page, '.detail .commitments__unit', heating.name).waitFor();
    const due = dispatched.replyDueAt;
    const shown = (await visible(page, '.detail .commitments__reply').textContent()).trim();
    assert.match(shown, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} 前答复$/);
    const local = new Date(due);
    const pad = (n) => String(n).padStart(2, '0');
    assert.ok(shown.startsWith(`${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`), `${shown} is ${due}`);
    await visible(page, '.detail__steps .step__detail', `承办单位：${heating.name}`).waitFor();
    assert.match(await visible(page, '.detail__steps .step__detail', '答复期限').textContent(), /答复期限：\d{4}-/);
    await screenshot(page, '25-detail-promise');

    // H5 has a title bar with the page's title and a back button.
    const bar = page.locator('#taro-navigation-bar');
    assert.ok(await bar.isVisible(), 'the title bar shows');
    assert.match(await bar.locator('.taro-navigation-bar-title').textContent(), /诉求详情/);

    // Replied: the call button is a real tap target; the rating page says which appeal.
    const handler = await ApiClient.staff(app.api.baseUrl, 'handler.co.heating');
    await handler.act(ticket.id, 'sign');
    await handler.act(ticket.id, 'reply', { content: '已更换阀门，室温恢复到20度。', handlerName: '李师傅', handlerPhone: '0937-6225678' });
    await page.reload();
    const call = visible(page, '.detail__call');
    await call.waitFor();
    const size = await call.boundingBox();
    assert.ok(size.height >= 44 && size.width >= 44, `拨打电话 is ${size.width} × ${size.height}`);
    await tap(page, '.detail__action', '评价');
    await waitForRoute(page, '/appeal/rate/index');
    await visible(page, '.rate__appeal', number).waitFor();
    assert.match(await visible(page, '.rate__appeal-text').textContent(), /【投诉】暖气不热/);
    await screenshot(page, '26-rate-names-appeal');
  });

  it('the not-found page offers the way home', async () => {
    await openHome();
    await open('/appeal/detail/index?id=01KAAAAAAAAAAAAAAAAAAAAAAA');
    await visible(page, '.state__title', '找不到该内容').waitFor();
    await tap(page, '.state__home', '返回首页');
    await waitForRoute(page, '/pages/home/index');
    await visible(page, '.home__entry').first().waitFor();
    await open('/appeal/detail/index?id=01KAAAAAAAAAAAAAAAAAAAAAAA');
    await visible(page, '.state__home').waitFor();
    await screenshot(page, '27-not-found');
  });

  it('长辈版: the tab bar labels grow and placeholders are not cut off', async () => {
    await openHome();
    await visible(page, '.home__care-switch input').click();
    await visible(page, '.page[data-care="on"]').waitFor();
    const label = await page.locator('.weui-tabbar__label').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok(label >= 15, `tab bar label ${label}px in 长辈版`);
    await tap(page, '.home__entry--complaint');
    await waitForRoute(page, '/appeal/new/index');
    // The route changes before the form renders: on a fast machine the fields were not there yet (CI found 0).
    await page.waitForFunction(
      () => [...document.querySelectorAll('.appeal-form input')].filter((i) => i.offsetParent !== null && i.placeholder).length >= 3,
    );
    // The placeholder's own width, measured in the field's font, against the room the field has.
    const cut = await page.evaluate(() => {
      const ctx = document.createElement('canvas').getContext('2d');
      return [...document.querySelectorAll('.appeal-form input')]
        .filter((i) => i.offsetParent !== null && i.placeholder)
        .map((i) => {
          const cs = getComputedStyle(i);
          ctx.font = `${cs.fontSize} ${cs.fontFamily}`;
          const room = i.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
          return { ph: i.placeholder, text: Math.ceil(ctx.measureText(i.placeholder).width), room, font: parseFloat(cs.fontSize) };
        })
        .filter((x) => x.text > x.room);
    });
    const inputs = await page.evaluate(() => [...document.querySelectorAll('.appeal-form input')].filter((i) => i.offsetParent !== null && i.placeholder).length);
    assert.ok(inputs >= 3, `the form's fields were measured (${inputs})`);
    assert.deepEqual(cut, [], 'every placeholder fits its field');
    await screenshot(page, '28-elderly-form');
    await open('/pages/home/index');
    await visible(page, '.home__care-switch input').click();
    await visible(page, '.page[data-care="off"]').waitFor();
    assert.deepEqual(errors, [], 'no page errors');
  });
});
