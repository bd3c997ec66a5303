// `npm start`: build what is missing, then run the API with the mini-program's H5 build and the console on the embedded
// database (or DATABASE_URL), demo data and the demo login on. Everything is configurable from the environment.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { h5BuildUsable } from '../apps/miniprogram/scripts/h5-build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-b', 'apps/api']);
// Always a production build, whatever NODE_ENV this shell has (scripts/build.mjs); a development build left
// behind by an older run is replaced.
if (!process.env.H5_DIR && !h5BuildUsable(path.join(root, 'apps/miniprogram/dist/h5'))) {
  console.log('Building the mini-program for H5 (first start only)…');
  run(process.execPath, [path.join(root, 'apps/miniprogram/scripts/build.mjs'), 'h5']);
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

/** Once the API answers, say where to go: the JSON log lines above are for machines. */
async function announce() {
  const port = env.PORT ?? '3000';
  const base = `http://localhost:${port}`;
  for (let i = 0; i < 600 && api.exitCode === null; i += 1) {
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.ok) {
        console.log(
          [
            '',
            `  12345 接诉即办 is running:`,
            `    市民端 (mini-program, H5)   ${base}/`,
            `    工作人员 (handler login)     ${base}/#/staff/login/index`,
            `    热线中心工作台 (console)     ${base}/console/`,
            `    API documentation          ${base}/api/docs`,
            '',
          ].join('\n'),
        );
        return;
      }
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
void announce();
