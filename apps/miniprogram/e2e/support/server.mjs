// Starts the real API (apps/api/dist/main.js) on a free port against a fresh database: a temp SQLite file, or a
// fresh MariaDB/MySQL database (created by the API's seed script, dropped on stop) when E2E_DATABASE is a URL.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { DEMO_PASSWORD, e2eDatabase, h5Dir, repoRoot } from './env.mjs';

const require = createRequire(import.meta.url);

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function runNode(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} exited ${code}\n${out}`))));
  });
}

async function dropDatabase(serverUrl, name) {
  const mysql = require('mysql2/promise');
  const conn = await mysql.createConnection(serverUrl);
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await conn.end();
  }
}

/** @returns {Promise<{ baseUrl: string, logs: () => string, stop: () => Promise<void> }>} */
export async function startApi() {
  const port = await freePort();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jyg12345-e2e-'));
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    AUTH_DEV_LOGIN: 'true',
    H5_DIR: h5Dir,
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
    DEMO_PASSWORD,
    SCAN_INTERVAL_MS: '0',
    // Cheap password hashing: every test logs staff in several times.
    PASSWORD_SCRYPT_COST: '1024',
  };
  delete env.DATABASE_URL;
  let dbName = null;
  if (e2eDatabase === 'sqlite') {
    env.SQLITE_PATH = path.join(tmp, 'e2e.sqlite');
  } else {
    dbName = `jyg12345_e2e_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
    env.DATABASE_URL = `${e2eDatabase.replace(/\/+$/, '')}/${dbName}`;
    env.SEED_DEMO = 'true';
    try {
      await runNode([path.join(repoRoot, 'apps/api/dist/seed.js')], env);
    } catch (error) {
      await dropDatabase(e2eDatabase, dbName).catch(() => undefined);
      throw error;
    }
  }

  const child = spawn(process.execPath, [path.join(repoRoot, 'apps/api/dist/main.js')], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const exited = new Promise((resolve) => child.on('exit', resolve));

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      if (dbName) await dropDatabase(e2eDatabase, dbName).catch(() => undefined);
      throw new Error(`API exited with ${child.exitCode}:\n${log}`);
    }
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      if (dbName) await dropDatabase(e2eDatabase, dbName).catch(() => undefined);
      throw new Error(`API did not become healthy:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    baseUrl,
    logs: () => log,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      if (dbName) await dropDatabase(e2eDatabase, dbName);
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
