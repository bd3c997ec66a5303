// Fault: the API process is SIGKILLed (twice) in the middle of a burst of appeal submissions. The clients
// retry each appeal with its Idempotency-Key until it is acknowledged, against the restarted process.
// Afterwards every acknowledged appeal is in the database exactly once, with the id that was acknowledged.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import {
  apiEnv,
  checkExactlyOnce,
  freePort,
  killChildren,
  mysqlQuery,
  residentTokens,
  retryingClient,
  seed,
  SHARED_MYSQL,
  sleep,
  startApi,
  tmpDir,
} from './support.mjs';

const CLIENTS = 8;
const PER_CLIENT = 25;
const KILL_AFTER = [40, 120]; // responses seen before each SIGKILL

async function burstWithKills(env) {
  let api = await startApi(env);
  const tokens = await residentTokens(api.base, CLIENTS, 'fault-kill');
  const keys = tokens.map((_, c) => Array.from({ length: PER_CLIENT }, (_, i) => `kill-${c}-${i}-${Math.random().toString(36).slice(2, 8)}`));
  const deadline = Date.now() + 150_000;
  let responses = 0;
  let refused = 0;
  const kills = [];
  let restarting = Promise.resolve();
  const killer = (async () => {
    for (const threshold of KILL_AFTER) {
      while (responses < threshold) {
        if (Date.now() > deadline) return;
        await sleep(5);
      }
      const inFlightAt = responses;
      api.child.kill('SIGKILL');
      await api.exited;
      kills.push(inFlightAt);
      // down for a moment: the clients see refused connections and keep retrying
      restarting = (async () => {
        await sleep(300);
        api = await startApi(env);
      })();
      await restarting;
    }
  })();
  const acks = (
    await Promise.all(
      tokens.map((token, c) =>
        retryingClient({
          getBase: () => `http://127.0.0.1:${env.PORT}`,
          token,
          keys: keys[c],
          deadline,
          onResponse: (r) => {
            responses++;
            if (r.status === 0) refused++;
          },
        }),
      ),
    ).catch((err) => {
      killChildren(); // no API left behind to keep the runner waiting
      throw err;
    })
  ).flat();
  await killer;
  await restarting;
  await api.stop();
  return { acks, allKeys: keys.flat(), kills, refused };
}

function report(label, r, check) {
  const replayed = r.acks.filter((a) => a.replayed).length;
  const retried = r.acks.filter((a) => a.attempts > 1).length;
  console.log(
    `${label}: ${r.acks.length} acknowledged, killed after ${r.kills.join(' and ')} responses, ${r.refused} refused/reset requests, ` +
      `${retried} appeals retried, ${replayed} acknowledged by replay, ${check.rows} rows`,
  );
}

describe('SIGKILL of the API during a burst of submissions', () => {
  const cleanups = [];
  after(async () => {
    killChildren();
    for (const c of cleanups.reverse()) await c().catch(() => {});
  });

  test('MariaDB: every acknowledged appeal is stored exactly once', { timeout: 240_000 }, async () => {
    const name = `jyg_fault_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = await mysqlQuery(SHARED_MYSQL);
    cleanups.push(async () => {
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.close();
    });
    const env = apiEnv({ PORT: String(await freePort()), DATABASE_URL: `${SHARED_MYSQL}/${name}` });
    seed(env);
    const r = await burstWithKills(env);
    const db = await mysqlQuery(`${SHARED_MYSQL}/${name}`);
    const check = await checkExactlyOnce(db.query, r.acks, r.allKeys);
    await db.close();
    report('mariadb', r, check);
    assert.equal(r.kills.length, KILL_AFTER.length, 'the API was killed as planned');
    assert.ok(r.refused > 0, 'some requests hit the dead process');
    assert.equal(r.acks.length, CLIENTS * PER_CLIENT, 'every appeal was eventually acknowledged');
    assert.deepEqual(check.problems, []);
    assert.equal(check.rows, CLIENTS * PER_CLIENT);
  });

  test('SQLite: every acknowledged appeal is stored exactly once', { timeout: 240_000 }, async () => {
    const file = path.join(tmpDir('jyg-fault-sqlite-'), 'fault.sqlite');
    const env = apiEnv({ PORT: String(await freePort()), SQLITE_PATH: file, SEED_DEMO: 'false' });
    const r = await burstWithKills(env);
    const db = new Database(file, { readonly: true });
    const query = async (sql, params = []) => db.prepare(sql).all(...params);
    const check = await checkExactlyOnce(query, r.acks, r.allKeys);
    db.close();
    report('sqlite', r, check);
    assert.equal(r.kills.length, KILL_AFTER.length);
    assert.equal(r.acks.length, CLIENTS * PER_CLIENT);
    assert.deepEqual(check.problems, []);
    assert.equal(check.rows, CLIENTS * PER_CLIENT);
  });
});
