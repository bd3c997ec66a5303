// npm run bench:stats [-- --tickets 100000] [--db jyg_bench_stats] [--generate] [--runs 5] [--month 2025-12] [--exports false] [--only community]
// The assessment figures through the real API vs. the same aggregate as one hand-written SQL query over mysql2,
// in the same run: the month's unit ranking, the 旬 rates of every unit, categories by community. Prints medians,
// ratios, and whether both sides give the same counts; with a local server also the CPU each side took (the API
// process and its connections' server threads vs. the query's server thread), which a loaded machine does not
// stretch as it stretches the wall clock. Then the memory of streamed drill-down exports of 100,000
// tickets and more (live from the roll-up, and a bulletin's frozen items; XLSX and CSV): the API process's RSS
// sampled while it streams. The database is migrated first: on one generated before the roll-up existed, migration
// 0017 fills it from the events (its time is printed).
import fs from 'node:fs';
import os from 'node:os';
import mysql from 'mysql2/promise';
import { ulid } from 'ulid';
import { args, generate } from './generate.mjs';
import { databasePid, json, machine, MYSQL, seedDatabase, startApi } from './lib.mjs';

const opts = args();
const TICKETS = Number(opts.tickets ?? 100_000);
const DB = opts.db ?? 'jyg_bench_stats';
const RUNS = Number(opts.runs ?? 5);
const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'Demo@12345';
const DB_URL = `${MYSQL.replace(/\/+$/, '')}/${DB}`;
const STATUSES = ['submitted', 'accepted', 'dispatched', 'in_progress', 'return_requested', 'replied', 'closed', 'rejected', 'withdrawn', 'merged'];
const CHINA = 8 * 3_600_000;

async function ensureData() {
  const admin = await mysql.createConnection({ uri: MYSQL });
  let n = 0;
  try {
    [[{ n }]] = await admin.query(`SELECT COUNT(*) AS n FROM \`${DB}\`.tickets`);
  } catch {
    n = 0;
  }
  await admin.end();
  if (Number(n) >= TICKETS * 0.99) return Number(n);
  if (!('generate' in opts)) throw new Error(`database ${DB} has ${n} tickets: run \`npm run bench:generate -- --tickets ${TICKETS} --db ${DB}\` or pass --generate`);
  await generate({ url: MYSQL, db: DB, tickets: TICKETS });
  return TICKETS;
}

/** [start, end) instants of China dates (inclusive). */
function instants(from, to) {
  const start = new Date(Date.parse(`${from}T00:00:00Z`) - CHINA);
  const end = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000 - CHINA);
  return { start, end };
}

/** The figures of docs/assessment.md as one query, grouped by `group` (valid for histories without returns and reopenings, like the generator's). */
function figuresSql(group) {
  return `SELECT g, SUM(r_on) r_on, SUM(r_all) r_all, SUM(c_rep) c_rep, SUM(c_on) c_on, SUM(c_all) c_all, SUM(s_ok) s_ok, SUM(s_all) s_all, SUM(unrated) unrated FROM (
    SELECT ${group} AS g, (t.signedAt IS NOT NULL AND t.signedAt <= t.signDueAt) AS r_on, 1 AS r_all, 0 AS c_rep, 0 AS c_on, 0 AS c_all, 0 AS s_ok, 0 AS s_all, 0 AS unrated
      FROM ticket_events e JOIN tickets t ON t.id = e.ticketId
      WHERE e.action = 'dispatch' AND e.createdAt >= ? AND e.createdAt < ? AND (t.signedAt IS NOT NULL OR t.signDueAt <= ?)
    UNION ALL
    SELECT ${group}, 0, 0, t.repliedAt IS NOT NULL, (t.repliedAt IS NOT NULL AND t.repliedAt <= t.replyDueAt), 1, 0, 0, 0
      FROM tickets t WHERE t.status IN (?) AND t.replyDueAt >= ? AND t.replyDueAt < ? AND t.leadUnitId IS NOT NULL AND (t.repliedAt IS NOT NULL OR t.replyDueAt <= ?)
    UNION ALL
    SELECT ${group}, 0, 0, 0, 0, 0, t.satisfaction IN ('satisfied', 'basically_satisfied'), 1, 0
      FROM ticket_events e JOIN tickets t ON t.id = e.ticketId WHERE e.action IN ('rate', 'record_visit') AND e.createdAt >= ? AND e.createdAt < ?
    UNION ALL
    SELECT ${group}, 0, 0, 0, 0, 0, 0, 0, 1
      FROM ticket_events e JOIN tickets t ON t.id = e.ticketId WHERE e.action = 'auto_close' AND e.createdAt >= ? AND e.createdAt < ?
  ) x GROUP BY g`;
}
const params = ({ start, end }, asOf) => [start, end, asOf, STATUSES, start, end, asOf, start, end, start, end];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const countsOfRow = (r) => [r.response.signedOnTime, r.response.total, r.completion.replied, r.completion.onTime, r.completion.total, r.satisfaction.satisfied, r.satisfaction.total, r.unratedAutoClosed].join(',');
/** An answer's rows as key → counts: flat rows, or the compact community × category answer (`pairs`, shared/src/assessment.ts). */
function countsOfAnswer(a) {
  if (!a.pairs) return a.rows.filter((r) => r.response.total + r.completion.total + r.satisfaction.total + r.unratedAutoClosed > 0).map((r) => [r.key, countsOfRow(r)]);
  return a.pairs
    .filter(([, , rn, , cn, , , sn, , un]) => rn + cn + sn + un > 0)
    .map(([c, k, rn, rc, cn, cc, co, sn, sc, un]) => [`${a.communities[c].key ?? 'none'}:${a.categories[k].key ?? 'none'}`, [rc, rn, cc, co, cn, sc, sn, un].join(',')]);
}
const countsOfSql = (r) => [r.r_on, r.r_all, r.c_rep, r.c_on, r.c_all, r.s_ok, r.s_all, r.unrated].map(Number).join(',');

/**
 * CPU time, which the load of a shared machine does not stretch as it stretches the wall clock: of a process, or of
 * one of the (local) MariaDB server's threads, from /proc (utime + stime, in clock ticks of 10 ms). null when the
 * server is not on this machine.
 */
const SERVER_PID = databasePid();
function cpuMs(pid, tid) {
  try {
    const f = fs.readFileSync(tid ? `/proc/${pid}/task/${tid}/stat` : `/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return null;
  }
}
/** The server threads of the connections to the bench database other than `conn`'s own (the API's pool), with their CPU. */
async function serverThreads(conn) {
  if (!SERVER_PID) return new Map();
  const [rows] = await conn.query('SELECT TID AS tid FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()', [DB]);
  return new Map(rows.map((r) => [r.tid, cpuMs(SERVER_PID, r.tid) ?? 0]));
}

/** Median wall time of RUNS calls, and the median CPU they took (`cpu` measures one call: { node, db }). */
async function time(fn, cpu) {
  const ms = [];
  const node = [];
  const db = [];
  let last;
  let lost = 0;
  for (let i = 0; i < RUNS; i++) {
    const before = await cpu.before();
    const t = performance.now();
    try {
      last = await fn();
    } catch (e) {
      // MariaDB lost the on-disk temporary table of the hand-written query (a shared /tmp that something else cleans):
      // that run is not timed; run it again
      if (e.code !== 'EE_DELETE' || ++lost > 5) throw e;
      console.log(`(a run lost its temporary table, ${e.sqlMessage}: run again)`);
      i--;
      continue;
    }
    ms.push(performance.now() - t);
    const used = await cpu.after(before);
    node.push(used.node);
    db.push(used.db);
  }
  return { ms: median(ms), node: median(node), db: median(db), last };
}

async function rssOf(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

async function streamedExport(api, token, url) {
  const before = await rssOf(api.pid);
  let peak = before;
  const timer = setInterval(async () => {
    peak = Math.max(peak, await rssOf(api.pid));
  }, 20);
  const t = performance.now();
  const res = await fetch(api.base + url, { headers: { authorization: `Bearer ${token}` } });
  let bytes = 0;
  for await (const chunk of res.body) bytes += chunk.length;
  clearInterval(timer);
  peak = Math.max(peak, await rssOf(api.pid));
  return { status: res.status, bytes, seconds: (performance.now() - t) / 1000, before, peak };
}

async function main() {
  const tickets = await ensureData();
  const migrating = performance.now();
  seedDatabase(DB_URL);
  const migrated = (performance.now() - migrating) / 1000;
  const conn = await mysql.createConnection({ uri: DB_URL, timezone: 'Z' });
  const [[{ items: ledgerRows }]] = await conn.query('SELECT COUNT(*) AS items FROM assessment_items');
  const [[{ events }]] = await conn.query('SELECT COUNT(*) AS events FROM ticket_events');
  const [[latest]] = await conn.query('SELECT MAX(createdAt) AS at FROM tickets');
  // --month, or the last full month before the newest ticket; and its middle 旬
  const last = opts.month ? new Date(`${opts.month}-15T00:00:00Z`) : new Date(new Date(latest.at).getTime() + CHINA);
  const shift = opts.month ? 0 : 1;
  const monthStart = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() - shift, 1));
  const monthEnd = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() - shift + 1, 0));
  const day = (d) => d.toISOString().slice(0, 10);
  const month = { from: day(monthStart), to: day(monthEnd) };
  const xun = { from: `${month.from.slice(0, 8)}11`, to: `${month.from.slice(0, 8)}20` };
  console.log(`bench:stats on ${DB} (${tickets.toLocaleString('en')} tickets), ${RUNS} runs each, medians; ${machine()}`);
  console.log(`month ${month.from}..${month.to}, 旬 ${xun.from}..${xun.to}; ${Number(events).toLocaleString('en')} events, roll-up ${Number(ledgerRows).toLocaleString('en')} items (migrations ${migrated.toFixed(1)} s)`);

  // a shared machine at load 20–30 can take the hand-written query past the API's default 5 s statement limit: the API gets the same room
  const api = await startApi(DB_URL, { DATABASE_QUERY_TIMEOUT_MS: '120000' });
  try {
    const { token } = await json(api.base, 'POST', '/api/v1/auth/staff', { username: 'supervisor', password: DEMO_PASSWORD });
    const get = (url) => json(api.base, 'GET', url, undefined, token);
    // the figures' calls also count the bytes of JSON they receive
    let received = 0;
    const getCounted = async (url) => {
      const res = await fetch(api.base + url, { headers: { authorization: `Bearer ${token}` } });
      const text = await res.text();
      if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${text}`);
      received = Buffer.byteLength(text);
      return JSON.parse(text);
    };
    await get(`/api/v1/assessment/rates/units?period=month&date=${month.from}`); // warm-up
    const cases = [
      { label: "month's unit ranking", url: `/api/v1/assessment/rates/units?period=month&date=${month.from}`, span: month, group: 't.leadUnitId' },
      { label: '旬 rates of every unit', url: `/api/v1/assessment/rates/units?period=xun&date=${xun.from}`, span: xun, group: 't.leadUnitId' },
      {
        label: 'categories by community',
        url: `/api/v1/assessment/rates/community-categories?period=month&date=${month.from}`,
        span: month,
        group: "CONCAT(COALESCE(t.communityId, 'none'), ':', COALESCE(t.categoryId, 'none'))",
      },
    ];
    // CPU of a call through the API: the API process, and the server threads of its pool's connections
    const apiCpu = {
      before: async () => ({ node: cpuMs(api.pid), threads: await serverThreads(conn) }),
      after: async (b) => {
        let db = 0;
        for (const [tid, ms] of await serverThreads(conn)) db += (cpuMs(SERVER_PID, tid) ?? ms) - (b.threads.get(tid) ?? 0);
        return { node: cpuMs(api.pid) - b.node, db };
      },
    };
    const [[{ tid: ownTid }]] = await conn.query('SELECT TID AS tid FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID()');
    const sqlCpu = { before: async () => cpuMs(SERVER_PID, ownTid), after: async (b) => ({ node: 0, db: (cpuMs(SERVER_PID, ownTid) ?? 0) - (b ?? 0) }) };
    const results = [];
    // --only <words>: just the figures whose label contains them (e.g. `community`)
    for (const c of cases.filter((c) => !opts.only || c.label.includes(opts.only))) {
      const asOf = new Date();
      const viaApi = await time(() => getCounted(c.url), apiCpu);
      const viaSql = await time(async () => (await conn.query(figuresSql(c.group), params(instants(c.span.from, c.span.to), asOf)))[0], sqlCpu);
      const apiRows = new Map(countsOfAnswer(viaApi.last));
      const sqlRows = new Map(viaSql.last.map((r) => [r.g, countsOfSql(r)]));
      let differ = 0;
      for (const k of new Set([...apiRows.keys(), ...sqlRows.keys()])) if (apiRows.get(k) !== sqlRows.get(k)) differ++;
      const items = viaSql.last.reduce((s, r) => s + Number(r.r_all) + Number(r.c_all) + Number(r.s_all) + Number(r.unrated), 0);
      results.push({ ...c, api: viaApi.ms, sql: viaSql.ms, rows: sqlRows.size, differ, items });
      const cpu = SERVER_PID
        ? ` | CPU: API ${(viaApi.node + viaApi.db).toFixed(0)} ms (node ${viaApi.node.toFixed(0)} + server ${viaApi.db.toFixed(0)}), SQL ${viaSql.db.toFixed(0)} ms, ratio ${((viaApi.node + viaApi.db) / viaSql.db).toFixed(2)}`
        : '';
      console.log(
        `${c.label.padEnd(24)} API ${viaApi.ms.toFixed(0).padStart(6)} ms | SQL ${viaSql.ms.toFixed(0).padStart(6)} ms | ratio ${(viaApi.ms / viaSql.ms).toFixed(2)}${cpu} | ${sqlRows.size} rows, ${items.toLocaleString('en')} items, ${differ} rows differ | API JSON ${(received / 1e6).toFixed(2)} MB | load ${os.loadavg()[0].toFixed(1)}`,
      );
    }

    if (opts.exports === 'false') return;
    // Live drill-downs of 20,000, 100,000 and 200,000 tickets, paged from the roll-up: rows of January 2000 (nothing
    // real is there) with a unit on the first 20,000 and a category on the first 100,000.
    const [ticketRows] = await conn.query('SELECT id, number FROM tickets ORDER BY id LIMIT 100000');
    const [[unit]] = await conn.query("SELECT id FROM units WHERE code = 'dept.housing'");
    const [[cat]] = await conn.query('SELECT id FROM categories ORDER BY code LIMIT 1');
    const base = Date.UTC(1999, 11, 31, 16); // 2000-01-01 00:00 China time
    await conn.query("DELETE FROM assessment_items WHERE `at` < '2000-12-31'");
    const synthetic = Array.from({ length: 200_000 }, (_, i) => {
      const t = ticketRows[i % ticketRows.length];
      const at = new Date(base + i * 1000);
      return ['response', at, ulid(base + i), t.id, t.number, i < 20_000 ? unit.id : null, i < 100_000 ? cat.id : null, null, at, at, i % 7 === 0 ? 0 : 1, i % 7 === 0 ? 0 : 1];
    });
    for (let i = 0; i < synthetic.length; i += 5000) {
      await conn.query('INSERT INTO assessment_items (metric, `at`, itemKey, ticketId, ticketNumber, unitId, categoryId, communityId, dueAt, doneAt, counted, onTime) VALUES ?', [synthetic.slice(i, i + 5000)]);
    }
    for (const [size, figure] of [[20_000, `by=unit&key=${unit.id}`], [100_000, `by=category&key=${cat.id}`], [200_000, 'by=centre']]) {
      for (const format of ['xlsx', 'csv']) {
        const url = `/api/v1/assessment/items/export?period=month&date=2000-01-01&metric=response&${figure}&format=${format}`;
        const r = await streamedExport(api, token, url);
        console.log(
          `live export ${size.toLocaleString('en').padStart(7)} items as ${format.padEnd(4)}: ${r.status}, ${(r.bytes / 2 ** 20).toFixed(1)} MiB in ${r.seconds.toFixed(1)} s; API RSS ${r.before.toFixed(0)} MiB before, peak ${r.peak.toFixed(0)} MiB (+${(r.peak - r.before).toFixed(0)} MiB)`,
        );
      }
    }
    await conn.query("DELETE FROM assessment_items WHERE `at` < '2000-12-31'");

    // Bulletins with 20,000 and 100,000 frozen items, exported as streams: memory should not grow with the size.
    const zero = { response: { signedOnTime: 0, total: 0, rate: null }, completion: { replied: 0, onTime: 0, total: 0, rate: null, onTimeRate: null }, satisfaction: { satisfied: 0, total: 0, rate: null }, unratedAutoClosed: 0, answeredAtIntake: 0 };
    const figures = { period: { kind: 'year', from: '2000-01-01', to: '2000-12-31' }, weights: { response: 0.1, completion: 0.45, satisfaction: 0.45 }, units: [], intake: zero, totals: zero };
    await conn.query("DELETE FROM assessment_bulletin_items WHERE bulletinId IN (SELECT id FROM assessment_bulletins WHERE publishedBy = 'bench')");
    await conn.query("DELETE FROM assessment_bulletins WHERE publishedBy = 'bench'");
    for (const [version, size] of [[1, 20_000], [2, ticketRows.length]]) {
      const bulletinId = ulid();
      await conn.query("INSERT INTO assessment_bulletins (id, kind, periodStart, periodEnd, title, version, figures, publishedBy, publishedAt, asOf) VALUES (?, 'yearly', '2000-01-01', '2000-12-31', 'bench 年考核', ?, ?, 'bench', NOW(3), NOW(3))", [
        bulletinId,
        version,
        JSON.stringify(figures),
      ]);
      const rows = ticketRows.slice(0, size).map((t, i) => [bulletinId, 'response', ulid(946684800000 + i), unit.id, t.id, t.number, i % 7 === 0 ? 0 : 1, i % 7 === 0 ? 0 : 1, new Date(946684800000 + i * 1000)]);
      for (let i = 0; i < rows.length; i += 5000) {
        await conn.query('INSERT INTO assessment_bulletin_items (bulletinId, metric, itemKey, unitKey, ticketId, ticketNumber, counted, onTime, `at`) VALUES ?', [rows.slice(i, i + 5000)]);
      }
      for (const format of ['xlsx', 'csv']) {
        const r = await streamedExport(api, token, `/api/v1/assessment/bulletins/${bulletinId}/items/export?format=${format}&metric=response`);
        console.log(
          `export ${size.toLocaleString('en').padStart(7)} items as ${format.padEnd(4)}: ${r.status}, ${(r.bytes / 2 ** 20).toFixed(1)} MiB in ${r.seconds.toFixed(1)} s; API RSS ${r.before.toFixed(0)} MiB before, peak ${r.peak.toFixed(0)} MiB (+${(r.peak - r.before).toFixed(0)} MiB)`,
        );
      }
    }
    await conn.query("DELETE FROM assessment_bulletin_items WHERE bulletinId IN (SELECT id FROM assessment_bulletins WHERE publishedBy = 'bench')");
    await conn.query("DELETE FROM assessment_bulletins WHERE publishedBy = 'bench'");
  } finally {
    await api.stop();
    await conn.end();
  }
}

await main();
