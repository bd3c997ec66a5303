// What both e2e runners (apps/console/e2e/run.mjs, apps/miniprogram/e2e/run.mjs) do once their app is built: pick
// the *.e2e.mjs files named on the command line (all by default), run them with node's test runner on a temp SQLite
// file and again on a fresh MariaDB/MySQL database when TEST_DATABASE_URL is set, and end with "N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Runs a build step in the repository's root; its failure ends the run with its exit code. */
export function step(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** The API's build (every e2e suite runs apps/api/dist). */
export function buildApi() {
  step(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-b', 'apps/api']);
}

/**
 * Whether a build (its `index.html`) is older than any file under its app's `src` or shared's: a developer who edited
 * the sources and runs the e2e gets them tested, not the last build.
 */
export function builtBefore(indexHtml, appSrc) {
  if (!fs.existsSync(indexHtml)) return true;
  const builtAt = fs.statSync(indexHtml).mtimeMs;
  return [appSrc, path.join(repoRoot, 'shared/src')].some((dir) =>
    fs.readdirSync(dir, { withFileTypes: true, recursive: true }).some((e) => e.isFile() && fs.statSync(path.join(e.parentPath, e.name)).mtimeMs > builtAt),
  );
}

/** The server part of TEST_DATABASE_URL: each test file creates (and drops) its own database there. */
function serverUrl(url) {
  const u = new URL(url);
  u.pathname = '';
  return u.toString().replace(/\/+$/, '');
}

/**
 * Runs the suite in `e2eDir` (files whose names contain one of the command line's words, else all, by name) once per
 * database, E2E_DATABASE telling the tests which. `countTodo: false` reports a failing todo test without counting
 * it. Exits 1 when anything failed or nothing passed.
 */
export async function runE2e({ label, e2eDir, timeout, countTodo = true }) {
  const only = process.argv.slice(2);
  const files = fs
    .readdirSync(e2eDir)
    .filter((f) => f.endsWith('.e2e.mjs') && (only.length === 0 || only.some((o) => f.includes(o))))
    .sort()
    .map((f) => path.join(e2eDir, f));
  const databases = ['sqlite', ...(process.env.TEST_DATABASE_URL ? [serverUrl(process.env.TEST_DATABASE_URL)] : [])];

  let passed = 0;
  let failed = 0;
  for (const database of databases) {
    console.log(`\n${label} on ${database === 'sqlite' ? 'SQLite (temp file)' : database}`);
    process.env.E2E_DATABASE = database;
    const stream = run({ files, concurrency: 1, timeout });
    stream.on('test:pass', (t) => {
      if (t.details?.type !== 'suite') passed += 1;
    });
    stream.on('test:fail', (t) => {
      if (t.details?.type !== 'suite' && (countTodo || !t.todo)) failed += 1;
    });
    await new Promise((resolve, reject) => {
      stream.compose(spec).pipe(process.stdout, { end: false });
      stream.on('end', resolve);
      stream.on('error', reject);
    });
  }
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}
