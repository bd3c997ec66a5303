#!/usr/bin/env node
// Prints the gzipped size of the JavaScript (and CSS) the console loads for its first screen — the login page,
// i.e. the entry chunk and everything it imports statically — and for the first page after login (待受理).
// Reads the Vite manifest of the last build (apps/console/dist/.vite/manifest.json). Exits 1 over the budget.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');
const BUDGET_KB = Number(process.env.CONSOLE_FIRST_SCREEN_BUDGET_KB ?? 500);
const manifestFile = path.join(dist, '.vite/manifest.json');
if (!fs.existsSync(manifestFile)) {
  console.error('console size: no build found, run `npm run build:console` first');
  process.exit(1);
}
const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));

/** Files a chunk needs before it runs: itself, its CSS and its static imports, transitively. */
function closure(keys) {
  const files = new Set();
  const seen = new Set();
  const walk = (key) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const dep of chunk.imports ?? []) walk(dep);
  };
  keys.forEach(walk);
  return files;
}

function measure(files) {
  let raw = 0;
  let gz = 0;
  for (const f of files) {
    const bytes = fs.readFileSync(path.join(dist, f));
    raw += bytes.length;
    gz += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gz };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const entry = Object.keys(manifest).find((k) => manifest[k].isEntry);
const queue = Object.keys(manifest).find((k) => k.endsWith('pages/Intake/Queue.tsx'));
const first = measure(closure([entry]));
const afterLogin = measure(closure([entry, ...(queue ? [queue] : [])]));
console.log(`console first screen (login): ${kb(first.gz)} gzipped JS+CSS (${kb(first.raw)} raw), budget ${BUDGET_KB} KB`);
console.log(`console after login (待受理): ${kb(afterLogin.gz)} gzipped (${kb(afterLogin.raw)} raw)`);
if (first.gz > BUDGET_KB * 1024) {
  console.error(`console size: the first screen is over the ${BUDGET_KB} KB budget`);
  process.exit(1);
}
