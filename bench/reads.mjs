// npm run bench:reads [-- --tickets 100000] [--db jyg_bench] [--generate]
// Reads at volume through the real API (autocannon on loopback) vs. the equivalent hand-written SQL over
// mysql2 in the same run: one ticket by id, a unit's queue by deadline, the overdue list, a resident's list,
// a search for a common and a rare word across the whole history.
// Also prints EXPLAIN for the SQL the API's TicketsRepository issues for each list (captured from TypeORM).
// Needs a generated database (npm run bench:generate); --generate makes it first when missing or too small.
import 'reflect-metadata';
import mysql from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../apps/api/dist/schema.js';
import { queryWords } from '../apps/api/dist/search/search-text.js';
import { TicketSearchIndex } from '../apps/api/dist/search/ticket-search.index.js';
import { TicketsRepository } from '../apps/api/dist/tickets/tickets.repository.js';
import { args, generate } from './generate.mjs';
import { startBareApp } from './bare-apps.mjs';
import { BARE, cannon, cannonApi, CONNECTIONS, freePort, DURATION, json, line, machine, medianRound, MINIMAL_POOL, minimalRead, MYSQL, pool, rawLoad, residentPage, ROUNDS, roundLine, startApi, unitQueuePage } from './lib.mjs';

const OPEN_AT_UNIT = ['dispatched', 'in_progress', 'return_requested'];
const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'Demo@12345';
// Search (docs/adr/0004-search.md): a word in a large share of the generated appeals, one in few, and one between
// (above the planner's count cap, so its deadline order reads the queue's ranges and checks each in the postings).
const COMMON_WORD = process.env.BENCH_COMMON_WORD ?? '小区';
const RARE_WORD = process.env.BENCH_RARE_WORD ?? '井盖';
const MIDDLE_WORD = process.env.BENCH_MIDDLE_WORD ?? '噪音';

async function ensureData(db, tickets, force) {
  const admin = await mysql.createConnection({ uri: MYSQL });
  let n = 0;
  try {
    [[{ n }]] = await admin.query(`SELECT COUNT(*) AS n FROM \`${db}\`.tickets`);
  } catch {
    n = 0;
  }
  await admin.end();
  if (n >= tickets * 0.99 && !force) return Number(n);
  if (!force && n === 0 && process.argv.indexOf('--generate') < 0) {
    throw new Error(`database ${db} has no tickets: run \`npm run bench:generate -- --tickets ${tickets} --db ${db}\` or pass --generate`);
  }
  await generate({ url: MYSQL, db, tickets });
  return tickets;
}

/** The SQL the API's repository issues for a filter, with its parameters (TypeORM logger). */
async function apiSql(ds, filter) {
  const captured = [];
  ds.logger.logQuery = (q, p) => captured.push({ q, p });
  const started = performance.now();
  let error = null;
  try {
    await new TicketsRepository(ds, new TicketSearchIndex(ds)).list(filter);
  } catch (err) {
    error = err.message;
  }
  ds.logger.logQuery = () => {};
  // Words: the first statement counts the tokens' postings (capped), the last reads the page.
  return { ...captured.at(-1), statements: captured.length, ms: performance.now() - started, error };

}

async function explain(conn, label, { q, p, ms, error, statements }) {
  const [rows] = await conn.query(`EXPLAIN ${q}`, p);
  console.log(`EXPLAIN ${label} (one run, one connection, ${statements} statement${statements > 1 ? 's' : ''}: ${error ? `failed: ${error}` : `${ms.toFixed(1)} ms`}):`);
  for (const r of rows) console.log(`  ${r.select_type} ${r.table} type=${r.type} key=${r.key ?? 'NULL'} rows=${r.rows} ${r.Extra ?? ''}`);
  // <derivedN>/<unionN>: the few rows the ranges below them produced, not a table scan.
  const bad = rows.filter((r) => r.table && !/^<(derived|union)/.test(r.table) && (r.type === 'ALL' || r.key === null));
  const sorts = rows.filter((r) => r.table && !/^<(derived|union)/.test(r.table) && /filesort/.test(r.Extra ?? ''));
  if (sorts.length) console.log(`  (sorts ${sorts.map((r) => `${r.table}: ~${r.rows} rows`).join(', ')})`);
  return { label, usesIndex: bad.length === 0, plan: rows };
}

export async function reads({ db = 'jyg_bench', tickets = 100_000, force = false } = {}) {
  const dbUrl = `${MYSQL}/${db}`;
  const count = await ensureData(db, tickets, force);
  console.log(`reads bench on ${db} (${count.toLocaleString('en')} tickets): ${CONNECTIONS} connections, ${DURATION} s each${ROUNDS > 1 ? `, ${ROUNDS} rounds` : ''}; ${machine()}`);
  const conn = await mysql.createConnection({ uri: dbUrl, timezone: 'Z' });
  const [[hot]] = await conn.query("SELECT id FROM units WHERE code = 'dept.housing'");
  const [units] = await conn.query('SELECT id, parentId FROM units');
  const subtree = [hot.id];
  for (let i = 0; i < subtree.length; i++) for (const u of units) if (u.parentId === subtree[i]) subtree.push(u.id);
  const [[resident]] = await conn.query("SELECT id FROM residents WHERE openid = 'bench-resident-0'");
  const [[{ category }]] = await conn.query('SELECT categoryId AS category FROM tickets WHERE categoryId IS NOT NULL LIMIT 1');
  const [[{ community }]] = await conn.query('SELECT communityId AS community FROM tickets WHERE communityId IS NOT NULL LIMIT 1');
  const [[{ mine }]] = await conn.query('SELECT COUNT(*) AS mine FROM tickets WHERE residentId = ?', [resident.id]);
  const [[{ queue }]] = await conn.query(
    `SELECT COUNT(*) AS queue FROM tickets WHERE status IN (?) AND id IN (SELECT ticketId FROM ticket_units WHERE unitId IN (?))`,
    [OPEN_AT_UNIT, subtree],
  );
  const [[{ overdue }]] = await conn.query('SELECT COUNT(*) AS overdue FROM tickets WHERE status IN (?) AND replyDueAt < NOW(3)', [OPEN_AT_UNIT]);
  const [sample] = await conn.query('SELECT id FROM tickets ORDER BY RAND() LIMIT 2000');
  const ids = sample.map((r) => r.id);
  console.log(`  data: resident bench-resident-0 has ${mine} tickets; unit dept.housing has ${queue} open; ${overdue} overdue in all`);
  const postings = async (word) => {
    const tokens = queryWords(word).flat();
    const [[{ n }]] = await conn.query(`SELECT COUNT(*) AS n FROM tickets t WHERE ${tokens.map(() => 'EXISTS (SELECT 1 FROM ticket_words w WHERE w.token = ? AND w.ticketId = t.id)').join(' AND ')}`, tokens);
    return n;
  };
  const [[{ words: wordRows }]] = await conn.query('SELECT COUNT(*) AS words FROM ticket_words');
  console.log(
    `  search: ${wordRows.toLocaleString('en')} postings (${(wordRows / count).toFixed(0)} a ticket); ${[COMMON_WORD, MIDDLE_WORD, RARE_WORD]
      .map((w) => w)
      .join(', ')} in ${(await Promise.all([COMMON_WORD, MIDDLE_WORD, RARE_WORD].map(postings))).join(', ')} tickets`,
  );

  // EXPLAIN of the SQL the API issues (captured from its own repository code)
  const ds = new DataSource({ ...dataSourceOptions({ driver: 'mysql', url: dbUrl, poolSize: 2 }), migrations: [], logging: ['query'], logger: { logQuery() {}, logQueryError() {}, logQuerySlow() {}, logSchemaBuild() {}, logMigration() {}, log() {} } });
  await ds.initialize();
  const now = new Date();
  const filters = {
    'unit queue by deadline': { unitIds: subtree, status: OPEN_AT_UNIT, sort: 'deadline', now, limit: 21 },
    'overdue list (centre)': { overdue: true, sort: 'deadline', now, limit: 21 },
    'overdue list (unit)': { unitIds: subtree, overdue: true, sort: 'deadline', now, limit: 21 },
    'unit list by time': { unitIds: subtree, sort: 'time', now, limit: 21 },
    'unit queue, due soon': { unitIds: subtree, dueSoon: true, overdue: false, sort: 'deadline', now, limit: 21 },
    'unit queue, one status': { unitIds: subtree, status: ['dispatched'], sort: 'deadline', now, limit: 21 },
    'centre, two statuses by time': { status: ['dispatched', 'in_progress'], sort: 'time', now, limit: 21 },
    'centre, a type by time': { type: ['report'], sort: 'time', now, limit: 21 },
    'centre, a channel by time': { channel: ['province'], sort: 'time', now, limit: 21 },
    'centre, a category by time': { categoryId: category, sort: 'time', now, limit: 21 },
    'centre, a community by time': { communityId: community, sort: 'time', now, limit: 21 },
    'centre, a month long ago': { from: new Date(Date.now() - 300 * 86_400_000), to: new Date(Date.now() - 270 * 86_400_000), sort: 'time', now, limit: 21 },
    'centre, due soon by deadline': { dueSoon: true, overdue: false, sort: 'deadline', now, limit: 21 },
    'centre, every deadline': { sort: 'deadline', now, limit: 21 },
    [`centre, a common word (${COMMON_WORD}) by time`]: { q: COMMON_WORD, sort: 'time', now, limit: 21 },
    [`centre, a common word (${COMMON_WORD}) by deadline`]: { q: COMMON_WORD, sort: 'deadline', now, limit: 21 },
    [`centre, a middle word (${MIDDLE_WORD}) by deadline`]: { q: MIDDLE_WORD, sort: 'deadline', now, limit: 21 },
    [`centre, a rare word (${RARE_WORD}) by time`]: { q: RARE_WORD, sort: 'time', now, limit: 21 },
    [`centre, a rare word (${RARE_WORD}) by deadline`]: { q: RARE_WORD, sort: 'deadline', now, limit: 21 },
    [`unit, a common word (${COMMON_WORD}) by deadline`]: { unitIds: subtree, q: COMMON_WORD, sort: 'deadline', now, limit: 21 },
    [`unit, a common word (${COMMON_WORD}) by time`]: { unitIds: subtree, q: COMMON_WORD, sort: 'time', now, limit: 21 },
    [`unit, a rare word (${RARE_WORD}) by time`]: { unitIds: subtree, q: RARE_WORD, sort: 'time', now, limit: 21 },
    [`centre, two words (${COMMON_WORD} ${MIDDLE_WORD}) by relevance`]: { q: `${COMMON_WORD} ${MIDDLE_WORD}`, sort: 'relevance', now, limit: 21 },
    "resident's list": { residentId: resident.id, sort: 'time', now, limit: 21 },
    'centre list, status filter': { status: ['submitted'], sort: 'time', now, limit: 21 },
  };
  const explained = [];
  for (const [label, f] of Object.entries(filters)) {
    if (process.env.BENCH_EXPLAIN_ONLY && !label.includes(process.env.BENCH_EXPLAIN_ONLY)) continue; // e.g. 'word'
    explained.push(await explain(conn, label, await apiSql(ds, f)));
  }
  // Words: the server's own time for the page's statement (ANALYZE FORMAT=JSON: r_total_time_ms of the query
  // block; the rows it read), 30 runs — the database's work apart from the client's scheduling on a loaded machine.
  for (const [label, f] of Object.entries(filters)) {
    if (f.q === undefined || (process.env.BENCH_EXPLAIN_ONLY && !label.includes(process.env.BENCH_EXPLAIN_ONLY))) continue;
    const { q, p } = await apiSql(ds, f);
    const times = [];
    let rowsRead = 0;
    for (let i = 0; i < 30; i++) {
      const [[row]] = await conn.query(`ANALYZE FORMAT=JSON ${q}`, p);
      const plan = JSON.parse(Object.values(row)[0]);
      // a statement the optimizer answers without reading (a word in no ticket: "Impossible WHERE") has no time
      times.push(plan.query_block.r_total_time_ms ?? 0);
      if (i === 0) {
        const walk = (o) => (o && typeof o === 'object' ? Object.entries(o).reduce((n, [k, v]) => n + (k === 'r_rows' && typeof v === 'number' ? v * (o.r_loops ?? 1) : walk(v)), 0) : 0);
        rowsRead = Math.round(walk(plan));
      }
    }
    times.sort((a, b) => a - b);
    console.log(`server time (ANALYZE), ${label}: median ${times[15].toFixed(2)} ms, max ${times[29].toFixed(2)} ms over 30 runs; ~${rowsRead} index/table rows read`);
  }
  // Words in-process on one connection (the repository the API calls, no HTTP): what the database and the
  // planner cost, apart from HTTP, auth and JSON; 60 runs each after 5 to warm up.
  const repo = new TicketsRepository(ds, new TicketSearchIndex(ds));
  for (const [label, f] of Object.entries(filters)) {
    if (f.q === undefined || (process.env.BENCH_EXPLAIN_ONLY && !label.includes(process.env.BENCH_EXPLAIN_ONLY))) continue;
    const times = [];
    for (let i = 0; i < 65; i++) {
      const t0 = performance.now();
      await repo.list({ ...f, now: new Date() });
      if (i >= 5) times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(`in-process, one connection: ${label}: p50 ${times[30].toFixed(1)} ms, p99 ${times[59].toFixed(1)} ms (60 runs)`);
  }
  await ds.destroy();

  const api = await startApi(dbUrl, { DEMO_PASSWORD });
  const staff = async (username) => (await json(api.base, 'POST', '/api/v1/auth/staff', { username, password: DEMO_PASSWORD })).token;
  const supervisor = await staff('supervisor');
  const handler = await staff('handler.dept.housing');
  const residentToken = (await json(api.base, 'POST', '/api/v1/auth/dev', { openid: 'bench-resident-0' })).token;
  const p = pool(dbUrl);
  // the minimal work (the issue's baselines): one statement, a mysql2 pool of 10
  const mp = pool(dbUrl, MINIMAL_POOL);
  // A page's units come with its rows (each ticket row holds a copy of its units and photos, migration 0027): a
  // page is one statement. Until 2026-12 the API read the page's units in a second round trip, as this did.
  const parts = (rows) => rows;

  // the best hand-written SQL for a unit's queue (lib.mjs)
  const unitQueue = (statuses, extra = '', extraParams = [], via = p) => unitQueuePage(via, subtree, statuses, extra, extraParams);

  const scenarios = [
    {
      label: 'GET /tickets/:id',
      token: supervisor,
      path: (i) => `/api/v1/tickets/${ids[i % ids.length]}`,
      // the ticket row, which holds a copy of its units and photos (migration 0027), by primary key, as the API
      // reads it; until 2026-12 a join of the ticket, its units and its photos, and until 2026-11 three queries
      raw: (i) => minimalRead(p, ids[i % ids.length]),
      minimal: (i) => minimalRead(mp, ids[i % ids.length]),
      // the same read through the bare apps, with nothing of ours (bench/bare-apps.mjs)
      bare: (i) => `/bare/tickets/${ids[i % ids.length]}`,
    },
    {
      label: 'unit queue (deadline)',
      token: handler,
      path: () => `/api/v1/tickets?status=${OPEN_AT_UNIT.join(',')}&sort=deadline&limit=20`,
      raw: async () => await parts(await unitQueue(OPEN_AT_UNIT)),
      // the page alone (the view's cooperating units are ours to fetch)
      minimal: async () => await unitQueue(OPEN_AT_UNIT, '', [], mp),
      bare: () => `/bare/units/${subtree.join(',')}/queue?status=${OPEN_AT_UNIT.join(',')}`,
      floors: ['fastify'],
    },
    {
      label: 'unit queue, overdue',
      token: handler,
      path: () => '/api/v1/tickets?overdue=true&sort=deadline&limit=20',
      raw: async () => await parts(await unitQueue(OPEN_AT_UNIT, 'AND replyDueAt < ?', [new Date()])),
    },
    {
      label: 'unit list (time)',
      token: handler,
      path: () => '/api/v1/tickets?limit=20',
      raw: async () => {
        const ranges = subtree.map(() => '(SELECT ticketId FROM ticket_units WHERE unitId = ? ORDER BY ticketId DESC LIMIT 21)');
        const [rows] = await p.query(`SELECT t.* FROM tickets t JOIN (${ranges.join(' UNION ALL ')}) q ON q.ticketId = t.id ORDER BY t.id DESC LIMIT 21`, subtree);
        await parts(rows);
      },
    },
    {
      label: 'overdue list (centre)',
      token: supervisor,
      path: () => '/api/v1/tickets?overdue=true&sort=deadline&limit=20',
      // one ordered range of ix_tickets_status_reply_due per open status, merged (a single IN range sorts them all)
      raw: async () => {
        const now = new Date();
        const ranges = OPEN_AT_UNIT.map(() => '(SELECT id, replyDueAt FROM tickets WHERE status = ? AND replyDueAt < ? ORDER BY replyDueAt, id LIMIT 21)');
        const [rows] = await p.query(
          `SELECT t.* FROM tickets t JOIN (${ranges.join(' UNION ALL ')}) q ON q.id = t.id ORDER BY q.replyDueAt, q.id LIMIT 21`,
          OPEN_AT_UNIT.flatMap((st) => [st, now]),
        );
        await parts(rows);
      },
    },
    {
      label: "resident's list",
      token: residentToken,
      path: () => '/api/v1/tickets?limit=20',
      // a resident's view shows no units: the page is all the API reads (until 2026-12 it also read the units)
      raw: () => residentPage(p, resident.id),
      minimal: () => residentPage(mp, resident.id),
      // no floor: a resident's view is narrower than the rows, so a route answering the rows would do more than the API
    },
    // Words through the postings (ticket_words), across the whole history, on ONE connection (the issue's bar:
    // p99 under 50 ms). The raw side: the same plan hand-written (the postings range, or by deadline the word's
    // deadline postings range).
    ...[
      ['common', COMMON_WORD, 'time'],
      ['common', COMMON_WORD, 'deadline'],
      ['middle', MIDDLE_WORD, 'time'],
      ['middle', MIDDLE_WORD, 'deadline'],
      ['rare', RARE_WORD, 'time'],
      ['rare', RARE_WORD, 'deadline'],
    ].map(([kind, word, sort]) => ({
      label: `search, ${kind} (${sort})`,
      token: supervisor,
      connections: 1,
      path: () => `/api/v1/tickets?q=${encodeURIComponent(word)}&sort=${sort}&limit=20`,
      raw: async () => {
        const [token] = queryWords(word).flat();
        let rows;
        if (sort === 'time') [rows] = await p.query('SELECT t.* FROM ticket_words w STRAIGHT_JOIN tickets t ON t.id = w.ticketId WHERE w.token = ? ORDER BY w.ticketId DESC LIMIT 21', [token]);
        // by deadline (the centre, every status with a deadline): the word's deadline postings in order (0026)
        else [rows] = await p.query('SELECT t.* FROM ticket_words_due d STRAIGHT_JOIN tickets t ON t.id = d.ticketId WHERE d.token = ? ORDER BY d.replyDueAt, d.ticketId LIMIT 21', [token]);
        await parts(rows);
      },
    })),
    {
      label: 'search, 2 words (relevance)',
      token: supervisor,
      connections: 1,
      path: () => `/api/v1/tickets?q=${encodeURIComponent(`${COMMON_WORD} ${MIDDLE_WORD}`)}&sort=relevance&limit=20`,
      // the first tier (both words), newest first
      raw: async () => {
        const [a, b] = [COMMON_WORD, MIDDLE_WORD].map((w) => queryWords(w).flat()[0]);
        const [rows] = await p.query(
          'SELECT t.* FROM ticket_words w STRAIGHT_JOIN tickets t ON t.id = w.ticketId WHERE w.token = ? AND EXISTS (SELECT 1 FROM ticket_words x WHERE x.token = ? AND x.ticketId = w.ticketId) ORDER BY w.ticketId DESC LIMIT 21',
          [b, a],
        );
        await parts(rows);
      },
    },
  ];
  const results = [];
  for (const s of scenarios) {
    // e.g. 'GET' or 'GET,resident,unit queue (': only the reads whose label contains one of them
    if (process.env.BENCH_READS_ONLY && !process.env.BENCH_READS_ONLY.split(',').some((part) => s.label.includes(part))) continue;
    let i = 0;
    const opts = {
      url: api.base,
      ...(s.connections ? { connections: s.connections } : {}),
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: s.path(i++), headers: { authorization: `Bearer ${s.token}` } }) }],
    };
    const workers = s.connections ?? CONNECTIONS;
    const bares = [];
    // the bare apps that serve this read (the bare Nest app has no list routes)
    for (const kind of s.bare ? BARE.filter((k) => (s.floors ?? BARE).includes(k)) : []) {
      const app = await startBareApp(kind, `${MYSQL}/${db}`, await freePort());
      let j = 0;
      bares.push({ app, opts: { url: app.base, requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: s.bare(j++) }) }] } });
    }
    await cannon({ ...opts, duration: 2 });
    await rawLoad(s.raw, { seconds: 2, workers });
    if (s.minimal) await rawLoad(s.minimal, { seconds: 2, workers });
    for (const b of bares) await cannon({ ...b.opts, duration: 2 });
    // BENCH_ROUNDS=n: each measured n times in turn, the median round printed (bench/lib.mjs)
    const rounds = [];
    for (let round = 0; round < ROUNDS; round++) {
      const a = await cannonApi(api, opts);
      const r = await rawLoad(s.raw, { workers });
      const m = s.minimal ? await rawLoad(s.minimal, { workers }) : undefined;
      const b = {};
      for (const { app, opts: bareOpts } of bares) b[app.label] = await cannonApi(app, bareOpts);
      rounds.push({ api: a, raw: r, minimal: m, bare: b });
      if (ROUNDS > 1) console.log(roundLine(round + 1, rounds[round]));
    }
    for (const { app } of bares) await app.stop();
    const { api: a, raw: r, minimal: m, bare: b } = medianRound(rounds);
    console.log(`${line(ROUNDS > 1 ? `${s.label} (median)` : s.label, a, r, m, b)}${s.connections ? ` (${s.connections} connection)` : ''}`);
    results.push({ label: s.label, api: a, raw: r, minimal: m, bare: b, rounds });
  }
  await api.stop();
  await p.end();
  await mp.end();
  await conn.end();
  const missing = explained.filter((e) => !e.usesIndex);
  console.log(missing.length ? `FINDING: no index used (full scan) in: ${missing.map((m) => m.label).join('; ')}` : 'every list query the API issues uses an index');
  return { tickets: count, results, explained };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const a = args();
  await reads({ db: a.db ?? 'jyg_bench', tickets: Number(a.tickets ?? 100_000), force: a.regenerate === 'true' });
}
