// Headless Chromium through playwright-core, with the flags from /work/shared/TOOLCHAIN.md and a fresh profile.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { screenshotDir } from './env.mjs';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A phone-sized browser context; close() also removes the profile. */
export async function launch() {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jyg12345-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: FLAGS,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  context.setDefaultTimeout(15_000);
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
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
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
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
