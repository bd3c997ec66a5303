#!/usr/bin/env node
// `npm run test:e2e`: builds what is missing or stale (API, H5), then runs every e2e/*.e2e.mjs with node's test runner in
// real Chromium against the real API on a temp SQLite file, and again on a fresh MariaDB/MySQL database when
// TEST_DATABASE_URL (e.g. mysql://root@127.0.0.1:3306) is set. Ends with "N passed, N failed".
import path from 'node:path';
import { buildApi, builtBefore, runE2e, step } from '../../../scripts/e2e/runner.mjs';
import { h5BuildUsable } from '../scripts/h5-build.mjs';
import { appDir, h5Dir } from './support/env.mjs';

buildApi();
if (!h5BuildUsable(h5Dir) || builtBefore(path.join(h5Dir, 'index.html'), path.join(appDir, 'src'))) {
  console.log('e2e: building the H5 app (dist/h5 is missing, older than its sources or a development build)…');
  // Under NODE_ENV=development on purpose, as on many developers' machines: the build must still be production.
  step('npm', ['run', 'build:h5', '-w', 'apps/miniprogram'], { ...process.env, NODE_ENV: 'development' });
}

await runE2e({ label: 'e2e', e2eDir: path.join(appDir, 'e2e'), timeout: 180_000 });
