// Shared bench pieces: the compiled API as a child process on loopback, autocannon runs, and a raw mysql2
// load loop measured the same way (throughput, p50, p99) for the baseline of the same run.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import mysql from 'mysql2/promise';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const MYSQL = process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306';
export const DURATION = Number(process.env.BENCH_DURATION ?? 10);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export function machine() {
  const cpus = os.cpus();
  const v = spawnSync('mysql', ['--no-defaults', '-N', '-uroot', '-h127.0.0.1', '-e', 'select version()'], { encoding: 'utf8' }).stdout?.trim();
  return `${cpus.length} × ${cpus[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, MariaDB ${v || '?'}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`;
}

export function seedDatabase(dbUrl, demo = false) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'apps/api/dist/seed.js')], {
    env: { ...process.env, DATABASE_URL: dbUrl, SEED_DEMO: String(demo), NODE_ENV: 'development', LOG_LEVEL: 'error' },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`seed failed: ${r.stderr || r.stdout}`);
}

/** `node apps/api/dist/main.js` against dbUrl on a free loopback port. */
export async function startApi(dbUrl, extra = {}) {
  const port = await freePort();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jyg-bench-'));
  // BENCH_API_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the API under load
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'apps/api/dist/main.js')], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME ?? tmp,
      NODE_ENV: 'development',
      LOG_LEVEL: 'silent',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: dbUrl,
      AUTH_DEV_LOGIN: 'true',
      // the bench measures throughput, not the abuse limits (one address, thousands of appeals a second)
      RATE_LIMIT_ENABLED: 'false',
      SCAN_INTERVAL_MS: '0',
      NOTIFY_INTERVAL_MS: '0',
      PROVINCE_INTERVAL_MS: '0',
      // as many connections to MariaDB as the raw side's pool (pool() below)
      DATABASE_POOL_SIZE: String(CONNECTIONS),
      H5_DIR: path.join(tmp, 'no-h5'),
      ATTACHMENTS_DIR: path.join(tmp, 'attachments'),
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise((r) => child.on('exit', r));
  process.on('exit', () => child.kill('SIGKILL'));
  const deadline = Date.now() + 60_000;
  while (!/listening on/.test(out)) {
    if (child.exitCode !== null) throw new Error(`API exited:\n${out}`);
    if (Date.now() > deadline) throw new Error(`API did not start:\n${out}`);
    await sleep(50);
  }
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    pid: child.pid,
    log: () => out,
    async stop() {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}

export async function json(base, method, url, body, token) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(base + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = await res.json();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(data)}`);
  return data;
}

/** autocannon on loopback; returns { rps, p50, p99, errors, non2xx, total }. */
export async function cannon(opts) {
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION, ...opts });
  return {
    rps: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** `workers` concurrent loops of `op(i)` for `seconds`: the raw baseline, measured like autocannon. */
export async function rawLoad(op, { workers = CONNECTIONS, seconds = DURATION } = {}) {
  const lat = [];
  let n = 0;
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      while (performance.now() < end) {
        const t = performance.now();
        try {
          await op(n++, w);
        } catch (err) {
          if (errors++ === 0) console.error(`raw: ${err.message}`);
        }
        lat.push(performance.now() - t);
      }
    }),
  );
  lat.sort((a, b) => a - b);
  const q = (p) => lat[Math.min(lat.length - 1, Math.floor(lat.length * p))] ?? 0;
  return { rps: lat.length / seconds, total: lat.length, p50: q(0.5), p99: q(0.99), errors };
}

export function pool(dbUrl, size = CONNECTIONS) {
  return mysql.createPool({ uri: dbUrl, connectionLimit: size, timezone: 'Z', charset: 'utf8mb4_unicode_ci' });
}

export const fmt = (r) => `${Math.round(r.rps).toLocaleString('en')}/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms${r.errors || r.non2xx ? `, ${r.errors} errors, ${r.non2xx ?? 0} non-2xx` : ''}`;

export function line(label, api, raw) {
  return `${label.padEnd(22)} API ${fmt(api)} | raw ${fmt(raw)} | ratio ${(api.rps / raw.rps).toFixed(2)}`;
}
