// The big screen (大屏) in real Chromium at 1920×1080: a screenshot with the demo data, then a heap check. The page
// polls every 250 ms (`?poll=250`, a test-only interval; the wall polls every 30 s) while the API is fed new
// appeals and dispatches; after a warm-up it must go through MEASURED_CYCLES refreshes (150 by default), i.e.
// MEASURED_CYCLES × 30 s of the wall's life (75 minutes), with the heap (after a forced GC), the DOM and the canvases back where they were.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiClient } from '../../miniprogram/e2e/support/api.mjs';
import { launch, screenshot } from './support/browser.mjs';
import { login } from './support/console.mjs';
import { startApi } from './support/server.mjs';
import { apiAndBrowser } from '../../../scripts/e2e/suite.mjs';

const POLL_MS = 250;
// V8 compiles and caches for the first few hundred refreshes (a probe of 800 refreshes without new data: 9.8 → 11.7 MB
// over the first 400, then flat within ±0.5 MB); keeping each refresh's figures (a few KB to 100 KB) would show.
const WARM_UP_CYCLES = 50;
/**
 * 150 refreshes, 75 minutes of the wall at its 30-second poll: 50–90 s here (each refresh waits for the API's answer,
 * slower on MariaDB), so the file stays inside the runner's 240-s limit on both databases.
 */
const MEASURED_CYCLES = Number(process.env.SCREEN_HEAP_CYCLES ?? 150);
/** What the heap may grow by over the measured cycles (ECharts and V8 keep a little slack). */
const HEAP_BOUND_BYTES = 3 * 1024 * 1024;
const FILED_AT_MOST = 80;

describe('big screen (console)', () => {
  let page;
  let operator;
  let category;
  let leadUnitId;
  let screenResponses = 0;

  const app = apiAndBrowser(startApi, launch, async ({ api, browser }) => {
    page = browser.page;
    await page.setViewportSize({ width: 1920, height: 1080 });
    operator = await ApiClient.staff(api.baseUrl, 'operator');
    const categories = await operator.get('/categories');
    category = categories.find((c) => c.level3 === '噪音污染') ?? categories[0];
    leadUnitId = category.defaultUnitId ?? (await operator.get('/units')).find((u) => u.code === 'dept.urban_management').id;
    page.on('response', (res) => {
      if (res.url().includes('/api/v1/proactive/screen') && res.status() === 200) screenResponses += 1;
    });
    await login(page, api.baseUrl, 'supervisor');
  });

  /** A phone appeal somewhere in the city (staff filings: the resident rate limit does not apply). */
  let filed = 0;
  async function fileAppeal() {
    filed += 1;
    return operator.post(
      '/tickets',
      {
        channel: 'phone',
        type: 'complaint',
        categoryId: category.id,
        description: `夜间施工噪音扰民，第 ${filed} 次反映。e2e-screen`,
        location: { lat: 39.77 + Math.random() * 0.05, lng: 98.25 + Math.random() * 0.06, coordSystem: 'gcj02', address: '雄关区' },
        confidential: false,
        urgent: false,
      },
      { 'Idempotency-Key': crypto.randomUUID() },
    );
  }

  const text = (id) => page.getByTestId(id).innerText();

  it('shows today, the rates, the charts, the map, the ranking and the topic at 1920×1080', async () => {
    await page.goto(`${app.api.baseUrl}/console/screen`);
    await page.getByTestId('big-screen').waitFor();
    const summary = await operator.get('/proactive/screen');
    await page.getByTestId('today-received').getByText(String(summary.today.received), { exact: true }).waitFor();
    assert.equal(await text('today-dispatched'), String(summary.today.dispatched));
    await page.getByTestId('screen-topic').waitFor();
    assert.match(await text('screen-topic'), new RegExp(summary.topic.title));
    await page.getByTestId('screen-ranking').waitFor();
    // three charts (categories, map, trend), drawn on canvas
    await page.getByTestId('chart-map').locator('canvas').waitFor();
    assert.equal(await page.locator('[data-testid^="chart-"] canvas').count(), 3);
    // let the charts' entry animations finish before the picture
    await page.waitForTimeout(1500);
    await screenshot(page, 'big-screen');
  });

  it('updates live without reloading, and its heap does not grow over the simulated period', async () => {
    await page.goto(`${app.api.baseUrl}/console/screen?poll=${POLL_MS}`);
    await page.getByTestId('chart-map').locator('canvas').waitFor();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics: list } = await cdp.send('Performance.getMetrics');
      return Object.fromEntries(list.map((m) => [m.name, m.value]));
    };
    const documents = await page.evaluate(() => performance.timeOrigin);

    // new appeals and dispatches keep the figures moving while the page polls; staff filings are limited to
    // 100 an hour (RATE_LIMIT_FILE_PER_HOUR × the address factor), so after FILED_AT_MOST only dispatches follow
    let feeding = true;
    const undispatched = [];
    const feeder = (async () => {
      while (feeding) {
        if (filed < FILED_AT_MOST) undispatched.push(await fileAppeal());
        if (filed % 2 === 0 || filed >= FILED_AT_MOST) {
          const t = undispatched.shift();
          if (t) await operator.post(`/tickets/${t.id}/actions/dispatch`, { version: t.version, leadUnitId }, { 'Idempotency-Key': crypto.randomUUID() });
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
    })();
    feeder.catch(() => undefined);
    const cycles = async (n) => {
      const target = screenResponses + n;
      const deadline = Date.now() + n * 1000 + 10_000;
      while (screenResponses < target) {
        if (Date.now() > deadline) throw new Error(`only ${screenResponses - (target - n)} of ${n} refreshes arrived`);
        await page.waitForTimeout(100);
      }
    };
    try {
      const receivedBefore = Number(await text('today-received'));
      await cycles(WARM_UP_CYCLES);
      const start = await metrics();
      const started = Date.now();
      await cycles(MEASURED_CYCLES);
      const end = await metrics();
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      const growth = end.JSHeapUsedSize - start.JSHeapUsedSize;
      console.log(
        `big screen heap: ${MEASURED_CYCLES} refreshes in ${seconds} s (= ${((MEASURED_CYCLES * 30) / 3600).toFixed(1)} h of the wall at its 30-s poll), ` +
          `${filed} appeals filed; JS heap ${(start.JSHeapUsedSize / 1048576).toFixed(2)} → ${(end.JSHeapUsedSize / 1048576).toFixed(2)} MB ` +
          `(${growth >= 0 ? '+' : ''}${(growth / 1024).toFixed(0)} KB), DOM nodes ${start.Nodes} → ${end.Nodes}, listeners ${start.JSEventListeners} → ${end.JSEventListeners}`,
      );
      assert.ok(growth < HEAP_BOUND_BYTES, `the heap grew by ${(growth / 1048576).toFixed(2)} MB over ${MEASURED_CYCLES} refreshes`);
      // the DOM and the listeners stay put: nothing is added per refresh (the clock and numbers change text only)
      assert.ok(Math.abs(end.Nodes - start.Nodes) <= 50, `DOM nodes ${start.Nodes} → ${end.Nodes}`);
      assert.ok(end.JSEventListeners - start.JSEventListeners <= 10, `listeners ${start.JSEventListeners} → ${end.JSEventListeners}`);
      assert.equal(await page.locator('canvas').count(), 3);
      // live: the page shows the appeals filed meanwhile, and it is the same document (no reload)
      assert.equal(await page.evaluate(() => performance.timeOrigin), documents);
      const summary = await operator.get('/proactive/screen');
      assert.ok(summary.today.received > receivedBefore);
      await page.getByTestId('today-received').getByText(String(summary.today.received), { exact: true }).waitFor({ timeout: 5000 }).catch(async () => {
        // the feeder may have filed one more since: the figure shown is at least what was there before the feed
        assert.ok(Number(await text('today-received')) > receivedBefore);
      });
    } finally {
      feeding = false;
      await feeder;
      await cdp.detach();
      await page.goto('about:blank');
    }
  });
});
