#!/usr/bin/env node
// `npm run build:h5` / `build:weapp`: a production build whatever NODE_ENV the shell carries. Taro keeps an
// existing NODE_ENV, and under `development` its H5 build compiles in React Fast Refresh without the dev server
// that defines `$RefreshReg$`: the page then throws and renders nothing. Watch builds (dev:*) keep development.
// Usage: node scripts/build.mjs h5|weapp [more taro args]
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [type, ...rest] = process.argv.slice(2);
if (type !== 'h5' && type !== 'weapp') {
  console.error('usage: node scripts/build.mjs h5|weapp [taro args]');
  process.exit(2);
}
const taroBin = createRequire(path.join(appDir, 'package.json')).resolve('@tarojs/cli/bin/taro');
const r = spawnSync(process.execPath, [taroBin, 'build', '--type', type, ...rest], {
  cwd: appDir,
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'production' },
});
process.exit(r.status ?? 1);
