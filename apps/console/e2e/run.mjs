#!/usr/bin/env node
// `npm run test:console-e2e`: builds the API and (when its sources changed) the console, then runs every
// e2e/*.e2e.mjs in real Chromium at 1440×900 against the real API on a temp SQLite file, and again on a fresh
// MariaDB/MySQL database when TEST_DATABASE_URL is set. Ends with "N passed, N failed".
import path from 'node:path';
import { buildApi, builtBefore, runE2e, step } from '../../../scripts/e2e/runner.mjs';
import { consoleDir, distDir } from './support/env.mjs';

buildApi();
if (builtBefore(path.join(distDir, 'index.html'), path.join(consoleDir, 'src'))) {
  console.log('console e2e: building the console…');
  step('npm', ['run', 'build', '-w', 'apps/console'], { ...process.env, NODE_ENV: 'production' });
}

// A todo test documents a gap the API still has: reported, not counted.
await runE2e({ label: 'console e2e', e2eDir: path.join(consoleDir, 'e2e'), timeout: 240_000, countTodo: false });
