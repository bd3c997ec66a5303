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
import { ulid } from 'ulid';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const MYSQL = process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306';
export const DURATION = Number(process.env.BENCH_DURATION ?? 10);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
/** How many times each comparison is measured in turn (API, raw, minimal): the median round is the figure. */
export const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 1));

/** Of rounds `{ api, raw, minimal }`, the one whose API ÷ minimal (else ÷ raw) ratio is the median. */
export function medianRound(rounds) {
  const ratio = (r) => r.api.rps / (r.minimal ?? r.raw).rps;
  return [...rounds].sort((x, y) => ratio(x) - ratio(y))[Math.floor((rounds.length - 1) / 2)];
}

/** One round's line: the API against the minimal work (else the raw limit), and against the raw limit. */
export function roundLine(n, { api, raw, minimal, bare }) {
  const base = minimal ?? raw;
  const floors = Object.entries(bare ?? {})
    .map(([label, b]) => `; ${label} ${(b.rps / base.rps).toFixed(2)}${byCpu(b, base)} (${fmt(b)})`)
    .join('');
  return `  round ${n}: ${(api.rps / base.rps).toFixed(2)} of ${minimal ? 'minimal' : 'raw'}${byCpu(api, base)} (${fmt(api)} | ${fmt(base)})${minimal ? `, ${(api.rps / raw.rps).toFixed(2)} of raw` : ''}${floors}`;
}

/**
 * Which bare apps (bench/bare-apps.mjs) run beside the API, the floors of the same run: `BENCH_BARE=nest,fastify`
 * (the default), one of them, or `false` for none.
 */
export const BARE = process.env.BENCH_BARE === 'false' ? [] : (process.env.BENCH_BARE ?? 'nest,fastify').split(',').filter(Boolean);
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
  const dist = process.env.BENCH_API_MAIN ? path.dirname(process.env.BENCH_API_MAIN) : path.join(ROOT, 'apps/api/dist');
  const r = spawnSync(process.execPath, [path.join(dist, 'seed.js')], {
    env: { ...process.env, DATABASE_URL: dbUrl, SEED_DEMO: String(demo), NODE_ENV: 'development', LOG_LEVEL: 'error' },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`seed failed: ${r.stderr || r.stdout}`);
}

/**
 * `node apps/api/dist/main.js` against dbUrl on a free loopback port, configured as `npm start` runs it: logs at
 * `info` (written to a file, as a deployment's log shipper would take them), rate limits on (their counting is part
 * of every filing; the limits are raised so that one address filing thousands a second is never refused), the
 * default pool (DATABASE_POOL_SIZE 10) and background jobs. `BENCH_API_ENV='LOG_LEVEL=silent RATE_LIMIT_ENABLED=false'`
 * adds or overrides variables (e.g. to see what the logs or the limits cost); `extra` is the bench's own.
 */
export async function startApi(dbUrl, extra = {}) {
  const port = await freePort();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jyg-bench-'));
  // BENCH_API_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the API under load
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const overrides = Object.fromEntries(
    (process.env.BENCH_API_ENV ?? '').split(' ').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
  // BENCH_API_MAIN=/path/to/an/older/dist/main.js: the same bench against another build (before/after figures)
  const main = process.env.BENCH_API_MAIN ?? path.join(ROOT, 'apps/api/dist/main.js');
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? tmp,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: dbUrl,
    AUTH_DEV_LOGIN: 'true',
    // counted, never reached: one address files thousands of appeals a second here
    RATE_LIMIT_LOGIN_PER_MIN: '1000000',
    RATE_LIMIT_FILE_PER_HOUR: '1000000',
    RATE_LIMIT_UPLOAD_PER_HOUR: '1000000',
    H5_DIR: path.join(tmp, 'no-h5'),
    ATTACHMENTS_DIR: path.join(tmp, 'attachments'),
    ...extra,
    ...overrides,
  };
  return { base: `http://127.0.0.1:${port}`, ...(await startListening('API', [...nodeArgs, main], env, tmp)) };
}

/**
 * `node …args` as a child process with its output in a file under `tmp`, once it prints "listening on" (60 s at
 * most): { pid, log(), stop() }. Killed when this process exits.
 */
export async function startListening(label, args, env, tmp) {
  const logFile = path.join(tmp, 'out.log');
  const logFd = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', logFd, logFd] });
  fs.closeSync(logFd);
  const out = () => fs.readFileSync(logFile, 'utf8');
  const exited = new Promise((r) => child.on('exit', r));
  process.on('exit', () => child.kill('SIGKILL'));
  const deadline = Date.now() + 60_000;
  while (!/listening on/.test(out())) {
    if (child.exitCode !== null) throw new Error(`${label} exited:\n${out()}`);
    if (Date.now() > deadline) throw new Error(`${label} did not start:\n${out()}`);
    await sleep(100);
  }
  return {
    pid: child.pid,
    log: out,
    async stop() {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); null elsewhere. */
export function cpuSeconds(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return null;
  }
}

let databasePidFound;

/**
 * The local MariaDB/MySQL server's process, for its CPU time: `BENCH_DB_PID`, else the oldest `mariadbd` or
 * `mysqld` running here (the machine's own; test suites start theirs later) when the bench's database is on
 * loopback; null otherwise.
 */
export function databasePid() {
  if (databasePidFound !== undefined) return databasePidFound;
  if (process.env.BENCH_DB_PID) return (databasePidFound = Number(process.env.BENCH_DB_PID));
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(MYSQL).hostname);
  const oldest = local ? spawnSync('pgrep', ['-xo', 'mariadbd|mysqld'], { encoding: 'utf8' }).stdout?.trim() : '';
  return (databasePidFound = oldest ? Number(oldest) : null);
}

/**
 * Measures `work` (returning { total, ... }) with the CPU time per request of the API process (`cpuMs`), the
 * database server (`dbMs`) and this process, the load generator (`clientMs`; autocannon or the raw loops): on a
 * shared, loaded machine throughput swings with the neighbours, CPU per request much less, and the three together
 * are what a request costs the machine.
 */
export async function measuringCpu(work, apiPid = null) {
  const dbPid = databasePid();
  const read = () => ({ api: apiPid === null ? null : cpuSeconds(apiPid), db: dbPid === null ? null : cpuSeconds(dbPid), client: process.cpuUsage() });
  const before = read();
  const r = await work();
  const after = read();
  const per = (a, b) => (a === null || b === null || r.total === 0 ? null : ((b - a) * 1000) / r.total);
  const client = process.cpuUsage(before.client);
  return { ...r, cpuMs: per(before.api, after.api), dbMs: per(before.db, after.db), clientMs: r.total === 0 ? null : (client.user + client.system) / 1000 / r.total };
}

/** autocannon against the API, with the CPU time per request of the API, the database and autocannon. */
export function cannonApi(api, opts) {
  return measuringCpu(() => cannon(opts), api.pid);
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

/**
 * `workers` concurrent loops of `op(i)` for `seconds`: the raw baseline, measured like autocannon, with the CPU time
 * per operation of the database and of these loops (mysql2).
 */
export function rawLoad(op, options = {}) {
  return measuringCpu(() => loops(op, options));
}

async function loops(op, { workers = CONNECTIONS, seconds = DURATION }) {
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

/** CPU ms a request: the API's (when it ran), the database's and the load generator's, e.g. `CPU/req 0.35 + DB 0.19 + load 0.06 ms`. */
function cpuFigures(r) {
  const parts = [r.cpuMs ? r.cpuMs.toFixed(2) : null, r.dbMs ? `DB ${r.dbMs.toFixed(2)}` : null, r.clientMs ? `load ${r.clientMs.toFixed(2)}` : null].filter(Boolean);
  return parts.length ? `, CPU/req ${parts.join(' + ')} ms` : '';
}

export const fmt = (r) =>
  `${Math.round(r.rps).toLocaleString('en')}/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms${cpuFigures(r)}${r.errors || r.non2xx ? `, ${r.errors} errors, ${r.non2xx ?? 0} non-2xx` : ''}`;

/** Everything a request cost the machine (API, database, load generator), null when a part is unknown. */
const machineMs = (r) => (r.dbMs && r.clientMs ? (r.cpuMs ?? 0) + r.dbMs + r.clientMs : null);

/**
 * ` (by CPU 0.43)`: the baseline's CPU a request over the API's, all processes counted. With the cores saturated,
 * throughput is the cores over that CPU, so this is the throughput ratio less the neighbours' timing.
 */
function byCpu(api, base) {
  const a = machineMs(api);
  const b = machineMs(base);
  return a && b ? ` (by CPU ${(b / a).toFixed(2)})` : '';
}

export function line(label, api, raw, minimal, bare) {
  const design = `${label.padEnd(22)} API ${fmt(api)} | raw ${fmt(raw)} | ratio ${(api.rps / raw.rps).toFixed(2)}${byCpu(api, raw)}`;
  const withMinimal = minimal ? `${design}\n${' '.repeat(22)} minimal raw ${fmt(minimal)} | ratio ${(api.rps / minimal.rps).toFixed(2)}${byCpu(api, minimal)}` : design;
  const base = minimal ?? raw;
  const floors = Object.entries(bare ?? {}).map(
    ([name, b]) =>
      `\n${' '.repeat(22)} ${name} ${fmt(b)} | ${(b.rps / base.rps).toFixed(2)}${byCpu(b, base)} of ${minimal ? 'minimal' : 'raw'}; API ÷ it ${(api.rps / b.rps).toFixed(2)}${byCpu(api, b)}`,
  );
  return withMinimal + floors.join('');
}

/**
 * The minimal raw work of the issue's table (docs/performance.md), the same in every bench: a mysql2 pool of 10
 * driven by CONNECTIONS concurrent loops. Filing: a ticket row and its event row in one transaction (no
 * idempotency key, no number block: the rows we choose to write besides are our cost). Reading one: a
 * primary-key select.
 */
export const MINIMAL_POOL = 10;

export async function minimalFile(p, residentId, run, i) {
  const c = await p.getConnection();
  try {
    const now = new Date();
    const id = ulid();
    await c.beginTransaction();
    await c.query(
      'INSERT INTO tickets (id, number, status, version, channel, type, description, lat, lng, coordSystem, address, confidential, residentId, createdAt, updatedAt, urgent, urgeCount, extensionDays, outsideArea, wgs84Lat, wgs84Lng) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
      [id, `M${run}${String(i).padStart(9, '0')}`, 'submitted', 1, 'miniprogram', 'complaint', '小区供暖不热，室温只有12度，已经持续一周了，请相关部门尽快处理', 39.8023, 98.2901, 'gcj02', '雄关区新华中路', 0, residentId, now, now, 0, 0, 0, 0, 39.8, 98.28],
    );
    await c.query('INSERT INTO ticket_events (id, ticketId, action, fromStatus, toStatus, actorId, actorRole, createdAt) VALUES (?,?,?,?,?,?,?,?)', [ulid(), id, 'submit', null, 'submitted', residentId, 'resident', now]);
    await c.commit();
    return id;
  } catch (err) {
    await c.rollback().catch(() => undefined);
    throw err;
  } finally {
    c.release();
  }
}

/**
 * A unit's queue by deadline, the best hand-written SQL for it: one ordered range of ix_ticket_units_queue per
 * (unit, status), each cut at a page, merged and cut again, then the tickets, in one statement.
 */
export async function unitQueuePage(via, unitIds, statuses, extra = '', extraParams = []) {
  const ranges = [];
  const params = [];
  for (const u of unitIds)
    for (const st of statuses) {
      ranges.push(`(SELECT ticketId, replyDueAt FROM ticket_units WHERE unitId = ? AND status = ? AND replyDueAt IS NOT NULL ${extra} ORDER BY replyDueAt, ticketId LIMIT 21)`);
      params.push(u, st, ...extraParams);
    }
  const [rows] = await via.query(`SELECT t.* FROM tickets t JOIN (${ranges.join(' UNION ALL ')}) q ON q.ticketId = t.id ORDER BY q.replyDueAt, q.ticketId LIMIT 21`, params);
  return rows;
}

/** A resident's own appeals, newest first: a page and one more. */
export async function residentPage(via, residentId) {
  const [rows] = await via.query('SELECT * FROM tickets WHERE residentId = ? ORDER BY id DESC LIMIT 21', [residentId]);
  return rows;
}

/** The ticket row, or undefined. */
export async function minimalRead(p, id) {
  const [[row]] = await p.query('SELECT * FROM tickets WHERE id = ?', [id]);
  return row;
}
