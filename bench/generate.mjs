// npm run bench:generate -- --tickets 100000 [--db jyg_bench] [--url mysql://root@127.0.0.1:3306] [--keep] [--postings false] [--days 365]
// Fills a MariaDB/MySQL database of its own with N realistic tickets, fast (multi-row INSERTs over mysql2):
// appeal text from ../shared/data/complaints/*.jsonl (or bench/data/), places around Jiayuguan, the spread of
// statuses of a running hotline with their events, ticket_units rows, deadlines met and missed, ratings.
// The database is recreated (migrated and seeded, with demo staff) unless --keep. Prints rows/s. --postings false
// leaves the search postings (ticket_words, ticket_words_due) empty: the slow part at 1M, and nothing but search reads
// them. --days: the span the tickets' creation times are spread over, ending two days ago (365: N tickets a year; fewer
// days give the density of a larger data set in its recent months, without writing the whole year).
// --postings-only [--first 小区,噪音,井盖] [--first-only] [--min-free-gib 15]: the postings of a database generated with
// --postings false, added afterwards (both tables, in key order; the words' tokens first, bench:reads's by default:
// searchable at full size while the rest loads; --first-only stops after them); stops when the disk has less than
// --min-free-gib free. --rollup false skips the assessment roll-up (only the assessment reads it; ~13 min at 1M).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import { monotonicFactory, ulid as ulidAt } from 'ulid';
import { postingTokens, queryWords } from '../apps/api/dist/search/search-text.js';
import { searchableText } from '../apps/api/dist/search/ticket-search.index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function args(argv = process.argv.slice(2)) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const [k, v] = a.slice(2).split('=');
    out[k] = v ?? (argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : 'true');
  }
  return out;
}

/**
 * The complaint texts: bench/data/complaints.jsonl if present, else the team's larger data set next to the
 * repository (../shared/data/complaints), else the sample every clone has: the 322 labelled messages the seed
 * and the routing model read (seeds/src/datasets/labelled.jsonl). The sample repeats texts sooner; sizes,
 * indexes and timings do not depend on which set is used.
 */
export function loadTexts() {
  const own = path.join(ROOT, 'bench/data');
  const shared = path.resolve(ROOT, '../shared/data/complaints');
  const sample = path.join(ROOT, 'seeds/src/datasets');
  const candidates = [
    [own, (f) => f === 'complaints.jsonl'],
    [shared, (f) => f.endsWith('.jsonl')],
    [sample, (f) => f === 'labelled.jsonl'],
  ];
  const [dir, files] = candidates
    .map(([d, keep]) => [d, fs.existsSync(d) ? fs.readdirSync(d).filter(keep) : []])
    .find(([, fs_]) => fs_.length > 0) ?? [null, []];
  if (!dir) throw new Error(`no complaint texts: expected ${own}/complaints.jsonl, ${shared}/*.jsonl or ${sample}/labelled.jsonl`);
  const texts = [];
  for (const f of files) {
    for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const m = JSON.parse(line);
      if (typeof m.body === 'string' && m.body.length >= 10) texts.push({ title: String(m.title ?? '').slice(0, 100) || null, body: m.body.slice(0, 2000) });
    }
  }
  return texts;
}

// A seeded mulberry32: every run generates the same data set. (The LCG this replaced multiplied past 2^53 in
// floating point and cycled after ~10k draws: 1M tickets shared 67 distinct open deadlines.)
let seedState = 20261128;
const rnd = () => {
  seedState = (seedState + 0x6d2b79f5) | 0;
  let x = Math.imul(seedState ^ (seedState >>> 15), seedState | 1);
  x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
};
const pick = (a) => a[Math.floor(rnd() * a.length)];
const weighted = (pairs) => {
  let r = rnd() * pairs.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of pairs) if ((r -= w) < 0) return v;
  return pairs.at(-1)[0];
};

/** The spread of a running hotline: most appeals closed, a working set open at the units. */
const STATUS_MIX = [
  ['closed', 70],
  ['replied', 6],
  ['in_progress', 8],
  ['dispatched', 4],
  ['return_requested', 1],
  ['submitted', 3],
  ['accepted', 2],
  ['rejected', 2],
  ['withdrawn', 2],
  ['merged', 2],
];
const PLACES = [
  ['雄关区新华中路', 39.8023, 98.2901],
  ['雄关区雄关西路', 39.7868, 98.2773],
  ['镜铁区五一南路', 39.7732, 98.2951],
  ['长城区长城东路', 39.8115, 98.3145],
  ['新城镇', 39.8761, 98.3652],
  ['峪泉镇嘉峪关村', 39.8012, 98.2191],
  ['文殊镇', 39.7142, 98.3103],
  ['胜利南路', 39.7795, 98.2922],
  ['迎宾东路', 39.7931, 98.3044],
  ['建设西路', 39.7998, 98.2702],
];
const DAY = 86_400_000;
const MIN = 60_000;

const fmt = (d) => d.toISOString().slice(0, 23).replace('T', ' ');

/**
 * A table filled by LOAD DATA LOCAL INFILE, a million rows a file: several times the rows/s of multi-row INSERTs.
 * The next file is written while the server loads the last one (at most one load in flight a table).
 */
function loader(conn, table, columns) {
  let rows = [];
  let count = 0;
  let files = 0;
  let inFlight = Promise.resolve();
  const flush = async () => {
    if (rows.length === 0) return;
    const file = path.join(os.tmpdir(), `jyg-${table}-${process.pid}-${files++}.tsv`);
    fs.writeFileSync(file, rows.join(''));
    const n = rows.length;
    rows = [];
    await inFlight;
    // BENCH_POSTINGS_PAUSE: a file whose presence holds the next load (measuring on the same server meanwhile;
    // a client stopped mid-load would let the server's net_read_timeout end the statement)
    while (process.env.BENCH_POSTINGS_PAUSE && fs.existsSync(process.env.BENCH_POSTINGS_PAUSE)) await new Promise((r) => setTimeout(r, 1000));
    inFlight = conn
      .query({
        // IGNORE: the seed's demo tickets already have theirs (written by the API's writer)
        sql: `LOAD DATA LOCAL INFILE '${file}' IGNORE INTO TABLE \`${table}\` CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' LINES TERMINATED BY '\\n' (${columns.map((c) => `\`${c}\``).join(', ')})`,
        infileStreamFactory: () => fs.createReadStream(file),
      })
      .then(() => {
        count += n;
      })
      .finally(() => fs.rmSync(file, { force: true }));
  };
  return {
    /** true when a file's worth is buffered: then `await flush()` (no await a row: ~700M rows at 1M tickets) */
    add: (row) => rows.push(row) >= 1_000_000,
    flush,
    done: async () => {
      await flush();
      await inFlight;
      return count;
    },
    get count() {
      return count + rows.length;
    },
  };
}

/**
 * The postings of every generated ticket (ticket_words) and, for those with a reply deadline, the deadline postings
 * (ticket_words_due, migration 0026), each inserted in its primary-key order: tokens in byte order (the column is
 * utf8mb4_bin), then the ticket ids, or the deadlines and the ids. Each token's tickets are those whose text holds
 * it, and the texts repeat, so the tokens are computed once per text. A bulk load in key order appends to the
 * B-tree instead of splitting pages all over it (the writer's per-ticket INSERT is what production does; this is
 * only faster to build). The two tables load on two connections at once. `first`: tokens loaded before the rest
 * (a bench's words: searchable at full size while the rest still loads). `minFreeBytes`: stop when the disk holding
 * the temporary files has less free.
 */
async function loadPostings({ words, due, dueTable }, texts, ticketIds, ticketText, dueAt, log, { first = [], firstOnly = false, minFreeBytes = 0 } = {}) {
  const started = performance.now();
  const byText = texts.map(() => []);
  for (let n = 0; n < ticketIds.length; n++) if (ticketText[n] >= 0) byText[ticketText[n]].push(n);
  const textsOf = new Map();
  texts.forEach((text, i) => {
    if (byText[i].length === 0) return;
    for (const token of postingTokens(searchableText({ title: text.title ?? null, description: text.body }))) {
      const list = textsOf.get(token);
      if (list) list.push(i);
      else textsOf.set(token, [i]);
    }
  });
  const sorted = [...textsOf.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const firstSet = new Set(first.filter((t) => textsOf.has(t)));
  const tokens = [...[...firstSet].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))), ...sorted.filter((t) => !firstSet.has(t))];
  // the deadline postings' order within a token: (replyDueAt, ticketId), as a rank per ticket
  const dueRank = new Int32Array(ticketIds.length).fill(-1);
  const byDue = [];
  if (dueTable) {
    const order = [];
    for (let n = 0; n < ticketIds.length; n++) if (dueAt[n]) order.push(n);
    order.sort((a, b) => (dueAt[a] < dueAt[b] ? -1 : dueAt[a] > dueAt[b] ? 1 : ticketIds[a] < ticketIds[b] ? -1 : 1));
    order.forEach((n, r) => {
      dueRank[n] = r;
      byDue.push(n);
    });
  }
  const wordsLoad = loader(words, 'ticket_words', ['token', 'ticketId']);
  const dueLoad = dueTable ? loader(due, 'ticket_words_due', ['token', 'replyDueAt', 'ticketId']) : null;
  let lastLog = performance.now();
  let done = 0;
  const report = (what) => {
    const s = (performance.now() - started) / 1000;
    const rows = wordsLoad.count + (dueLoad?.count ?? 0);
    log(`  postings ${what}: ${wordsLoad.count.toLocaleString('en')} + ${(dueLoad?.count ?? 0).toLocaleString('en')} deadline rows, ${done.toLocaleString('en')}/${tokens.length.toLocaleString('en')} tokens (at ${JSON.stringify(tokens[done - 1] ?? '')}), ${s.toFixed(0)} s, ${Math.round(rows / s).toLocaleString('en')} rows/s`);
  };
  for (const token of tokens) {
    const list = textsOf.get(token);
    let size = 0;
    for (const i of list) size += byText[i].length;
    const ns = new Int32Array(size);
    let k = 0;
    for (const i of list) for (const n of byText[i]) ns[k++] = n;
    ns.sort();
    for (const n of ns) if (wordsLoad.add(`${token}\t${ticketIds[n]}\n`)) await wordsLoad.flush();
    if (dueLoad) {
      const ranks = new Int32Array(size);
      let m = 0;
      for (const n of ns) if (dueRank[n] >= 0) ranks[m++] = dueRank[n];
      const used = ranks.subarray(0, m).sort();
      for (const r of used) if (dueLoad.add(`${token}\t${dueAt[byDue[r]]}\t${ticketIds[byDue[r]]}\n`)) await dueLoad.flush();
    }
    done++;
    if (done === firstSet.size && firstSet.size > 0) {
      report(`of the first ${firstSet.size} tokens (${[...firstSet].join(' ')}) queued`);
      if (firstOnly) break;
    }
    if (performance.now() - lastLog > 60_000) {
      lastLog = performance.now();
      report('so far');
      if (minFreeBytes) {
        const st = fs.statfsSync(os.tmpdir());
        if (st.bavail * st.bsize < minFreeBytes) {
          log(`  postings: STOPPED, ${(st.bavail * st.bsize / 2 ** 30).toFixed(1)} GiB free on the disk`);
          break;
        }
      }
    }
  }
  const wordsCount = await wordsLoad.done();
  const dueCount = dueLoad ? await dueLoad.done() : 0;
  report('loaded');
  return { words: wordsCount, due: dueCount, tokens: done, allTokens: tokens.length };
}

/**
 * The search postings of a database generated with --postings false, from the tickets it holds: each generated ticket's text is one of the
 * complaint texts, found again by its title and description. `first`: words whose tokens load first.
 */
export async function addPostings({ url = 'mysql://root@127.0.0.1:3306', db = 'jyg_bench', first = [], firstOnly = false, minFreeGiB = 15, log = console.log } = {}) {
  const dbUrl = `${url.replace(/\/+$/, '')}/${db}`;
  const started = performance.now();
  const open = async () => {
    const c = await mysql.createConnection({ uri: dbUrl, connectTimeout: 5000, dateStrings: true });
    await c.query('SET unique_checks = 0, foreign_key_checks = 0');
    return c;
  };
  const words = await open();
  const due = await open();
  const texts = loadTexts();
  const key = (title, body) => `${title ?? ''}\u0000${body}`;
  const textIndex = new Map();
  texts.forEach((t, i) => {
    if (!textIndex.has(key(t.title, t.body))) textIndex.set(key(t.title, t.body), i);
  });
  const ticketIds = [];
  const text = [];
  const dueAt = [];
  let after = '';
  for (;;) {
    const [rows] = await words.query('SELECT id, title, description, replyDueAt FROM tickets WHERE id > ? ORDER BY id LIMIT 50000', [after]);
    if (rows.length === 0) break;
    for (const r of rows) {
      ticketIds.push(r.id);
      text.push(textIndex.get(key(r.title, r.description)) ?? -1);
      dueAt.push(r.replyDueAt ?? null);
    }
    after = rows.at(-1).id;
  }
  const ticketText = Int32Array.from(text);
  const matched = ticketText.filter((i) => i >= 0).length;
  log(`  ${ticketIds.length.toLocaleString('en')} tickets read (${matched.toLocaleString('en')} with a generated text) in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const dueTable = (await words.query('SHOW TABLES LIKE "ticket_words_due"'))[0].length > 0;
  const firstTokens = first.flatMap((w) => queryWords(w).flat());
  const result = await loadPostings({ words, due, dueTable }, texts, ticketIds, ticketText, dueAt, log, { first: firstTokens, firstOnly, minFreeBytes: minFreeGiB * 2 ** 30 });
  // sampled statistics (InnoDB's own): PERSISTENT FOR ALL would read the whole ~20 GB of each at 1M
  for (const table of ['ticket_words', ...(dueTable ? ['ticket_words_due'] : [])]) await words.query(`ANALYZE TABLE \`${table}\``);
  await words.end();
  await due.end();
  const seconds = (performance.now() - started) / 1000;
  log(`postings of ${db}: ${JSON.stringify(result)} in ${seconds.toFixed(0)} s, ${Math.round((result.words + result.due) / seconds).toLocaleString('en')} rows/s`);
  return result;
}

export async function generate({ url = 'mysql://root@127.0.0.1:3306', db = 'jyg_bench', tickets: total = 100_000, keep = false, postings = true, days = 365, rollup = true, log = console.log } = {}) {
  const dbUrl = `${url.replace(/\/+$/, '')}/${db}`;
  const started = performance.now();
  const admin = await mysql.createConnection({ uri: url, connectTimeout: 5000 });
  if (!keep) await admin.query(`DROP DATABASE IF EXISTS \`${db}\``);
  await admin.end();
  if (!keep) {
    // migrations + organisation, categories, calendar, demo staff (their logins drive the reads bench)
    const r = spawnSync(process.execPath, [path.join(ROOT, 'apps/api/dist/seed.js')], {
      env: { ...process.env, DATABASE_URL: dbUrl, SEED_DEMO: 'true', NODE_ENV: 'development', LOG_LEVEL: 'error' },
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`seed failed: ${r.stderr || r.stdout}`);
  }
  const seeded = performance.now();
  const conn = await mysql.createConnection({ uri: dbUrl, connectTimeout: 5000, multipleStatements: false });
  await conn.query('SET unique_checks = 0, foreign_key_checks = 0');
  const texts = loadTexts();
  const [units] = await conn.query("SELECT id, code, kind FROM units WHERE kind IN ('department','company','street','community')");
  const [cats] = await conn.query('SELECT id, replyDays FROM categories WHERE active = 1');
  const hot = units.find((u) => u.code === 'dept.housing') ?? units[0];
  const leads = units.filter((u) => u.kind !== 'community');
  const communities = units.filter((u) => u.kind === 'community');
  const [centre] = (await conn.query("SELECT id FROM staff WHERE role = 'operator' LIMIT 1"))[0];

  const columns = async (table) => new Set((await conn.query(`SHOW COLUMNS FROM \`${table}\``))[0].map((c) => c.Field));
  const have = { tickets: await columns('tickets'), ticket_events: await columns('ticket_events'), ticket_units: await columns('ticket_units'), residents: await columns('residents') };
  // The search postings (migration 0017), the tokens TicketWriter writes, loaded after the tickets in key order.
  const searchable = postings && (await conn.query('SHOW TABLES LIKE "ticket_words"'))[0].length > 0;
  const buffers = { tickets: [], ticket_events: [], ticket_units: [], residents: [] };
  const counts = { tickets: 0, ticket_events: 0, ticket_units: 0, residents: 0, ticket_words: 0 };
  const ticketIds = [];
  const ticketText = new Int32Array(total);
  const dueAt = [];
  const BATCH = 1000;
  const flush = async (table) => {
    const rows = buffers[table];
    if (rows.length === 0) return;
    // Every column any row of the batch sets (not the first row's: a submitted ticket has no deadline keys, and a
    // batch that began with one left every deadline in it NULL).
    const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((c) => have[table].has(c));
    const sql = `INSERT INTO \`${table}\` (${cols.map((c) => `\`${c}\``).join(',')}) VALUES ?`;
    await conn.query(sql, [rows.map((r) => cols.map((c) => r[c] ?? null))]);
    counts[table] += rows.length;
    buffers[table] = [];
  };
  const push = async (table, row) => {
    buffers[table].push(row);
    if (buffers[table].length >= BATCH) await flush(table);
  };

  // Residents: a skewed spread (a few file often); bench-resident-0 is the heaviest.
  const residentCount = Math.max(10, Math.floor(total / 4));
  const residents = [];
  const now = Date.now();
  for (let i = 0; i < residentCount; i++) {
    const id = ulidAt(now - 400 * DAY);
    residents.push(id);
    await push('residents', { id, openid: `bench-resident-${i}`, unionid: null, createdAt: fmt(new Date(now - 400 * DAY)), lastLoginAt: fmt(new Date(now)) });
  }
  await flush('residents');

  const ulid = monotonicFactory();
  const perDay = new Map();
  const span = days * DAY;
  // tickets are generated oldest first so ids (ULIDs) follow createdAt
  const times = Array.from({ length: total }, () => Math.floor(now - 2 * DAY - rnd() * span)).sort((a, b) => a - b);
  for (let n = 0; n < total; n++) {
    const created = times[n];
    const status = weighted(STATUS_MIX);
    const textIndex = Math.floor(rnd() * texts.length);
    const text = texts[textIndex];
    const place = pick(PLACES);
    const cat = pick(cats);
    const channel = weighted([['miniprogram', 60], ['phone', 30], ['web', 8], ['province', 2]]);
    const byResident = channel === 'miniprogram';
    const residentIdx = Math.floor(residentCount * rnd() ** 3);
    const id = ulid(created);
    const dayKey = new Date(created + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
    const seq = (perDay.get(dayKey) ?? 0) + 1;
    perDay.set(dayKey, seq);
    const lead = rnd() < 0.3 ? hot : pick(leads);
    const replyDays = cat.replyDays ?? 15;
    const t = {
      id,
      number: `JYG${dayKey}${String(seq).padStart(6, '0')}`,
      status,
      version: 1,
      channel,
      type: pick(['consultation', 'help', 'complaint', 'complaint', 'report', 'suggestion']),
      categoryId: ['submitted'].includes(status) ? null : cat.id,
      title: text.title,
      description: text.body,
      lat: place[1] + (rnd() - 0.5) * 0.02,
      lng: place[2] + (rnd() - 0.5) * 0.02,
      coordSystem: 'gcj02',
      address: place[0],
      contactName: byResident ? null : '张先生',
      contactPhone: byResident ? null : `139${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`,
      confidential: rnd() < 0.05 ? 1 : 0,
      residentId: byResident ? residents[residentIdx] : null,
      leadUnitId: null,
      createdAt: fmt(new Date(created)),
      updatedAt: fmt(new Date(created)),
      urgent: rnd() < 0.05 ? 1 : 0,
      urgeCount: 0,
      extensionDays: 0,
      outsideArea: 0,
      communityId: communities.length ? pick(communities).id : null,
      wgs84Lat: place[1],
      wgs84Lng: place[2],
    };
    const events = [];
    const unitRows = [];
    let at = created;
    let from = null;
    const ev = (action, to, actorRole, extra = {}) => {
      at += Math.floor(10 * MIN + rnd() * 600 * MIN);
      events.push({ id: ulidAt(Math.floor(Math.min(at, now))), ticketId: id, action, fromStatus: from, toStatus: to, actorId: actorRole === 'resident' ? t.residentId : centre.id, actorRole, unitId: null, note: null, payload: null, createdAt: fmt(new Date(Math.min(at, now))), ...extra });
      from = to;
    };
    ev(byResident ? 'submit' : 'register', byResident ? 'submitted' : 'accepted', byResident ? 'resident' : 'operator');
    if (byResident && status !== 'submitted' && status !== 'withdrawn') ev('accept', 'accepted', 'operator');
    if (status === 'withdrawn') ev('withdraw', 'withdrawn', byResident ? 'resident' : 'operator');
    if (status === 'rejected') ev('reject', 'rejected', 'operator', { note: '不属于受理范围' });
    if (status === 'merged') ev('merge', 'merged', 'operator');
    const atUnit = ['dispatched', 'in_progress', 'return_requested', 'replied', 'closed'].includes(status);
    if (atUnit) {
      t.leadUnitId = lead.id;
      ev('dispatch', 'dispatched', 'operator');
      const dispatched = at;
      t.dispatchedAt = fmt(new Date(dispatched));
      t.signDueAt = fmt(new Date(dispatched + DAY));
      t.replyDueAt = fmt(new Date(dispatched + replyDays * DAY));
      t.dueSoonFrom = fmt(new Date(dispatched + replyDays * 0.8 * DAY));
      unitRows.push({ ticketId: id, unitId: lead.id, part: 'lead' });
      if (rnd() < 0.1) {
        const co = pick(leads);
        if (co.id !== lead.id) unitRows.push({ ticketId: id, unitId: co.id, part: 'cooperating' });
      }
      if (status !== 'dispatched') {
        ev('sign', 'in_progress', 'handler', { unitId: lead.id });
        t.signedAt = fmt(new Date(at));
        t.signMinutes = Math.round((at - dispatched) / MIN);
        t.signOnTime = at - dispatched <= DAY ? 1 : 0;
      }
      if (status === 'return_requested') {
        t.statusBeforeReturn = 'in_progress';
        ev('request_return', 'return_requested', 'handler', { unitId: lead.id, note: '非本单位职责' });
      }
      if (status === 'replied' || status === 'closed') {
        // most replies on time, some late
        const late = rnd() < 0.12;
        const replied = late ? dispatched + replyDays * DAY * (1 + rnd() * 0.5) : dispatched + replyDays * DAY * rnd() * 0.9;
        at = Math.min(replied, now - MIN);
        from = 'in_progress';
        events.push({ id: ulidAt(Math.floor(at)), ticketId: id, action: 'reply', fromStatus: 'in_progress', toStatus: 'replied', actorId: centre.id, actorRole: 'handler', unitId: lead.id, note: null, payload: null, createdAt: fmt(new Date(at)) });
        from = 'replied';
        t.repliedAt = fmt(new Date(at));
        t.replyMinutes = Math.round((at - dispatched) / MIN);
        t.replyOnTime = late ? 0 : 1;
        if (late) t.overdueAt = fmt(new Date(dispatched + replyDays * DAY));
        t.replyContent = '经核实，已安排工作人员现场处理，问题已解决。';
        t.handlerName = '李工';
        t.handlerPhone = '09376221234';
        t.replyUnitId = lead.id;
      }
      if (status === 'closed') {
        const s = weighted([['satisfied', 75], ['basically_satisfied', 15], ['unsatisfied', 5], [null, 5]]);
        if (s) {
          t.satisfaction = s;
          t.resolved = s === 'unsatisfied' ? 0 : 1;
          t.ratedAt = fmt(new Date(Math.min(at + DAY, now)));
          ev('rate', s === 'unsatisfied' ? 'replied' : 'closed', 'resident');
          if (s === 'unsatisfied') ev('close', 'closed', 'supervisor');
        } else ev('auto_close', 'closed', 'system');
        t.closedAt = fmt(new Date(Math.min(at, now)));
      }
      if (['dispatched', 'in_progress', 'return_requested'].includes(status)) {
        // the open working set: recent, a share already overdue, some due soon
        const r = rnd();
        const due = r < 0.2 ? now - rnd() * 10 * DAY : now + rnd() * replyDays * DAY;
        t.replyDueAt = fmt(new Date(due));
        t.dueSoonFrom = fmt(new Date(due - replyDays * 0.2 * DAY));
        if (due < now) t.overdueAt = fmt(new Date(due));
        if (due - now < replyDays * 0.2 * DAY) t.dueSoonAt = fmt(new Date(Math.min(now, due)));
      }
    }
    t.version = events.length;
    t.updatedAt = events.at(-1).createdAt;
    // the row's copy of its units and photos (migration 0027, apps/api/src/tickets/ticket-parts.ts); no photos here
    t.parts = JSON.stringify({ units: unitRows.map((u) => ({ unitId: u.unitId, part: u.part })), photos: [] });
    await push('tickets', t);
    ticketIds.push(t.id);
    ticketText[n] = textIndex;
    dueAt.push(t.replyDueAt ?? null);
    // ticket_units mirrors the ticket's status and reply deadline (the units' queue index).
    for (const u of unitRows) await push('ticket_units', { ...u, status, replyDueAt: t.replyDueAt ?? null });
    for (const e of events) await push('ticket_events', { ...e, payload: e.payload === null ? null : JSON.stringify(e.payload) });
    if (n > 0 && n % 100_000 === 0) log(`  ${n} tickets, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  for (const table of Object.keys(buffers)) await flush(table);
  // The postings, and the deadline postings (migration 0026) of every ticket with a deadline, each in key order.
  const byDeadline = searchable && (await conn.query('SHOW TABLES LIKE "ticket_words_due"'))[0].length > 0;
  if (searchable) {
    const due = await mysql.createConnection({ uri: dbUrl, connectTimeout: 5000 });
    await due.query('SET unique_checks = 0, foreign_key_checks = 0');
    const loaded = await loadPostings({ words: conn, due, dueTable: byDeadline }, texts, ticketIds, ticketText, dueAt, log);
    await due.end();
    counts.ticket_words = loaded.words;
    if (byDeadline) counts.ticket_words_due = loaded.due;
  }
  // the number allocator must not hand out numbers the generated rows took
  if (have.tickets.size) {
    const [blocks] = await conn.query('SHOW TABLES LIKE "ticket_number_blocks"');
    if (blocks.length) {
      const rows = [...perDay].map(([day, seq]) => [day, seq + 1]);
      for (let i = 0; i < rows.length; i += 1000) await conn.query('INSERT INTO ticket_number_blocks (day, nextSeq) VALUES ? ON DUPLICATE KEY UPDATE nextSeq = GREATEST(nextSeq, VALUES(nextSeq))', [rows.slice(i, i + 1000)]);
    }
  }
  const insertSeconds = (performance.now() - seeded) / 1000;
  // fresh statistics, so the optimizer sees the real spread (see TOOLCHAIN.md: a bad plan until ANALYZE)
  for (const table of ['tickets', 'ticket_events', 'ticket_units', 'residents', ...(searchable ? ['ticket_words'] : []), ...(byDeadline ? ['ticket_words_due'] : [])]) await conn.query(`ANALYZE TABLE \`${table}\` PERSISTENT FOR ALL`);
  // The assessment roll-up (migration 0019) from the generated events, as the migration fills it.
  const [ledger] = await conn.query('SHOW TABLES LIKE "assessment_items"');
  await conn.end();
  if (ledger.length && rollup) {
    const { createDataSource } = await import('../apps/api/dist/schema.js');
    const { rebuildAssessmentItems } = await import('../apps/api/dist/assessment/assessment-history.js');
    // a one-off job over the whole history: the API's 5 s statement timeout would cut its ANALYZE (it did at 200k)
    const ds = createDataSource({ driver: 'mysql', url: dbUrl, poolSize: 2, queryTimeoutMs: 600_000 });
    await ds.initialize();
    try {
      counts.assessment_items = await rebuildAssessmentItems(ds.manager, null);
      await ds.query('ANALYZE TABLE `assessment_items` PERSISTENT FOR ALL');
    } finally {
      await ds.destroy();
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const rows = Object.values(counts).reduce((a, b) => a + b, 0);
  log(
    `generated ${db}: ${JSON.stringify(counts)} in ${seconds.toFixed(1)} s (${((seeded - started) / 1000).toFixed(1)} s migrating and seeding, ${insertSeconds.toFixed(1)} s inserting, ` +
      `${Math.round(rows / insertSeconds)} rows/s); hot unit ${hot.code}`,
  );
  return { dbUrl, counts, seconds, hotUnit: hot.code };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const a = args();
  if (a['postings-only'] === 'true') {
    const first = a.first ? a.first.split(',') : ['小区', '噪音', '井盖'];
    await addPostings({ url: a.url, db: a.db, first, firstOnly: a['first-only'] === 'true', minFreeGiB: Number(a['min-free-gib'] ?? 15) });
    process.exit(0);
  }
  await generate({ url: a.url, db: a.db, tickets: Number(a.tickets ?? 100_000), keep: a.keep === 'true', postings: a.postings !== 'false', days: Number(a.days ?? 365), rollup: a.rollup !== 'false' });
}
