// npm run bench:actions — the staff's three commonest actions through the real API (autocannon on loopback, POST
// /api/v1/tickets/:id/actions/:action at 20 connections): an operator dispatches a registered appeal to a unit, the
// unit's handler signs for it, then replies. Each round registers BENCH_ACTION_TICKETS appeals beforehand (not
// measured) and runs each action once on each of them. Beside them, the minimal work of an action in raw SQL: a
// guarded UPDATE of the ticket (status, version) and its event row in one transaction, a mysql2 pool of 10, like
// filing's minimal work (docs/performance.md). A fresh database of its own (jyg_bench_actions), dropped at the end.
import mysql from 'mysql2/promise';
import { ulid } from 'ulid';
import { CONNECTIONS, cannonApi, fmt, json, machine, MINIMAL_POOL, MYSQL, pool, rawLoad, ROUNDS, seedDatabase, startApi } from './lib.mjs';

const DB = process.env.BENCH_ACTIONS_DB ?? 'jyg_bench_actions';
const dbUrl = `${MYSQL}/${DB}`;
const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'Demo@12345';
const TICKETS = Number(process.env.BENCH_ACTION_TICKETS ?? 6_000);
const UNIT = 'dept.housing';

export async function actions() {
  console.log(`actions bench: ${CONNECTIONS} connections, ${TICKETS.toLocaleString('en')} tickets an action${ROUNDS > 1 ? `, ${ROUNDS} rounds` : ''}; ${machine()}`);
  const admin = await mysql.createConnection({ uri: MYSQL });
  await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
  seedDatabase(dbUrl, true);
  const [[category]] = await admin.query(
    `SELECT c.id FROM \`${DB}\`.categories c JOIN \`${DB}\`.units u ON u.id = c.defaultUnitId WHERE u.code = ? AND c.active = 1 ORDER BY c.code LIMIT 1`,
    [UNIT],
  );
  const [[unit]] = await admin.query(`SELECT id FROM \`${DB}\`.units WHERE code = ?`, [UNIT]);
  const api = await startApi(dbUrl, { DEMO_PASSWORD });
  const staff = async (username) => (await json(api.base, 'POST', '/api/v1/auth/staff', { username, password: DEMO_PASSWORD })).token;
  const operator = await staff('operator');
  const handler = await staff(`handler.${UNIT}`);

  // appeals an operator registered for callers: they start accepted, ready to dispatch
  let registered = 0;
  const register = async (n) => {
    const tickets = [];
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (tickets.length < n) {
          const body = {
            channel: 'phone',
            categoryId: category.id,
            type: 'complaint',
            description: `楼道灯不亮已经一周了，晚上上下楼很危险，请尽快维修（第${registered++}号）`,
            location: { lat: 39.8023, lng: 98.2901, coordSystem: 'gcj02', address: '雄关区新华中路' },
            contact: { name: '王女士', phone: '13800000000' },
          };
          const t = await json(api.base, 'POST', '/api/v1/tickets', body, operator);
          tickets.push({ id: t.id, version: t.version });
        }
      }),
    );
    return tickets.slice(0, n);
  };

  let firstError = null;
  const act = (action, token, tickets, bodyOf) => {
    let next = 0;
    const t0 = performance.now();
    let last = t0;
    // a run of `amount` requests: its rate is its requests over the time to the last answer (autocannon's average is
    // of whole seconds, and it notices the end only at its next one-second tick)
    const done = (r) => ({ ...r, rps: r.total / ((last - t0) / 1000) });
    return cannonApi(api, {
      url: api.base,
      amount: tickets.length,
      duration: 600, // ignored: amount ends the run
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => {
            const t = tickets[next++ % tickets.length];
            req.path = `/api/v1/tickets/${t.id}/actions/${action}`;
            req.headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
            req.body = JSON.stringify({ ...bodyOf(t), version: t.version });
            t.version += 1;
            return req;
          },
          onResponse: (status, resBody) => {
            last = performance.now();
            if (status >= 300 && !firstError) firstError = `${action}: ${status} ${resBody}`;
          },
        },
      ],
    }).then(done);
  };
  const steps = [
    ['dispatch', operator, () => ({ leadUnitId: unit.id })],
    ['sign', handler, () => ({})],
    ['reply', handler, () => ({ content: '已安排电工更换楼道灯，现已恢复照明。', handlerName: '李师傅', handlerPhone: '13900000000' })],
  ];

  // the minimal work of an action: a guarded update and an event, one transaction, on tickets of the run (each loop
  // its own tickets, so no two loops race for one), the status moved back and forth
  const mp = pool(dbUrl, MINIMAL_POOL);
  const minimal = async (slices, i, w) => {
    const slice = slices[w];
    const t = slice[i % slice.length];
    const to = t.status === 'closed' ? 'replied' : 'closed';
    const c = await mp.getConnection();
    try {
      const now = new Date();
      await c.beginTransaction();
      const [r] = await c.query('UPDATE tickets SET status = ?, version = version + 1, updatedAt = ? WHERE id = ? AND version = ?', [to, now, t.id, t.version]);
      if (r.affectedRows !== 1) throw new Error(`minimal: version conflict on ${t.id}`);
      await c.query('INSERT INTO ticket_events (id, ticketId, action, fromStatus, toStatus, actorId, actorRole, createdAt) VALUES (?,?,?,?,?,?,?,?)', [
        ulid(),
        t.id,
        'close',
        t.status,
        to,
        null,
        'supervisor',
        now,
      ]);
      await c.commit();
      t.status = to;
      t.version += 1;
    } catch (err) {
      await c.rollback().catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
  };

  // a warm-up round, not counted
  {
    const warm = await register(Math.min(500, TICKETS));
    for (const [action, token, bodyOf] of steps) await act(action, token, warm, bodyOf);
  }
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    const tickets = await register(TICKETS);
    const round = {};
    for (const [action, token, bodyOf] of steps) round[action] = await act(action, token, tickets, bodyOf);
    const [rows] = await admin.query(`SELECT id, status, version FROM \`${DB}\`.tickets WHERE id IN (?)`, [tickets.map((t) => t.id)]);
    const slices = Array.from({ length: CONNECTIONS }, (_, w) => rows.filter((_, k) => k % CONNECTIONS === w).map((t) => ({ ...t })));
    const done = slices.map(() => 0);
    round.minimal = await rawLoad((_, w) => minimal(slices, done[w]++, w));
    rounds.push(round);
    console.log(
      `  round ${r + 1}: ${steps.map(([a]) => `${a} ${(round[a].rps / round.minimal.rps).toFixed(2)}`).join(', ')} of minimal (${steps.map(([a]) => `${a} ${Math.round(round[a].rps)}/s`).join(', ')}; minimal ${Math.round(round.minimal.rps)}/s)`,
    );
  }
  await mp.end();
  // BENCH_DEBUG=1: the API's last errors
  if (process.env.BENCH_DEBUG) console.log(api.log().split('\n').filter((l) => /error/i.test(l)).slice(-3).join('\n'));
  await api.stop();
  if (firstError) console.error(`first error: ${firstError}`);

  // per action, the round whose ratio to that round's minimal work is the median
  for (const [action] of steps) {
    const ratio = (r) => r[action].rps / r.minimal.rps;
    const m = [...rounds].sort((x, y) => ratio(x) - ratio(y))[Math.floor((rounds.length - 1) / 2)];
    console.log(`${`POST …/actions/${action}`.padEnd(30)} API ${fmt(m[action])}`);
    console.log(`${' '.repeat(30)} minimal raw ${fmt(m.minimal)} | ratio ${ratio(m).toFixed(2)}`);
  }
  await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
  await admin.end();
  return rounds;
}

if (import.meta.url === `file://${process.argv[1]}`) await actions();
