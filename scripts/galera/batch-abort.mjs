// Whether a certification abort lets a packet of several statements run on (docs/adr/0009): two connections on two
// Galera nodes race to update one row, each transaction in three round trips; a round where both COMMITs are
// answered OK is the hazard. MODE=batched (several statements a packet, as statement-batch.ts would send) or
// MODE=single (one a packet, what the API sends to Galera). Needs galera-4 and rsync; ROUNDS=300 by default.
//   node scripts/galera/batch-abort.mjs
import mysql from 'mysql2/promise';
import { galeraCluster, killClusterProcesses } from '../../apps/api/test/galera/cluster.mjs';

const ROUNDS = Number(process.env.ROUNDS ?? 300);
const MODE = process.env.MODE ?? 'batched';
if (MODE !== 'batched' && MODE !== 'single') throw new Error('MODE is batched or single');
const say = (m) => console.log(`[batch-abort] ${m}`);

const cluster = await galeraCluster({ size: 2, log: () => {} });
let exit = 0;
try {
  await cluster.start({ prepare: () => {} });
  const connect = (n) => mysql.createConnection({ host: '127.0.0.1', port: cluster.nodes[n].port, user: 'root', multipleStatements: true });
  const admin = await connect(0);
  await admin.query(
    'CREATE DATABASE r; USE r; CREATE TABLE t (id INT PRIMARY KEY, ver INT NOT NULL, who CHAR(1)); ' +
      'CREATE TABLE ev (id INT AUTO_INCREMENT PRIMARY KEY, tid INT NOT NULL, who CHAR(1), step INT)',
  );
  const conns = [await connect(0), await connect(1)];
  for (const c of conns) await c.query('USE r; SET SESSION wsrep_sync_wait = 1');
  const q = async (c, sql, params) => (await c.query(sql, params))[0];
  // the shape of an action: a guarded update, then its event with a read, then the rest with COMMIT
  const transaction = async (c, who, id) => {
    if (MODE === 'batched') {
      const r = await q(c, 'START TRANSACTION; UPDATE t SET ver = 4, who = ? WHERE id = ? AND ver = 3', [who, id]);
      if (r[1].affectedRows !== 1) return false;
      await q(c, 'INSERT INTO ev (tid, who, step) VALUES (?, ?, 1); SELECT * FROM t WHERE id = ?', [id, who, id]);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
      await q(c, 'INSERT INTO ev (tid, who, step) VALUES (?, ?, 2); INSERT INTO ev (tid, who, step) VALUES (?, ?, 3); COMMIT', [id, who, id, who]);
    } else {
      await q(c, 'START TRANSACTION');
      const r = await q(c, 'UPDATE t SET ver = 4, who = ? WHERE id = ? AND ver = 3', [who, id]);
      if (r.affectedRows !== 1) return false;
      await q(c, 'INSERT INTO ev (tid, who, step) VALUES (?, ?, 1)', [id, who]);
      await q(c, 'SELECT * FROM t WHERE id = ?', [id]);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
      await q(c, 'INSERT INTO ev (tid, who, step) VALUES (?, ?, 2)', [id, who]);
      await q(c, 'INSERT INTO ev (tid, who, step) VALUES (?, ?, 3)', [id, who]);
      await q(c, 'COMMIT');
    }
    return true;
  };
  // a deadlock (the certification abort) is retried twice, as the API does
  const attempt = async (c, who, id) => {
    for (let a = 1; ; a++) {
      try {
        if (await transaction(c, who, id)) return 'committed';
        await q(c, 'ROLLBACK');
        return 'conflict';
      } catch (err) {
        await q(c, 'ROLLBACK').catch(() => {});
        if (err.code !== 'ER_LOCK_DEADLOCK' || a >= 3) return `error ${err.code}`;
      }
    }
  };
  const tally = {};
  let bothCommitted = 0;
  for (let id = 1; id <= ROUNDS; id++) {
    await q(conns[0], 'INSERT INTO t VALUES (?, 3, NULL)', [id]);
    const out = await Promise.all([attempt(conns[0], 'A', id), attempt(conns[1], 'B', id)]);
    for (const o of out) tally[o] = (tally[o] ?? 0) + 1;
    if (out.every((o) => o === 'committed')) {
      bothCommitted++;
      const [row] = await q(conns[0], 'SELECT ver, who FROM t WHERE id = ?', [id]);
      const events = await q(conns[0], 'SELECT who, step FROM ev WHERE tid = ? ORDER BY id', [id]);
      say(`round ${id}: both COMMITs answered OK; row ${JSON.stringify(row)}; events ${JSON.stringify(events)}`);
    }
  }
  say(`${MODE}: ${ROUNDS} rounds ${JSON.stringify(tally)}; both answered OK in ${bothCommitted}`);
  for (const c of [...conns, admin]) await c.end();
} catch (err) {
  console.error(err);
  exit = 1;
} finally {
  await cluster.destroy();
  killClusterProcesses();
}
process.exit(exit);
