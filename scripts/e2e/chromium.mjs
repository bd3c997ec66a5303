// Headless Chromium through playwright-core for both e2e suites (the console's and the mini-program's H5): the
// flags from /work/shared/TOOLCHAIN.md, China's locale and time zone, a fresh profile each time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

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

/**
 * A browser context on a profile of its own (`profile` names its temp directory); `device` sets the viewport and
 * the rest of playwright's context options. close() also removes the profile.
 */
export async function launchChromium(profile, device) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${profile}-`));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: FLAGS,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...device,
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

/** Where a screenshot named `name` goes (test-output/screenshots/<name>.png), its folder made. */
export function screenshotFile(dir, name) {
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.png`);
}
