// Fault: the provincial platform fails (500, before or after it recorded a message), never answers (before or
// after recording) and answers slowly (beyond our timeout too), at random, while two API processes deliver a burst
// of feedback for forwarded tickets that are being dispatched, signed and replied at the same time.
// Afterwards every message was taken by the platform exactly once (counted by delivery id at the fake), each is
// marked sent in the outbox, and no ticket's message ever reached the platform before an earlier one was taken.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, describe, test } from 'node:test';
import { signed, startFakeProvince } from '../support/fake-province.mjs';
import { apiEnv, freePort, http, killChildren, mysqlQuery, SEED_MAIN, SHARED_MYSQL, sleep, startApi } from './support.mjs';

const SECRET = 'fault-province-secret-fault-province-secret';
const TICKETS = 30;
const EVENTS = ['accepted', 'dispatched', 'signed', 'replied'];
const CHAOS = { fail: 0.1, 'fail-after': 0.05, hang: 0.03, 'hang-after': 0.03, slow: 0.15 };

/** Organisation, categories and the demo staff (operator, handlers) the actions need. */
function seedWithStaff(env) {
  const r = spawnSync(process.execPath, [SEED_MAIN], { env: { ...env, SEED_DEMO: 'true' }, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`seed failed (${r.status}): ${r.stderr || r.stdout}`);
}

async function login(base, username) {
  const r = await http(base, 'POST', '/api/v1/auth/staff', { body: { username, password: 'Demo@12345' } });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token;
}

async function ok(promise, what) {
  const r = await promise;
  if (r.status !== 200 && r.status !== 201) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body ?? r.error)}`);
  return r.body;
}

describe('province feedback while the platform misbehaves, delivered by two API processes', () => {
  const cleanups = [];
  after(async () => {
    killChildren();
    for (const c of cleanups.reverse()) await c().catch(() => {});
  });

  test('every message reaches the platform exactly once, in order per ticket, and is marked sent', { timeout: 240_000 }, async () => {
    const province = await startFakeProvince({ secret: SECRET });
    cleanups.push(() => province.close());
    const name = `jyg_fault_province_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = await mysqlQuery(SHARED_MYSQL);
    cleanups.push(async () => {
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.close();
    });
    const common = {
      DATABASE_URL: `${SHARED_MYSQL}/${name}`,
      PROVINCE_SHARED_SECRET: SECRET,
      PROVINCE_API_URL: province.baseUrl,
      PROVINCE_INTERVAL_MS: '100',
      PROVINCE_TIMEOUT_MS: '400',
      PROVINCE_RETRY_BASE_MS: '100',
    };
    seedWithStaff(apiEnv(common));
    const apis = [await startApi(apiEnv({ ...common, PORT: String(await freePort()) })), await startApi(apiEnv({ ...common, PORT: String(await freePort()) }))];
    cleanups.push(async () => Promise.all(apis.map((a) => a.stop())));
    const base = (i) => apis[i % 2].base;
    // A failing step shows what the processes logged (FAULTS_LOG_LEVEL=error to see their errors).
    const withLogs = (err) => {
      err.message += `\n--- API logs ---\n${apis.map((a) => a.log().slice(-4000)).join('\n---\n')}`;
      throw err;
    };

    const operator = await login(apis[0].base, 'operator');
    const handler = await login(apis[1].base, 'handler.co.heating');
    const units = await ok(http(apis[0].base, 'GET', '/api/v1/units', { token: operator }), 'units');
    const heating = units.find((u) => u.code === 'co.heating').id;

    province.chaos(CHAOS, { seed: Number(process.env.FAULTS_SEED ?? Date.now() % 100_000), slowMs: [50, 700] });
    const started = Date.now();
    let serverErrors = 0;
    // The burst: each ticket forwarded, then dispatched, signed and replied, alternating between the processes,
    // all tickets at once, while both workers deliver.
    const forwarded = await Promise.all(
      Array.from({ length: TICKETS }, async (_, i) => {
        const provinceNumber = `GS-FAULT-${name.slice(-6)}-${i}`;
        const s = signed(SECRET, {
          provinceNumber,
          type: 'complaint',
          description: `故障测试 ${provinceNumber}：小区供暖不热，室温只有12度`,
          urgent: i % 3 === 0,
          forwardedAt: new Date().toISOString(),
        });
        const res = await fetch(`${base(i)}/api/v1/province/tickets`, { method: 'POST', headers: s.headers, body: s.body, signal: AbortSignal.timeout(10_000) });
        assert.equal(res.status, 201, `forward ${provinceNumber}`);
        const { ticketId } = await res.json();
        // A client retries an action with its Idempotency-Key when the API answers 5xx (see serverErrors below).
        const act = async (k, token, action, body) => {
          for (let attempt = 1; ; attempt++) {
            const r = await http(base(i + k), 'POST', `/api/v1/tickets/${ticketId}/actions/${action}`, {
              token,
              body,
              headers: { 'idempotency-key': `${provinceNumber}-${action}` },
            });
            if (r.status === 200) return r.body;
            if (r.status < 500 || attempt === 5) throw new Error(`${action} ${provinceNumber}: ${r.status} ${JSON.stringify(r.body ?? r.error)}`);
            serverErrors++;
            await sleep(50 * attempt);
          }
        };
        await act(1, operator, 'dispatch', { version: 1, leadUnitId: heating });
        await act(2, handler, 'sign', { version: 2 });
        await act(3, handler, 'reply', { version: 3, content: `已处理 ${provinceNumber}`, handlerName: '李师傅', handlerPhone: '13900000002' });
        return { provinceNumber, ticketId };
      }),
    ).catch(withLogs);

    const db = await mysqlQuery(`${SHARED_MYSQL}/${name}`);
    cleanups.push(() => db.close());
    const deadline = Date.now() + 150_000;
    let rows;
    for (;;) {
      rows = await db.query('SELECT id, ticketId, seq, event, status, attempts, sentAt FROM province_outbox ORDER BY ticketId, seq');
      if (rows.length === TICKETS * EVENTS.length && rows.every((r) => r.status !== 'pending')) break;
      assert.ok(Date.now() < deadline, `still pending after 150 s: ${rows.filter((r) => r.status === 'pending').length} of ${rows.length}`);
      await sleep(250);
    }
    const elapsed = Date.now() - started;
    province.chaos(null);

    // Every message marked sent in the outbox, none given up on.
    assert.equal(rows.length, TICKETS * EVENTS.length);
    assert.deepEqual(
      rows.filter((r) => r.status !== 'sent' || r.sentAt === null).map((r) => `${r.id} ${r.status}`),
      [],
    );
    // Exactly once at the platform: one accepted delivery per outbox row, and nothing else.
    const ids = new Set(rows.map((r) => r.id));
    assert.equal(province.deliveries.length, rows.length, 'distinct delivery ids taken by the platform');
    assert.deepEqual(
      province.deliveries.filter((d) => !ids.has(d.deliveryId)).map((d) => d.deliveryId),
      [],
      'deliveries the outbox does not know',
    );
    assert.equal(new Set(province.deliveries.map((d) => d.deliveryId)).size, rows.length);
    // In order per ticket: taken in sequence order, with the events in the order they happened ...
    const byTicket = new Map();
    for (const r of rows) byTicket.set(r.ticketId, [...(byTicket.get(r.ticketId) ?? []), r]);
    for (const { provinceNumber, ticketId } of forwarded) {
      const taken = province.of(provinceNumber);
      assert.deepEqual(
        taken.map((d) => d.event),
        EVENTS,
        `events of ${provinceNumber}`,
      );
      assert.deepEqual(
        taken.map((d) => d.deliveryId),
        byTicket.get(ticketId).map((r) => r.id),
        `delivery order of ${provinceNumber}`,
      );
    }
    // ... and no message was even attempted before every earlier message of its ticket had been taken.
    const acceptedAt = new Map(province.deliveries.map((d) => [d.deliveryId, d.acceptedAt]));
    const seqOf = new Map(rows.map((r) => [r.id, r]));
    const early = [];
    for (const req of province.requests) {
      const row = seqOf.get(req.deliveryId);
      for (const earlier of byTicket.get(row.ticketId).filter((r) => r.seq < row.seq)) {
        if (!(acceptedAt.get(earlier.id) <= req.at)) early.push(`${req.provinceNumber} #${req.sequence} sent before #${earlier.seq} was taken`);
      }
    }
    assert.deepEqual(early, []);

    // The faults did happen, and both processes delivered.
    const s = province.stats;
    const attempts = rows.reduce((n, r) => n + r.attempts, 0);
    console.log(
      `province: ${rows.length} messages for ${TICKETS} tickets delivered in ${(elapsed / 1000).toFixed(1)} s; ${province.requests.length} requests ` +
        `(${attempts} attempts recorded): ${s.fail} failed, ${s['fail-after']} failed after recording, ${s.hang} hung, ${s['hang-after']} hung after recording, ` +
        `${s.slow} slow, ${s.duplicates} duplicates deduped; senders ${new Set(province.deliveries.map((d) => d.sender)).size}; ` +
        `${serverErrors} actions retried after a 5xx`,
    );
    assert.ok(s.fail + s['fail-after'] > 0, 'the platform failed some requests');
    assert.ok(s.hang + s['hang-after'] > 0, 'the platform hung on some requests');
    assert.ok(s.duplicates > 0, 'some messages reached the platform again after a lost answer, and were deduped');
    assert.ok(province.requests.length > rows.length, 'some messages were retried');
    assert.equal(new Set(province.deliveries.map((d) => d.sender)).size, 2, 'both API processes delivered');
    assert.deepEqual(province.refused, { signature: 0, stale: 0, body: 0 });
  });
});
