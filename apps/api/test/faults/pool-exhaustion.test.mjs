// Fault: more concurrent filings than the API has pooled database connections. Every one must finish: a request
// that holds a transaction's connection and waits for a second one (the ticket-number block reservation did)
// deadlocks the pool for good once DATABASE_POOL_SIZE requests do it at once.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { apiEnv, appeal, freePort, http, killChildren, mysqlQuery, residentTokens, seed, SHARED_MYSQL, startApi } from './support.mjs';

const POOL = 2;
const CONCURRENT = 16;
const ROUNDS = 4;

const cleanups = [];
after(async () => {
  killChildren();
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

test(`MariaDB: ${CONCURRENT} concurrent filings on a pool of ${POOL} all complete`, { timeout: 120_000 }, async () => {
  const name = `jyg_fault_pool_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = await mysqlQuery(SHARED_MYSQL);
  cleanups.push(async () => {
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.close();
  });
  const env = apiEnv({ PORT: String(await freePort()), DATABASE_URL: `${SHARED_MYSQL}/${name}`, DATABASE_POOL_SIZE: String(POOL) });
  seed(env);
  const api = await startApi(env);
  const tokens = await residentTokens(api.base, CONCURRENT, 'fault-pool');
  let slowest = 0;
  const statuses = {};
  for (let round = 0; round < ROUNDS; round++) {
    const results = await Promise.all(
      tokens.map((token, i) => {
        const key = `pool-${round}-${i}`;
        return http(api.base, 'POST', '/api/v1/tickets', { token, body: appeal(key), headers: { 'idempotency-key': key }, timeoutMs: 15_000 });
      }),
    );
    for (const r of results) {
      slowest = Math.max(slowest, r.ms);
      statuses[r.status || r.error] = (statuses[r.status || r.error] ?? 0) + 1;
    }
  }
  await api.stop();
  console.log(`pool ${POOL}, ${CONCURRENT} at once × ${ROUNDS}: ${JSON.stringify(statuses)}, slowest ${slowest.toFixed(0)} ms`);
  assert.deepEqual(statuses, { 201: CONCURRENT * ROUNDS });
});
