// Desktop Chromium (1440×900) for the console's tests, through the e2e support both apps share (scripts/e2e).
import { launchChromium, screenshotFile } from '../../../../scripts/e2e/chromium.mjs';
import { screenshotDir } from './env.mjs';

export async function launch() {
  const browser = await launchChromium('jyg12345-console', { viewport: { width: 1440, height: 900 } });
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  return { ...browser, page };
}

/** The whole page (not only the viewport) as test-output/screenshots/console-<name>.png. */
export async function screenshot(page, name) {
  const file = screenshotFile(screenshotDir, `console-${name}`);
  await page.waitForTimeout(200);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
