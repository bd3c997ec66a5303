// npm run bench:intake — residents filing appeals through the real API (autocannon on loopback, POST
// /api/v1/tickets with a resident token and a distinct Idempotency-Key per request) vs. the raw limit measured
// in the same run: the same rows (ticket + event + idempotency key, with a response of the API's size, + the text's
// search postings) inserted by plain mysql2, one transaction each, plus a ticket-number block every 20th, at the same
// concurrency. A fresh
// database of its own (jyg_bench_intake), dropped at the end; or, with `-- --into jyg_bench_1m`, a generated database
// (its size is the point: the growth figures), kept, with the appeals of the run added to it.
import { createHash } from 'node:crypto';
import mysql from 'mysql2/promise';
import { ulid } from 'ulid';
import { postingTokens } from '../apps/api/dist/search/search-text.js';
import { startBareApp } from './bare-apps.mjs';
import { BARE, CONNECTIONS, DURATION, cannon, freePort, cannonApi, json, line, machine, medianRound, MINIMAL_POOL, minimalFile, MYSQL, pool, rawLoad, ROUNDS, roundLine, seedDatabase, startApi } from './lib.mjs';

const intoArg = process.argv.indexOf('--into');
const INTO = intoArg >= 0 ? process.argv[intoArg + 1] : undefined;
const DB = INTO ?? process.env.BENCH_INTAKE_DB ?? 'jyg_bench_intake';
const dbUrl = `${MYSQL}/${DB}`;
const body = {
  type: 'complaint',
  description: '小区供暖不热，室温只有12度，已经持续一周了，请相关部门尽快处理',
  location: { lat: 39.8023, lng: 98.2901, coordSystem: 'gcj02', address: '雄关区新华中路' },
  confidential: false,
};

export async function intake() {
  console.log(`intake bench: ${CONNECTIONS} connections, ${DURATION} s each${ROUNDS > 1 ? `, ${ROUNDS} rounds` : ''}; ${machine()}`);
  const admin = await mysql.createConnection({ uri: MYSQL });
  if (INTO) {
    const [[{ n }]] = await admin.query(`SELECT COUNT(*) AS n FROM \`${DB}\`.tickets`);
    console.log(`  into ${DB}, holding ${Number(n).toLocaleString('en')} tickets`);
  } else {
    await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    seedDatabase(dbUrl);
  }
  // BENCH_DEBUG=1: the last requests the API logged are printed after the run
  const api = await startApi(dbUrl);
  const tokens = [];
  for (let i = 0; i < CONNECTIONS; i++) tokens.push((await json(api.base, 'POST', '/api/v1/auth/dev', { openid: `bench-intake-${i}` })).token);
  const run = `${process.pid}-${Date.now().toString(36)}`;
  let seq = 0;
  let firstError = null;
  let stored = null; // one of the API's answers: the raw side stores a key row with a response of the same size
  const post = (label) => ({
    url: `${api.base}/api/v1/tickets`,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/tickets',
        body: JSON.stringify(body),
        setupRequest: (req, ctx) => {
          ctx.token ??= tokens[seq % tokens.length];
          req.headers = {
            'content-type': 'application/json',
            authorization: `Bearer ${ctx.token}`,
            'idempotency-key': `${label}-${run}-${seq++}`,
          };
          return req;
        },
        onResponse: (status, resBody) => {
          if (status >= 300 && !firstError) firstError = `${status} ${resBody}`;
          if (status === 201) stored ??= resBody;
        },
      },
    ],
  });
  await cannon({ ...post('warm'), duration: 3 });

  // the raw limit: the same rows per appeal (ticket, event, idempotency key with the API's answer, the text's search
  // postings), one transaction each, same concurrency; and, like the API's ticket-number allocator, a block of 20
  // numbers reserved in a transaction of its own every 20th appeal
  const [[resident]] = await admin.query(`SELECT id FROM \`${DB}\`.residents LIMIT 1`);
  const p = pool(dbUrl);
  const responseBody = stored ?? JSON.stringify({ id: ulid(), number: 'JYG20261128000001', status: 'submitted', version: 1, ...body });
  await admin.query(`INSERT IGNORE INTO \`${DB}\`.ticket_number_blocks (day, nextSeq) VALUES ('00000000', 1)`);
  const day = Date.now().toString(36).slice(-8); // numbers of their own, also in a kept database
  const words = postingTokens(body.description);
  const postings = `INSERT INTO ticket_words (token, ticketId) VALUES ${words.map(() => '(?, ?)').join(', ')}`;
  let rawSeq = 0;
  const rawFile = async () => {
    const i = rawSeq++;
    const c = await p.getConnection();
    try {
      const now = new Date();
      const id = ulid();
      if (i % 20 === 0) {
        await c.beginTransaction();
        const [[block]] = await c.query("SELECT nextSeq FROM ticket_number_blocks WHERE day = '00000000' FOR UPDATE");
        await c.query("UPDATE ticket_number_blocks SET nextSeq = ? WHERE day = '00000000'", [block.nextSeq + 20]);
        await c.commit();
      }
      await c.beginTransaction();
      await c.query(
        'INSERT INTO tickets (id, number, status, version, channel, type, description, lat, lng, coordSystem, address, confidential, residentId, createdAt, updatedAt, urgent, urgeCount, extensionDays, outsideArea, wgs84Lat, wgs84Lng, parts) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
        [id, `R${day}${String(i).padStart(9, '0')}`, 'submitted', 1, 'miniprogram', 'complaint', body.description, 39.8023, 98.2901, 'gcj02', body.location.address, 0, resident.id, now, now, 0, 0, 0, 0, 39.8, 98.28, '{"units":[],"photos":[]}'],
      );
      await c.query(
        'INSERT INTO ticket_events (id, ticketId, action, fromStatus, toStatus, actorId, actorRole, createdAt) VALUES (?,?,?,?,?,?,?,?)',
        [ulid(), id, 'submit', null, 'submitted', resident.id, 'resident', now],
      );
      await c.query(postings, words.flatMap((t) => [t, id]));
      await c.query(
        'INSERT INTO idempotency_keys (id, actorId, `key`, requestHash, operation, responseStatus, responseBody, createdAt) VALUES (?,?,?,?,?,?,?,?)',
        [ulid(), resident.id, `raw-${run}-${i}`, createHash('sha256').update(String(i)).digest('hex'), 'tickets.file', 201, responseBody, now],
      );
      await c.commit();
    } finally {
      c.release();
    }
  };
  // the minimal work (the issue's baseline): a ticket row and an event row in one transaction, pool of 10
  const minimalPool = pool(dbUrl, MINIMAL_POOL);
  let minimalSeq = 0;
  await rawLoad(() => minimalFile(minimalPool, resident.id, `${day}w`, minimalSeq++), { seconds: 2 });
  // the minimal work's rows filed through the bare apps, with nothing of ours (bench/bare-apps.mjs)
  const bares = [];
  for (const kind of BARE) {
    const app = await startBareApp(kind, dbUrl, await freePort());
    const opts = { url: `${app.base}/bare/tickets`, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...body, residentId: resident.id }) };
    await cannon({ ...opts, duration: 2 });
    bares.push({ app, opts });
  }

  // BENCH_ROUNDS=n: the API, the raw limit and the minimal work measured n times in turn (the API idle while the
  // others run), so a neighbour's burst moves one round, not the figure: the median round is printed
  const rounds = [];
  for (let round = 0; round < ROUNDS; round++) {
    const api_ = await cannonApi(api, post(`bench${round}`));
    const raw = await rawLoad(rawFile);
    const minimal = await rawLoad(() => minimalFile(minimalPool, resident.id, day, minimalSeq++));
    const bare = {};
    for (const { app, opts } of bares) bare[app.label] = await cannonApi(app, opts);
    rounds.push({ api: api_, raw, minimal, bare });
    if (ROUNDS > 1) console.log(roundLine(round + 1, rounds[round]));
  }
  if (process.env.BENCH_DEBUG) console.log(api.log().split('\n').filter((l) => /tickets|error/i.test(l)).slice(-5).join('\n'));
  if (firstError) console.log(`  first API error: ${firstError.slice(0, 300)}`);
  await api.stop();
  for (const { app } of bares) await app.stop();
  await p.end();
  await minimalPool.end();
  const [[{ n }]] = await admin.query(`SELECT COUNT(*) AS n FROM \`${DB}\`.tickets`);
  if (!process.env.BENCH_KEEP && !INTO) await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
  await admin.end();
  const { api: apiResult, raw: rawResult, minimal: minimalResult, bare: bareResult } = medianRound(rounds);
  console.log(line(ROUNDS > 1 ? `POST /tickets (median)` : 'POST /tickets', apiResult, rawResult, minimalResult, bareResult));
  const sum = (k) => rounds.reduce((t, r) => t + r[k].total, 0);
  const throughBare = bares.map(({ app }) => `, ${rounds.reduce((t, r) => t + r.bare[app.label].total, 0)} through the ${app.label}`).join('');
  console.log(
    `  (${sum('api')} appeals through the API, ${sum('raw')} raw transactions, ${sum('minimal')} minimal ones${throughBare}, ${n} ticket rows in all; ${words.length} search postings an appeal)`,
  );
  return { api: apiResult, raw: rawResult, minimal: minimalResult, bare: bareResult, rounds };
}

if (import.meta.url === `file://${process.argv[1]}`) await intake();
