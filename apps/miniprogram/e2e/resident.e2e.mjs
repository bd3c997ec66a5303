// The resident's side in real Chromium against the real API: filing with a location, the staff workflow through
// the API, reading the reply and rating it; an interrupted submission retried; 长辈版.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiClient, acceptAndDispatch, ticketsMatching } from './support/api.mjs';
import { installFakeNative, launch, screenshot } from './support/browser.mjs';
import { fontSizeOf, tap, visible, waitForRoute } from './support/page.mjs';
import { startApi } from './support/server.mjs';

const PLACE = { lat: 39.80231, lng: 98.29012, address: '雄关区新华中路 市政府东侧' };

describe('resident (H5)', () => {
  let api;
  let browser;
  let page;
  let operator;

  before(async () => {
    api = await startApi();
    browser = await launch();
    await installFakeNative(browser.context, PLACE);
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    operator = await ApiClient.staff(api.baseUrl, 'operator');
  });

  after(async () => {
    await browser?.close();
    await api?.stop();
  });

  /** A fresh load of the app (a hash-only goto would keep the running app and its dialogs). */
  async function openHome() {
    await page.goto('about:blank');
    await page.goto(`${api.baseUrl}/#/pages/home/index`);
    await visible(page, '.home__entry').first().waitFor();
  }

  async function fillForm(description) {
    await visible(page, '.appeal-form textarea').fill(description);
    await visible(page, '.appeal-form input[type=number]').fill('13900000001');
    await tap(page, '.agree__box');
  }

  it('files an appeal with a location; staff handle it; the resident reads the reply and rates it', async () => {
    await openHome();
    await visible(page, '.home__recent .state__title', '还没有诉求').waitFor();
    await screenshot(page, '01-home');

    await tap(page, '.home__entry--complaint');
    await waitForRoute(page, '/appeal/new/index');
    const marker = `e2e-a-${Date.now()}`;
    await fillForm(`小区供暖不热，室温只有12度，已经持续三天了。${marker}`);
    await tap(page, '.appeal-form .cell--link', '在地图上选择位置');
    await visible(page, '.appeal-form .cell__bd', '已在地图上标注').waitFor();
    assert.equal(await visible(page, '.appeal-form input[type=text]').first().inputValue(), PLACE.address);
    await screenshot(page, '03-file-form');

    await tap(page, '.appeal-form .footer-bar .btn--primary');
    await waitForRoute(page, '/appeal/success/index');
    await visible(page, '.msg__title', '提交成功').waitFor();
    const number = (await visible(page, '.msg__number-value').textContent()).trim();
    assert.match(number, /^JYG\d{14}$/);

    const [ticket] = await ticketsMatching(operator, marker);
    assert.ok(ticket, 'the operator sees the new appeal');
    assert.equal(ticket.number, number);
    assert.equal(ticket.status, 'submitted');
    assert.equal(ticket.location.address, PLACE.address);
    assert.equal(ticket.location.coordSystem, 'gcj02');
    assert.ok(Math.abs(ticket.location.lat - PLACE.lat) < 1e-4);

    // The centre accepts and dispatches; the unit signs and replies.
    await acceptAndDispatch(api.baseUrl, ticket.id, 'co.heating');
    const handler = await ApiClient.staff(api.baseUrl, 'handler.co.heating');
    await handler.act(ticket.id, 'sign');
    const replyText = '已安排维修人员上门检修，更换了堵塞的阀门，室温已恢复到20度。';
    const replied = await handler.act(ticket.id, 'reply', { content: replyText, handlerName: '李师傅', handlerPhone: '13900000002' });
    assert.equal(replied.status, 'replied');

    // The resident opens the appeal from the success page and sees the reply.
    await tap(page, '.msg__actions .btn', '查看诉求');
    await waitForRoute(page, '/appeal/detail/index');
    await visible(page, '.detail__reply-text', replyText).waitFor();
    await visible(page, '.detail__reply .cell__bd', '李师傅').waitFor();
    await visible(page, '.detail__steps .step__title', '已答复').first().waitFor();
    await screenshot(page, '04-detail-reply');

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
    await page.goto(`${api.baseUrl}/#/pages/appeals/index`);
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
