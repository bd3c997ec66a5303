// Fault: the database freezes (SIGSTOP of mariadbd) under load and thaws 8 s later. Unlike a crash, nothing
// fails: connections stay open, new ones are even accepted by the kernel, and nothing is ever answered. Runs on a
// throwaway MariaDB server of its own (never the machine's shared one). During the freeze every request is
// answered 503 DATABASE_UNAVAILABLE within the acquire + statement timeouts (none hangs), /api/health says the
// database is down; after the thaw the API recovers by itself within seconds; every acknowledged appeal is in
// the database exactly once, a retried key gets the same ticket back, and a transaction cut off by the freeze
// leaves nothing behind.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import 'reflect-metadata';
import { createDataSource } from '../../dist/schema.js';
import { answerLabel as label, apiOnThrowawayMariadb, checkExactlyOnce, countBy, killChildren, mysqlQuery, residentTokens, sleep, underLoad } from './support.mjs';

const QUERY_TIMEOUT_MS = 2000;
const ACQUIRE_TIMEOUT_MS = 2000;
const FREEZE_MS = 8000;
/**
 * Waiting for a pooled connection, then one statement that never gets an answer, plus scheduling on 2 busy cores:
 * at least 1 s, or twice the slowest answer before the freeze when the machine is busier than that (seen: 5.3 s at
 * load 13). Never as long as the freeze itself, so a request that waits for the thaw still fails the bound.
 */
const maxAnswerMs = (slowestBefore) => ACQUIRE_TIMEOUT_MS + QUERY_TIMEOUT_MS + Math.min(Math.max(1000, 2 * slowestBefore), FREEZE_MS - ACQUIRE_TIMEOUT_MS - QUERY_TIMEOUT_MS - 1000);
const MAX_RECOVERY_MS = 5000;
const WRITERS = 6;
const ONE_SHOT = 2;
const READERS = 2;

describe('database frozen under load', () => {
  let server;
  let probeDs;
  after(async () => {
    killChildren();
    await server?.destroy();
    await Promise.race([probeDs?.destroy().catch(() => {}), sleep(3000)]);
  });

  test('503 DATABASE_UNAVAILABLE within the timeouts while frozen, recovery by itself, nothing half-written', { timeout: 120_000 }, async () => {
    const timeouts = { DATABASE_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS), DATABASE_ACQUIRE_TIMEOUT_MS: String(ACQUIRE_TIMEOUT_MS) };
    const scene = await apiOnThrowawayMariadb('jyg_fault_freeze', timeouts);
    ({ server } = scene);
    const { dbUrl, api } = scene;
    const tokens = await residentTokens(api.base, WRITERS + ONE_SHOT, 'fault-freeze');

    // A transaction of our own through the API's data source: one row written before the freeze, the next
    // statement sent into it. The row must not survive.
    const db = await mysqlQuery(dbUrl);
    await db.query('CREATE TABLE freeze_probe (id VARCHAR(40) NOT NULL PRIMARY KEY) ENGINE=InnoDB');
    probeDs = createDataSource({ driver: 'mysql', url: dbUrl, poolSize: 2, queryTimeoutMs: QUERY_TIMEOUT_MS, acquireTimeoutMs: ACQUIRE_TIMEOUT_MS });
    await probeDs.initialize();

    const traffic = underLoad(api.base, { deadlineMs: 90_000 });
    const { log, acks, allKeys, now, record, file, firstOk } = traffic;
    const unacknowledged = []; // one-shot keys answered 503: the client retries them after the thaw
    // Files each key once; a 503 is kept for later (some of those may have committed just before the freeze).
    const oneShot = async (k) => {
      const token = tokens[WRITERS + k];
      for (let i = 0; !traffic.stopped; i++) {
        const key = `fz-once-${k}-${i}-${Math.random().toString(36).slice(2, 8)}`;
        allKeys.push(key);
        const start = now();
        const r = await file(token, key);
        record('post', start, r);
        if (r.status === 201 || r.status === 200) acks.push({ key, id: r.body.id, at: start, token });
        else if (r.status === 503) unacknowledged.push({ key, token });
        else throw new Error(`unexpected ${r.status} ${r.error ?? ''}: ${JSON.stringify(r.body)}`);
        await sleep(50);
      }
    };
    const load = Promise.all([
      ...tokens.slice(0, WRITERS).map((token, w) => traffic.writer(token, `fz-${w}`)),
      ...Array.from({ length: ONE_SHOT }, (_, k) => oneShot(k)),
      ...Array.from({ length: READERS }, (_, k) => traffic.reader(tokens[k])),
      traffic.health(),
    ]);

    let frozen;
    const whenFrozen = new Promise((resolve) => (frozen = resolve));
    let probeConnectionId;
    let cutOffAt;
    let cutOffAnswered = false;
    const probe = probeDs
      .transaction(async (tx) => {
        probeConnectionId = Number((await tx.query('SELECT CONNECTION_ID() AS id'))[0].id);
        await tx.query("INSERT INTO freeze_probe (id) VALUES ('before-the-freeze')");
        await whenFrozen;
        cutOffAt = now();
        await tx.query("INSERT INTO freeze_probe (id) VALUES ('during-the-freeze')");
        cutOffAnswered = true;
      })
      .then(
        () => ({ ok: true }),
        (err) => ({ ok: false, code: err.code, ms: now() - cutOffAt }),
      );

    await sleep(2000);
    const ackedBefore = acks.length;
    const tFreeze = now();
    await server.freeze();
    const tFrozen = now();
    frozen();
    await sleep(FREEZE_MS);
    const tThaw = now();
    server.thaw();
    const probeResult = await probe;
    // keep the load on until a POST and the health check have succeeded after the thaw (15 s at most), then 2 s more
    while (!(firstOk('post', tThaw) < Infinity && firstOk('health', tThaw) < Infinity) && now() - tThaw < 15_000) await sleep(50);
    await sleep(2000);
    traffic.stop();
    await load;

    // The clients whose appeal got a 503 retry it with the same key: a new ticket if the freeze rolled it back,
    // the first one (replayed) if it had committed.
    let committedBefore503 = 0;
    for (const { key, token } of unacknowledged) {
      const r = await file(token, key);
      assert.ok(r.status === 201 || r.status === 200, `retry of ${key} after the thaw: ${r.status} ${JSON.stringify(r.body)}`);
      if (r.headers.get('idempotent-replayed') === 'true') committedBefore503++;
      acks.push({ key, id: r.body.id, at: now(), token });
    }
    // Every appeal acknowledged from just before the freeze on, sent again with its key: the same ticket.
    const replays = acks.filter((a) => a.at >= tFreeze - 1000);
    const differing = [];
    for (const a of replays) {
      const r = await file(a.token, a.key);
      if (r.status !== 201 || r.headers.get('idempotent-replayed') !== 'true' || r.body.id !== a.id) differing.push(`${a.key}: ${r.status} ${r.body?.id}`);
    }
    await api.stop();

    // The probe's transaction: rolled back by the server once it noticed its connection was gone.
    const probeRows = await db.query('SELECT id FROM freeze_probe');
    let probeConnectionAlive = true;
    for (let i = 0; i < 50 && probeConnectionAlive; i++) {
      const [p] = await db.query('SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE ID = ?', [probeConnectionId]);
      probeConnectionAlive = Number(p.n) > 0;
      if (probeConnectionAlive) await sleep(100);
    }
    const probeIdsAfter = [];
    for (let i = 0; i < 4; i++) probeIdsAfter.push(Number((await probeDs.query('SELECT CONNECTION_ID() AS id'))[0].id));
    const check = await checkExactlyOnce(db.query, acks, allKeys);
    await db.close();

    // sent while frozen: a request sent before, whose statements all ran before the SIGSTOP, may still be answered
    // 201 during the freeze (seen 250+ ms late at load 7: the API's own scheduling), so those count only in `affected`
    const during = log.filter((e) => e.start >= tFrozen && e.end <= tThaw);
    const byStatus = countBy(during);
    const affected = log.filter((e) => e.end >= tFreeze && e.start <= tThaw);
    const slowest = affected.reduce((m, e) => Math.max(m, e.end - e.start), 0);
    const slowestBefore = log.filter((e) => e.end < tFreeze).reduce((m, e) => Math.max(m, e.end - e.start), 0);
    const MAX_ANSWER_MS = maxAnswerMs(slowestBefore);
    const postRecovery = firstOk('post', tThaw) - tThaw;
    const healthRecovery = firstOk('health', tThaw) - tThaw;

    console.log(
      `freeze ${Math.round(tThaw - tFreeze)} ms; answers during it: ${JSON.stringify(byStatus)}; slowest request overlapping it ${slowest.toFixed(0)} ms ` +
        `(bound ${MAX_ANSWER_MS}; slowest before the freeze ${slowestBefore.toFixed(0)} ms); first successful POST ${postRecovery.toFixed(0)} ms and health ${healthRecovery.toFixed(0)} ms after the thaw; ` +
        `${acks.length} acknowledged (${ackedBefore} before the freeze), ${unacknowledged.length} one-shot 503s retried after it ` +
        `(${committedBefore503} had committed), ${replays.length} replays; probe transaction: ${JSON.stringify(probeResult)}, rows left ${probeRows.length}; ${check.rows} rows`,
    );

    assert.ok(during.filter((e) => e.kind !== 'health').length > 10, 'load went on during the freeze');
    assert.deepEqual(
      during.filter((e) => e.status !== 503 || (e.kind === 'health' ? e.database !== 'down' : e.code !== 'DATABASE_UNAVAILABLE')).map(label).slice(0, 5),
      [],
      'every answer during the freeze is 503 DATABASE_UNAVAILABLE (health: 503, database down)',
    );
    assert.ok(during.some((e) => e.kind === 'health'), 'health was answered during the freeze');
    assert.deepEqual(affected.filter((e) => e.status === 0).map(label).slice(0, 5), [], 'no request went unanswered');
    assert.ok(slowest <= MAX_ANSWER_MS, `no request took longer than ${MAX_ANSWER_MS} ms (slowest ${slowest.toFixed(0)} ms)`);
    assert.ok(postRecovery <= MAX_RECOVERY_MS, `a POST succeeded ${postRecovery.toFixed(0)} ms after the thaw`);
    assert.ok(healthRecovery <= MAX_RECOVERY_MS, `health was 200 ${healthRecovery.toFixed(0)} ms after the thaw`);
    assert.ok(acks.length > ackedBefore, 'appeals were acknowledged after the recovery');

    assert.equal(probeResult.ok, false, 'the statement sent into the frozen database failed');
    assert.equal(cutOffAnswered, false, 'the statement sent into the freeze was not answered (its COMMIT never sent)');
    assert.equal(probeResult.code, 'PROTOCOL_SEQUENCE_TIMEOUT');
    assert.ok(probeResult.ms <= QUERY_TIMEOUT_MS + 1000, `the transaction gave up within the statement timeout (${probeResult.ms.toFixed(0)} ms, rollback included)`);
    assert.deepEqual(probeRows, [], 'the row written before the freeze was rolled back');
    assert.equal(probeConnectionAlive, false, 'the timed-out connection was closed, not kept');
    assert.ok(!probeIdsAfter.includes(probeConnectionId), 'the timed-out connection never came back from the pool');

    assert.deepEqual(differing, [], 'a retried key gets the same ticket');
    assert.deepEqual(check.problems, []);
    assert.equal(check.rows, acks.length);
  });
});
