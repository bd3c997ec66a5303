// `npm start` as a developer runs it: NODE_ENV=development in the shell. The product must come up with a
// production H5 build (no Fast Refresh calls, which throw `$RefreshReg$ is not defined` without a dev server),
// say which URL to open, and the page must render without page errors.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { h5BuildUsable } from '../scripts/h5-build.mjs';
import { launch, screenshot } from './support/browser.mjs';
import { visible } from './support/page.mjs';
import { h5Dir, repoRoot } from './support/env.mjs';
import { freePort } from './support/server.mjs';

describe('npm start with NODE_ENV=development', () => {
  let child;
  let out = '';
  let port;
  let tmp;
  let browser;

  before(async () => {
    port = await freePort();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jyg12345-start-'));
    const env = { ...process.env, NODE_ENV: 'development', PORT: String(port), SQLITE_PATH: path.join(tmp, 'start.sqlite'), ATTACHMENTS_DIR: path.join(tmp, 'attachments'), LOG_LEVEL: 'warn', SCAN_INTERVAL_MS: '0', PASSWORD_SCRYPT_COST: '1024' };
    delete env.DATABASE_URL;
    delete env.H5_DIR;
    delete env.AUTH_DEV_LOGIN;
    child = spawn(process.execPath, [path.join(repoRoot, 'scripts/start.mjs')], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const deadline = Date.now() + 170_000;
    while (!out.includes(`http://localhost:${port}/`)) {
      if (child.exitCode !== null) throw new Error(`npm start exited ${child.exitCode}:\n${out}`);
      if (Date.now() > deadline) throw new Error(`npm start printed no URL:\n${out}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('serves a production H5 build that renders the home page without page errors, and prints where to open it', async () => {
    assert.match(out, /市民端.*http:\/\/localhost:\d+\//);
    assert.ok(h5BuildUsable(h5Dir), 'dist/h5 is a production build');
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://localhost:${port}/`);
    await visible(page, '.home__entry').first().waitFor();
    await screenshot(page, '00-start-development-env');
    assert.deepEqual(errors, []);
  });
});
