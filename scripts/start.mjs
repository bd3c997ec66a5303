// `npm start`: build what is missing, then run the API with the mini-program's H5 build and the console on the embedded
// database (or DATABASE_URL), demo data and the demo login on. Everything is configurable from the environment.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-b', 'apps/api']);
if (!process.env.H5_DIR && !fs.existsSync(path.join(root, 'apps/miniprogram/dist/h5/index.html'))) {
  console.log('Building the mini-program for H5 (first start only)…');
  run(npm, ['run', 'build:h5', '-w', 'apps/miniprogram']);
}
if (!process.env.CONSOLE_DIR && !fs.existsSync(path.join(root, 'apps/console/dist/index.html'))) {
  console.log('Building the web console (first start only)…');
  // A production bundle whatever the shell says: Vite and React read NODE_ENV.
  const r = spawnSync(npm, ['run', 'build', '-w', 'apps/console'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const env = { ...process.env };
if (env.NODE_ENV !== 'production') env.AUTH_DEV_LOGIN ??= 'true';
const api = spawn(process.execPath, [path.join(root, 'apps/api/dist/main.js')], { cwd: root, env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => api.kill(signal));
api.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
