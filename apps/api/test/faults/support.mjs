// Shared pieces of the fault tests: the compiled API as a child process, a throwaway MariaDB server,
// retrying clients. Everything talks to 127.0.0.1 only and every loop is bounded in count and time.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const API_MAIN = path.join(REPO, 'apps/api/dist/main.js');
export const SEED_MAIN = path.join(REPO, 'apps/api/dist/seed.js');
/** The machine's shared MariaDB: only our own jyg_fault_* databases are created and dropped there. */
export const SHARED_MYSQL = process.env.FAULTS_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306';

/** Every child process we start, so a failing test never leaves one behind (it would keep the runner waiting). */
const children = new Set();
export function killChildren() {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children.clear();
}
process.on('exit', killChildren);

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export function tmpDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function apiEnv(extra) {
  const tmp = tmpDir('jyg-fault-api-');
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? tmp,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.FAULTS_LOG_LEVEL ?? 'silent',
    HOST: '127.0.0.1',
    AUTH_DEV_LOGIN: 'true',
    TOKEN_SECRET: 'fault-test-secret-fault-test-secret-0123',
    PASSWORD_SCRYPT_COST: '1024',
    SCAN_INTERVAL_MS: '0',
    NOTIFY_INTERVAL_MS: '0',
    // a burst of 200 appeals from 8 residents on one address is the load here, not abuse
    RATE_LIMIT_ENABLED: 'false',
    H5_DIR: path.join(tmp, 'no-h5'),
    ATTACHMENTS_DIR: path.join(tmp, 'attachments'),
    ...extra,
  };
}

/** Seeds the organisation and categories (no demo data) with the compiled seed script. */
export function seed(env) {
  const r = spawnSync(process.execPath, [SEED_MAIN], { env: { ...env, SEED_DEMO: 'false' }, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`seed failed (${r.status}): ${r.stderr || r.stdout}`);
}

/** Starts `node apps/api/dist/main.js` and waits until it listens. */
export async function startApi(env, { timeoutMs = 60_000 } = {}) {
  if (!fs.existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: run \`tsc -b apps/api\` first (npm run test:faults does)`);
  const child = spawn(process.execPath, [API_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let out = '';
  child.stdout.on('data', (d) => (out = (out + d).slice(-20_000)));
  child.stderr.on('data', (d) => (out = (out + d).slice(-20_000)));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const base = `http://127.0.0.1:${env.PORT}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`API exited during start:\n${out}`);
    if (/listening on/.test(out)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`API did not start within ${timeoutMs} ms:\n${out}`);
    }
    await sleep(50);
  }
  return {
    child,
    base,
    exited,
    log: () => out,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}

export async function http(base, method, url, { token, body, headers = {}, timeoutMs = 10_000 } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (body !== undefined) h['content-type'] = 'application/json';
  const started = performance.now();
  try {
    const res = await fetch(base + url, {
      method,
      headers: h,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, body: json, headers: res.headers, ms: performance.now() - started };
  } catch (err) {
    // A refused connection (API down) or our own timeout: status 0.
    const timedOut = err?.name === 'TimeoutError';
    return { status: 0, error: timedOut ? 'timeout' : String(err?.cause?.code ?? err?.message ?? err), ms: performance.now() - started };
  }
}

export async function residentToken(base, openid) {
  const r = await http(base, 'POST', '/api/v1/auth/dev', { body: { openid } });
  if (r.status !== 200 && r.status !== 201) throw new Error(`dev login failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token;
}

/** `count` residents' tokens, logged in as `${prefix}-0` … */
export const residentTokens = (base, count, prefix) => Promise.all(Array.from({ length: count }, (_, i) => residentToken(base, `${prefix}-${i}`)));

/** How a logged request was answered, for the tests' summaries and assertions ('post 503 DATABASE_UNAVAILABLE'). */
export const answerLabel = (e) => `${e.kind} ${e.status}${e.code ? ` ${e.code}` : ''}${e.database ? ` ${e.database}` : ''}${e.error ? ` ${e.error}` : ''}`;

/** How many of `list` fall under each label. */
export const countBy = (list, label = answerLabel) => list.reduce((m, e) => ({ ...m, [label(e)]: (m[label(e)] ?? 0) + 1 }), {});

export function appeal(key) {
  return {
    type: 'complaint',
    // the key in the text lets the checks find every row a request created
    description: `故障测试 ${key}：小区供暖不热，室温只有12度，请尽快处理`,
    location: { lat: 39.8023, lng: 98.2901, coordSystem: 'gcj02', address: '雄关区新华中路' },
    confidential: false,
  };
}

/**
 * A resident's client: files its appeals one after another, each with its own Idempotency-Key, and retries
 * a key (same body) until the API acknowledges it with 201 (or 200 replayed). Returns the acknowledgements.
 */
export async function retryingClient({ getBase, token, keys, deadline, onResponse = () => {}, retryDelayMs = 100 }) {
  const acks = [];
  for (const key of keys) {
    for (let attempt = 0; ; attempt++) {
      if (Date.now() > deadline) throw new Error(`client gave up on ${key} after ${attempt} attempts (deadline)`);
      const r = await http(getBase(), 'POST', '/api/v1/tickets', { token, body: appeal(key), headers: { 'idempotency-key': key } });
      onResponse(r);
      if (r.status === 201 || r.status === 200) {
        acks.push({ key, id: r.body.id, number: r.body.number, replayed: r.headers.get('idempotent-replayed') === 'true', attempts: attempt + 1 });
        break;
      }
      if (r.status !== 0 && r.status < 500) throw new Error(`unexpected ${r.status} for ${key}: ${JSON.stringify(r.body)}`);
      await sleep(retryDelayMs);
    }
  }
  return acks;
}

/**
 * Traffic against the API while a fault is injected, every request logged with its timing (ms since the start):
 * writers that retry each key until acknowledged (as the mini-program does), readers of the ticket list, and a
 * health poller. They run until `stop()`; a writer still finishes the key it holds, up to `deadlineMs`.
 */
export function underLoad(base, { deadlineMs }) {
  const t0 = performance.now();
  const deadline = Date.now() + deadlineMs;
  const t = {
    log: [], // {kind, start, end, status, code, database, error}
    acks: [], // {key, id, at, token}
    allKeys: [],
    stopped: false,
    stop: () => void (t.stopped = true),
    now: () => performance.now() - t0,
    record: (kind, start, r) => t.log.push({ kind, start, end: start + r.ms, status: r.status, code: r.body?.code, database: r.body?.database, error: r.error }),
    file: (token, key) => http(base, 'POST', '/api/v1/tickets', { token, body: appeal(key), headers: { 'idempotency-key': key } }),
    async writer(token, prefix) {
      for (let i = 0; !t.stopped; i++) {
        const key = `${prefix}-${i}-${Math.random().toString(36).slice(2, 8)}`;
        t.allKeys.push(key);
        // retry this key until acknowledged, even after stop: the client never drops an appeal
        for (;;) {
          if (Date.now() > deadline) throw new Error(`gave up on ${key}`);
          const start = t.now();
          const r = await t.file(token, key);
          t.record('post', start, r);
          if (r.status === 201 || r.status === 200) {
            t.acks.push({ key, id: r.body.id, at: start, token });
            break;
          }
          if (r.status !== 0 && r.status < 500) throw new Error(`unexpected ${r.status}: ${JSON.stringify(r.body)}`);
          await sleep(200);
        }
        await sleep(20);
      }
    },
    async reader(token) {
      while (!t.stopped) {
        const start = t.now();
        t.record('list', start, await http(base, 'GET', '/api/v1/tickets?limit=20', { token }));
        await sleep(50);
      }
    },
    async health() {
      while (!t.stopped) {
        const start = t.now();
        t.record('health', start, await http(base, 'GET', '/api/health'));
        await sleep(200);
      }
    },
    /** The first successful answer of a kind (post, list, health) started at `since` or later: when it ended. */
    firstOk: (kind, since) => t.log.filter((e) => e.kind === kind && e.start >= since && (e.status === 200 || e.status === 201)).reduce((m, e) => Math.min(m, e.end), Infinity),
  };
  return t;
}

/** A stored JSON column: a string (SQLite, MariaDB's JSON is LONGTEXT) or already parsed. */
const parsedJson = (v) => {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return null;
  }
};

/** One idempotency_keys row, as a failure message shows it. */
export const describeKeyRow = (k) =>
  `{key ${k.key}, operation ${k.operation}, actor ${k.actorId}, createdAt ${k.createdAt instanceof Date ? k.createdAt.toISOString() : k.createdAt}, ` +
  `status ${k.responseStatus}, ticket ${parsedJson(k.responseBody)?.id ?? '?'}}`;

/** Every idempotency_keys row whose key is one of `keys` (chunked IN lists: SQLite and MariaDB alike). */
export async function keyRows(query, keys) {
  const rows = [];
  const list = [...new Set(keys)];
  for (let i = 0; i < list.length; i += 500) {
    const chunk = list.slice(i, i + 500);
    rows.push(
      ...(await query(
        `SELECT \`key\`, actorId, operation, responseStatus, responseBody, createdAt FROM idempotency_keys WHERE \`key\` IN (${chunk.map(() => '?').join(',')}) ORDER BY createdAt, id`,
        chunk,
      )),
    );
  }
  return rows;
}

/**
 * Every acknowledged appeal exactly once in the database, no ticket twice, each with one submit event and one
 * idempotency key: exactly one `tickets.file` row for each of the test's keys, written by the ticket's resident,
 * answering with the acknowledged ticket. Keys are matched by name, so rows of other writers (the demo seed files
 * its appeals with keys `seed-demo-*`) are not counted; but no `tickets.file` key at all may point at a ticket
 * that is not stored (a key that outlived its ticket). Each problem names the rows involved.
 */
export async function checkExactlyOnce(query, acks, allKeys) {
  const rows = await query("SELECT id, residentId, description FROM tickets WHERE description LIKE '故障测试 %'");
  const byKey = new Map();
  for (const r of rows) {
    const key = /^故障测试 (\S+)：/.exec(r.description)?.[1];
    byKey.set(key, [...(byKey.get(key) ?? []), r]);
  }
  const problems = [];
  for (const a of acks) {
    const ids = (byKey.get(a.key) ?? []).map((r) => r.id);
    if (ids.length !== 1) problems.push(`${a.key}: ${ids.length} rows`);
    else if (ids[0] !== a.id) problems.push(`${a.key}: acknowledged ${a.id}, stored ${ids[0]}`);
  }
  const filed = new Set(allKeys);
  for (const [key, ts] of byKey) {
    if (ts.length > 1 && !problems.some((p) => p.startsWith(`${key}:`))) problems.push(`${key}: duplicated ${ts.length}x`);
    if (!filed.has(key)) problems.push(`${key}: a ticket nobody filed`);
  }
  const ids = rows.map((r) => r.id);
  if (ids.length > 0) {
    const [ev] = await query(`SELECT COUNT(*) AS n FROM ticket_events WHERE action = 'submit' AND ticketId IN (${ids.map(() => '?').join(',')})`, ids);
    if (Number(ev.n) !== ids.length) problems.push(`submit events ${ev.n} for ${ids.length} tickets`);
  }
  // The keys of exactly the appeals this test filed (acknowledged, retried, or answered 503 and never retried).
  const keys = await keyRows(query, [...filed]);
  const rowsOfKey = new Map();
  for (const k of keys) rowsOfKey.set(k.key, [...(rowsOfKey.get(k.key) ?? []), k]);
  const acked = new Map(acks.map((a) => [a.key, a]));
  const ticketOf = new Map(rows.map((r) => [r.id, r]));
  for (const key of filed) {
    const ks = rowsOfKey.get(key) ?? [];
    const tickets = byKey.get(key) ?? [];
    const ack = acked.get(key);
    const odd = (what) => problems.push(`${key}: ${what}; keys ${ks.map(describeKeyRow).join(' ') || 'none'}`);
    if (ks.length === 0) {
      // no key: nothing may have been written (a ticket without its key would be filed again by a retry)
      if (ack || tickets.length > 0) odd(ack ? 'acknowledged, but no idempotency key stored' : `${tickets.length} ticket(s) without an idempotency key`);
      continue;
    }
    if (ks.length > 1) {
      odd(`${ks.length} idempotency keys`);
      continue;
    }
    const [k] = ks;
    const answered = parsedJson(k.responseBody)?.id;
    const ticket = ticketOf.get(answered);
    if (k.operation !== 'tickets.file') odd(`stored for operation ${k.operation}`);
    else if (!ticket) odd('the key answers with a ticket that is not stored');
    else if (ack && answered !== ack.id) odd(`the key answers ${answered}, acknowledged ${ack.id}`);
    else if (ticket.residentId !== k.actorId) odd(`the key's actor is not the ticket's resident ${ticket.residentId}`);
  }
  // Any filing key (the test's or anyone's) must answer with a stored ticket.
  const allTicketIds = new Set((await query('SELECT id FROM tickets')).map((r) => r.id));
  const fileKeys = await query("SELECT `key`, actorId, operation, responseStatus, responseBody, createdAt FROM idempotency_keys WHERE operation = 'tickets.file'");
  const orphans = fileKeys.filter((k) => !allTicketIds.has(parsedJson(k.responseBody)?.id));
  if (orphans.length) problems.push(`${orphans.length} filing key(s) answer with a ticket that is not stored: ${orphans.slice(0, 5).map(describeKeyRow).join(' ')}`);
  return { rows: rows.length, keys: keys.length, otherFilingKeys: fileKeys.length - keys.filter((k) => k.operation === 'tickets.file').length, problems };
}

export async function mysqlQuery(url) {
  const conn = await mysql.createConnection({ uri: url, connectTimeout: 3000 });
  return {
    query: async (sql, params) => (await conn.query(sql, params))[0],
    close: () => conn.end(),
  };
}

/**
 * A throwaway MariaDB server of our own (never the machine's shared one): its own data directory, port and
 * socket, root without a password over TCP on 127.0.0.1.
 */
export async function throwawayMariadb() {
  const dir = tmpDir('jyg-fault-mariadb-');
  const datadir = path.join(dir, 'data');
  const install = spawnSync(
    'mariadb-install-db',
    ['--no-defaults', `--datadir=${datadir}`, '--auth-root-authentication-method=normal', '--user=root', '--skip-test-db'],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (install.status !== 0) throw new Error(`mariadb-install-db failed: ${install.stderr || install.stdout}`);
  const port = await freePort();
  let proc = null;
  const server = {
    port,
    dir,
    url: `mysql://root@127.0.0.1:${port}`,
    async start() {
      proc = spawn(
        '/usr/sbin/mariadbd',
        [
          '--no-defaults',
          `--datadir=${datadir}`,
          `--port=${port}`,
          '--bind-address=127.0.0.1',
          `--socket=${path.join(dir, 'sock')}`,
          `--pid-file=${path.join(dir, 'pid')}`,
          '--user=root',
          '--skip-name-resolve',
          '--innodb-buffer-pool-size=64M',
          `--log-error=${path.join(dir, 'err.log')}`,
        ],
        { stdio: 'ignore' },
      );
      children.add(proc);
      const exited = new Promise((resolve) => proc.on('exit', resolve));
      proc.exitedPromise = exited;
      const deadline = Date.now() + 60_000;
      for (;;) {
        try {
          const c = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', connectTimeout: 1000 });
          await c.end();
          return;
        } catch {
          if (proc.exitCode !== null) throw new Error(`mariadbd exited: ${fs.readFileSync(path.join(dir, 'err.log'), 'utf8').slice(-2000)}`);
          if (Date.now() > deadline) throw new Error('mariadbd did not accept connections within 60 s');
          await sleep(100);
        }
      }
    },
    /** SIGKILL: the database process dies, as in a crash or an OOM kill; InnoDB recovers on the next start. */
    async stop(signal = 'SIGKILL') {
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill(signal);
      await proc.exitedPromise;
      proc = null;
    },
    /**
     * SIGSTOP: the server hangs instead of failing, as on a frozen host or a black-holed network. The kernel keeps
     * its connections open and even accepts new ones into the listen backlog, but nothing is ever answered.
     */
    async freeze() {
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) throw new Error('mariadbd is not running');
      proc.kill('SIGSTOP');
      // Every thread stops, but not the instant kill() returns: a statement sent meanwhile may still be executed.
      const state = (task) => {
        try {
          const stat = fs.readFileSync(`/proc/${proc.pid}/task/${task}/stat`, 'utf8');
          return stat[stat.lastIndexOf(')') + 2];
        } catch {
          return 'T'; // the thread is gone
        }
      };
      const deadline = Date.now() + 5000;
      while (!fs.readdirSync(`/proc/${proc.pid}/task`).every((t) => state(t) === 'T')) {
        if (Date.now() > deadline) throw new Error('mariadbd did not stop within 5 s of SIGSTOP');
        await sleep(5);
      }
    },
    /** SIGCONT: the frozen server carries on where it stopped. */
    thaw() {
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) throw new Error('mariadbd is not running');
      proc.kill('SIGCONT');
    },
    async destroy() {
      await server.stop('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}

/**
 * The usual scene of a database fault: a throwaway MariaDB server (see above) holding database `name`, seeded, and the
 * API started on it with `extraEnv`.
 */
export async function apiOnThrowawayMariadb(name, extraEnv = {}) {
  const server = await throwawayMariadb();
  try {
    await server.start();
    const dbUrl = `${server.url}/${name}`;
    const env = apiEnv({ PORT: String(await freePort()), DATABASE_URL: dbUrl, ...extraEnv });
    seed(env);
    const api = await startApi(env);
    return { server, dbUrl, env, api };
  } catch (error) {
    await server.destroy();
    throw error;
  }
}
