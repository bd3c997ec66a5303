// The resident's side in real Chromium against the real API: filing with a location, a photo and the suggested
// category, the staff workflow through the API, reading the reply (with its photo) and rating it; an interrupted
// submission retried; 长辈版.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ApiClient, acceptAndDispatch, makeJpeg, ticketsMatching } from './support/api.mjs';
import { installFakeNative, launch, screenshot } from './support/browser.mjs';
import { fontSizeOf, tap, visible, waitForRoute } from './support/page.mjs';
import { screenshotDir } from './support/env.mjs';
import { startApi } from './support/server.mjs';
import { apiAndBrowser } from '../../../scripts/e2e/suite.mjs';

const PLACE = { lat: 39.80231, lng: 98.29012, address: '雄关区新华中路 市政府东侧' };

describe('resident (H5)', () => {
  let page;
  let operator;

  const app = apiAndBrowser(startApi, launch, async ({ api, browser }) => {
    await installFakeNative(browser.context, PLACE);
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    operator = await ApiClient.staff(api.baseUrl, 'operator');
  });

  /** A fresh load of the app (a hash-only goto would keep the running app and its dialogs). */
  async function openHome() {
    await page.goto('about:blank');
    await page.goto(`${app.api.baseUrl}/#/pages/home/index`);
    await visible(page, '.home__entry').first().waitFor();
  }

  async function fillForm(description) {
    await visible(page, '.appeal-form textarea').fill(description);
    await visible(page, '.appeal-form__phone input').fill('13900000001');
    await tap(page, '.agree__box');
  }

  /** Picks photos through the real file input of Taro's H5 chooseMedia. */
  async function choosePhotos(files) {
    const chooser = page.waitForEvent('filechooser');
    await tap(page, '.photo-uploader__add');
    await (await chooser).setFiles(files);
  }

  /** Waits until every visible <img> under `selector` has loaded (a broken signed URL would never load). */
  async function imagesLoaded(selector, count) {
    // Thumbnails load lazily: bring them on screen first, as a resident scrolling down would.
    await visible(page, selector).first().scrollIntoViewIfNeeded();
    await page.waitForFunction(
      ([sel, n]) => {
        const imgs = [...document.querySelectorAll(`${sel} img`)].filter((i) => i.offsetParent !== null);
        return imgs.length === n && imgs.every((i) => i.complete && i.naturalWidth > 0);
      },
      [selector, count],
    );
  }

  it('files an appeal with a location, a photo and the suggested category; staff handle it; the resident reads the reply and rates it', async () => {
    await openHome();
    await visible(page, '.home__recent .state__title', '还没有诉求').waitFor();
    await screenshot(page, '01-home');

    await tap(page, '.home__entry--complaint');
    await waitForRoute(page, '/appeal/new/index');
    // The exact text matters to the suggestion, so this appeal is found by its number, not by a marker.
    const description = '暖气不热，室温只有十二度';
    const suggested = page.waitForResponse((r) => r.url().endsWith('/api/v1/routing/suggest') && r.request().method() === 'POST');
    await fillForm(description);
    await tap(page, '.appeal-form .cell--link', '在地图上选择位置');
    await visible(page, '.appeal-form .cell__bd', '已在地图上标注').waitFor();
    assert.equal(await visible(page, '.appeal-form input[type=text]').first().inputValue(), PLACE.address);

    // The category suggested for the text is offered; the resident takes it with a tap.
    const suggestion = await (await suggested).json();
    assert.ok(suggestion.categories.length > 0, 'the API suggests categories');
    const best = visible(page, '.category-suggest__chip--best');
    await best.waitFor();
    assert.match(await best.textContent(), /^推荐分类：/);
    const chosenId = await best.getAttribute('data-category-id');
    assert.equal(chosenId, suggestion.categories[0].id);
    const categories = await operator.get('/categories');
    const chosen = categories.find((c) => c.id === chosenId);
    assert.ok(chosen, 'the suggestion is a real category');
    assert.match(`${chosen.level1}/${chosen.level2}/${chosen.level3}`, /热|暖/, `a heating category (${chosen.level2}/${chosen.level3})`);
    assert.equal(await best.getAttribute('aria-checked'), 'false', 'offered, not pre-selected');
    await best.click();
    assert.equal(await best.getAttribute('aria-checked'), 'true');

    // A photo through the file chooser: it uploads on its own and shows as done.
    const uploaded = page.waitForResponse((r) => r.url().endsWith('/api/v1/attachments') && r.request().method() === 'POST');
    await choosePhotos({ name: 'scene.jpg', mimeType: 'image/jpeg', buffer: await makeJpeg('暖气片') });
    const attachment = await (await uploaded).json();
    assert.match(attachment.id, /^[0-9A-HJKMNP-TV-Z]{26}$/);
    await visible(page, '.photo-uploader__tile[data-status="done"]').waitFor();
    await imagesLoaded('.appeal-form .photo-uploader__files', 1);
    await visible(page, '.photo-uploader__add', '1/9').waitFor();
    await screenshot(page, '03-file-form');

    await tap(page, '.appeal-form .footer-bar .btn--primary');
    await waitForRoute(page, '/appeal/success/index');
    await visible(page, '.msg__title', '提交成功').waitFor();
    const number = (await visible(page, '.msg__number-value').textContent()).trim();
    assert.match(number, /^JYG\d{14}$/);

    const ticket = (await operator.get('/tickets?limit=50')).items.find((t) => t.number === number);
    assert.ok(ticket, 'the operator sees the new appeal');
    assert.equal(ticket.number, number);
    assert.equal(ticket.status, 'submitted');
    assert.equal(ticket.location.address, PLACE.address);
    assert.equal(ticket.location.coordSystem, 'gcj02');
    assert.ok(Math.abs(ticket.location.lat - PLACE.lat) < 1e-4);
    assert.equal(ticket.categoryId, chosenId, 'the chosen category was filed');
    const full = await operator.get(`/tickets/${ticket.id}`);
    assert.deepEqual(
      full.photos.map((p) => [p.id, p.usage]),
      [[attachment.id, 'ticket']],
      'the ticket carries the uploaded photo',
    );

    // The centre accepts and dispatches; the unit signs and replies.
    await acceptAndDispatch(app.api.baseUrl, ticket.id, 'co.heating');
    const handler = await ApiClient.staff(app.api.baseUrl, 'handler.co.heating');
    await handler.act(ticket.id, 'sign');
    const replyText = '已安排维修人员上门检修，更换了堵塞的阀门，室温已恢复到20度。';
    const replyPhoto = await handler.upload(await makeJpeg('已修复'));
    const replied = await handler.act(ticket.id, 'reply', {
      content: replyText,
      handlerName: '李师傅',
      handlerPhone: '13900000002',
      attachmentIds: [replyPhoto.id],
    });
    assert.equal(replied.status, 'replied');

    // The resident opens the appeal from the success page and sees the reply.
    await tap(page, '.msg__actions .btn', '查看诉求');
    await waitForRoute(page, '/appeal/detail/index');
    await visible(page, '.detail__reply-text', replyText).waitFor();
    await visible(page, '.detail__reply .cell__bd', '李师傅').waitFor();
    await visible(page, '.detail__steps .step__title', '已答复').first().waitFor();
    // Both photos, labelled, as thumbnails that load from their signed URLs (no token on <img>).
    await visible(page, '.detail__photos--own .cell__hd', '我的照片').waitFor();
    await visible(page, '.detail__photos--reply .cell__hd', '答复照片').waitFor();
    assert.equal(await visible(page, `.detail__photos--own [data-photo-id="${attachment.id}"]`).count(), 1);
    assert.equal(await visible(page, `.detail__photos--reply [data-photo-id="${replyPhoto.id}"]`).count(), 1);
    await imagesLoaded('.detail__photos--own', 1);
    await imagesLoaded('.detail__photos--reply', 1);
    await screenshot(page, '04-detail-reply');

    // A tap opens the full image.
    await tap(page, `.detail__photos--own [data-photo-id="${attachment.id}"]`);
    const preview = page.locator('.preview-image img').first();
    await preview.waitFor();
    assert.match(await preview.getAttribute('src'), new RegExp(`/api/v1/attachments/${attachment.id}\\?exp=\\d+&sig=`));
    await page.waitForFunction(() => {
      const img = document.querySelector('.preview-image img');
      return img && img.complete && img.naturalWidth > 0;
    });
    await page.screenshot({ path: path.join(screenshotDir, '04b-photo-preview.png') });
    await page.locator('.preview-image').first().click();
    await page.locator('.preview-image').waitFor({ state: 'detached' }).catch(() => undefined);

    await tap(page, '.detail__action', '评价');
    await waitForRoute(page, '/appeal/rate/index');
    await tap(page, '.rate__choice--satisfied');
    await tap(page, '.rate__choice', '已解决');
    await visible(page, '.rate textarea').fill('维修很及时，谢谢！');
    await screenshot(page, '05-rate');
    await tap(page, '.rate .footer-bar .btn--primary');

    await waitForRoute(page, '/appeal/detail/index');
    await visible(page, '.detail__rating .cell__bd', '满意').waitFor();
    const closed = await operator.get(`/tickets/${ticket.id}`);
    assert.equal(closed.status, 'closed');
    assert.equal(closed.rating.satisfaction, 'satisfied');
    assert.equal(closed.rating.resolved, true);

    // 我的诉求 lists it as closed.
    await page.goto('about:blank');
    await page.goto(`${app.api.baseUrl}/#/pages/appeals/index`);
    await visible(page, `.ticket-cell[data-ticket-id="${ticket.id}"]`).waitFor();
    await visible(page, `.ticket-cell[data-ticket-id="${ticket.id}"] .tag`, '已办结').waitFor();
    await screenshot(page, '02-my-appeals');
  });

  it('an interrupted submission retried files one appeal', async () => {
    await openHome();
    await tap(page, '.home__entry--suggestion');
    await waitForRoute(page, '/appeal/new/index');
    const marker = `e2e-b-${Date.now()}`;
    await fillForm(`建议在新华中路口增设一处非机动车停放点。${marker}`);

    // The server files the first attempt, but its answer never reaches the app.
    let lost = 0;
    await page.route('**/api/v1/tickets', async (route) => {
      if (route.request().method() === 'POST' && lost === 0) {
        lost += 1;
        const served = await route.fetch();
        assert.equal(served.status(), 201);
        await route.abort('connectionreset');
        return;
      }
      await route.fallback();
    });

    await tap(page, '.appeal-form .footer-bar .btn--primary');
    await visible(page, '.appeal-form__submit-error', '不会重复提交').waitFor();
    assert.equal(lost, 1);
    assert.equal((await ticketsMatching(operator, marker)).length, 1, 'the lost attempt was filed');

    const retried = page.waitForResponse((r) => r.url().endsWith('/api/v1/tickets') && r.request().method() === 'POST');
    await tap(page, '.appeal-form .footer-bar .btn--primary');
    const response = await retried;
    assert.equal(response.status(), 201);
    assert.equal(response.headers()['idempotent-replayed'], 'true');
    await waitForRoute(page, '/appeal/success/index');
    await page.unroute('**/api/v1/tickets');

    assert.equal((await ticketsMatching(operator, marker)).length, 1, 'retrying made no second appeal');
  });

  it('长辈版 enlarges text and tap targets', async () => {
    await openHome();
    const selectors = ['.home__entry-label', '.home .cell__bd', '.home__title', '.home .cell__desc'];
    const before = await Promise.all(selectors.map((s) => fontSizeOf(page, s)));
    const cellHeight = await visible(page, '.home .cell').first().evaluate((el) => el.getBoundingClientRect().height);

    await visible(page, '.home__care-switch input').click();
    await visible(page, '.page[data-care="on"]').waitFor();
    const after = await Promise.all(selectors.map((s) => fontSizeOf(page, s)));
    selectors.forEach((s, i) => assert.ok(after[i] >= before[i] * 1.2, `${s}: ${before[i]}px → ${after[i]}px`));
    assert.ok(after[0] >= 18 && after[1] >= 18, `body text ≥ 18 px in 长辈版 (${after[0]}, ${after[1]})`);
    const careCellHeight = await visible(page, '.home .cell').first().evaluate((el) => el.getBoundingClientRect().height);
    assert.ok(careCellHeight >= 60, `cells are ≥ 60 px tall (${careCellHeight})`);
    assert.ok(careCellHeight > cellHeight);
    await screenshot(page, '06-elderly-home');

    // It sticks across pages and reloads.
    await page.reload();
    await visible(page, '.page[data-care="on"]').waitFor();
    assert.equal(await fontSizeOf(page, '.home__entry-label'), after[0]);
    await visible(page, '.home__care-switch input').click();
    await visible(page, '.page[data-care="off"]').waitFor();
    assert.equal(await fontSizeOf(page, '.home__entry-label'), before[0]);
  });
});
