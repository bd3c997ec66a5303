#!/usr/bin/env node
// Prints the WeChat package sizes of the weapp build (dist/weapp) in bytes: the main package and each
// subpackage. Fails (exit 1) when any package exceeds WeChat's 2 MB limit; warns above 600 KB.
// Usage: node scripts/size-report.mjs [distDir]   (run `npm run build:weapp` first)
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const LIMIT = 2 * 1024 * 1024;
const WARN = 600 * 1024;
// Not part of the uploaded code package.
const IGNORED = new Set(['project.config.json', 'project.private.config.json']);
const IGNORED_EXT = ['.map'];

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const distDir = path.resolve(process.argv[2] ?? path.join(appDir, 'dist/weapp'));

function filesUnder(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else out.push(full);
  }
  return out;
}

let appJson;
try {
  appJson = JSON.parse(readFileSync(path.join(distDir, 'app.json'), 'utf8'));
} catch {
  console.error(`size-report: no ${path.join(distDir, 'app.json')}; run \`npm run build:weapp\` first`);
  process.exit(1);
}

const subRoots = [...(appJson.subPackages ?? []), ...(appJson.subpackages ?? [])].map((p) => p.root.replace(/^\/+|\/+$/g, ''));
const sizes = new Map([['(main)', 0], ...subRoots.map((r) => [r, 0])]);

for (const file of filesUnder(distDir)) {
  const rel = path.relative(distDir, file).split(path.sep).join('/');
  if (IGNORED.has(rel) || IGNORED_EXT.some((ext) => rel.endsWith(ext))) continue;
  const root = subRoots.find((r) => rel === r || rel.startsWith(`${r}/`)) ?? '(main)';
  sizes.set(root, sizes.get(root) + statSync(file).size);
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
let failed = false;
let total = 0;
console.log(`WeChat package sizes (${distDir}):`);
for (const [name, bytes] of sizes) {
  total += bytes;
  let verdict = 'ok';
  if (bytes > LIMIT) {
    verdict = 'FAIL: over the 2 MB limit';
    failed = true;
  } else if (bytes > WARN) {
    verdict = 'warning: over 600 KB';
  }
  const label = name === '(main)' ? 'main package' : `subpackage ${name}`;
  console.log(`  ${label.padEnd(28)} ${String(bytes).padStart(9)} bytes  ${kb(bytes).padStart(10)}  ${verdict}`);
}
console.log(`  ${'total'.padEnd(28)} ${String(total).padStart(9)} bytes  ${kb(total).padStart(10)}`);
if (failed) {
  console.error('size-report: a package exceeds 2 MB; WeChat will refuse the upload.');
  process.exit(1);
}
