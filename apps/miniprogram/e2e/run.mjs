#!/usr/bin/env node
// `npm run test:e2e`: builds what is missing (API, H5), then runs every e2e/*.e2e.mjs with node's test runner in
// real Chromium against the real API on a temp SQLite file, and again on a fresh MariaDB/MySQL database when
// TEST_DATABASE_URL (e.g. mysql://root@127.0.0.1:3306) is set. Ends with "N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { h5BuildUsable } from '../scripts/h5-build.mjs';
import { appDir, h5Dir, repoRoot } from './support/env.mjs';

function step(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

step(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-b', 'apps/api']);
if (!h5BuildUsable(h5Dir)) {
  console.log('e2e: building the H5 app (dist/h5 is missing or a development build)…');
  // Under NODE_ENV=development on purpose, as on many developers' machines: the build must still be production.
  step('npm', ['run', 'build:h5', '-w', 'apps/miniprogram'], { ...process.env, NODE_ENV: 'development' });
}

const only = process.argv.slice(2);
const e2eDir = path.join(appDir, 'e2e');
const files = fs
  .readdirSync(e2eDir)
  .filter((f) => f.endsWith('.e2e.mjs') && (only.length === 0 || only.some((o) => f.includes(o))))
  .map((f) => path.join(e2eDir, f));

/** The server part of TEST_DATABASE_URL: each test file creates (and drops) its own database there. */
function serverUrl(url) {
  const u = new URL(url);
  u.pathname = '';
  return u.toString().replace(/\/+$/, '');
}
const databases = ['sqlite', ...(process.env.TEST_DATABASE_URL ? [serverUrl(process.env.TEST_DATABASE_URL)] : [])];

let passed = 0;
let failed = 0;
for (const database of databases) {
  console.log(`\ne2e on ${database === 'sqlite' ? 'SQLite (temp file)' : database}`);
  process.env.E2E_DATABASE = database;
  const stream = run({ files, concurrency: 1, timeout: 180_000 });
  stream.on('test:pass', (t) => {
    if (t.details?.type !== 'suite') passed += 1;
  });
  stream.on('test:fail', (t) => {
    if (t.details?.type !== 'suite') failed += 1;
  });
  await new Promise((resolve, reject) => {
    stream.compose(spec).pipe(process.stdout, { end: false });
    stream.on('end', resolve);
    stream.on('error', reject);
  });
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
