// A phone-sized Chromium for the H5 tests, through the e2e support both apps share (scripts/e2e).
import { launchChromium, screenshotFile } from '../../../../scripts/e2e/chromium.mjs';
import { screenshotDir } from './env.mjs';

/** A phone-sized browser context; close() also removes the profile. */
export function launch() {
  return launchChromium('jyg12345-chromium', { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
}

/** A device stand-in for src/native: the map picker returns a fixed place. Installed before the app loads. */
export async function installFakeNative(context, place) {
  await context.addInitScript((p) => {
    window.__JYG12345_NATIVE__ = {
      canChooseLocation: () => true,
      chooseLocation: async () => ({ ok: true, value: { lat: p.lat, lng: p.lng, coordSystem: 'gcj02', address: p.address } }),
      getLocation: async () => ({ ok: true, value: { lat: p.lat, lng: p.lng, coordSystem: 'wgs84', address: null } }),
      makePhoneCall: async (phone) => {
        window.__JYG12345_CALLS__ = [...(window.__JYG12345_CALLS__ ?? []), phone];
        return { ok: true, value: undefined };
      },
    };
  }, place);
}

/**
 * The whole current page as a PNG under test-output/screenshots/. Taro's H5 pages scroll inside their own
 * container (.taro_page), so the viewport is stretched to the page's height for the shot and then restored.
 */
export async function screenshot(page, name) {
  const file = screenshotFile(screenshotDir, name);
  const viewport = page.viewportSize();
  const height = await page.evaluate(() => {
    const pages = [...document.querySelectorAll('.taro_page')].filter((el) => el.offsetParent !== null || getComputedStyle(el).display !== 'none');
    const current = pages[pages.length - 1];
    const tabbar = document.querySelector('.taro-tabbar__tabbar');
    const extra = tabbar && getComputedStyle(tabbar).display !== 'none' ? tabbar.getBoundingClientRect().height : 0;
    return current ? current.scrollHeight + extra : document.documentElement.scrollHeight;
  });
  if (viewport && height > viewport.height) await page.setViewportSize({ width: viewport.width, height: Math.ceil(height) });
  try {
    await page.waitForTimeout(150);
    await page.screenshot({ path: file });
  } finally {
    if (viewport && height > viewport.height) await page.setViewportSize(viewport);
  }
  return file;
}
