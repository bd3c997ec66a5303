#!/usr/bin/env node
// HAProxy agent for MariaDB Galera nodes (docs/scale.md): tells HAProxy whether a node may take traffic.
// A node that is starting, receiving a state transfer (joiner), serving one (donor) or cut off from the primary
// component accepts connections — HAProxy's own mysql-check passes — but refuses or blocks statements. Only a node
// whose wsrep_local_state is 4 (Synced) and wsrep_ready ON is "up".
//
// HAProxy (per server): check agent-check agent-addr 127.0.0.1 agent-port <AGENT_PORT> agent-send "<host>:<port>\n"
// The agent reads that line, asks the node over a kept connection (no process started per check) and answers
// "up\n" or "down\n". When the agent itself is unreachable HAProxy ignores it and relies on its own check.
//
// Environment: GALERA_AGENT_PORT (required), GALERA_AGENT_HOST (default 127.0.0.1), GALERA_CHECK_USER (default
// haproxy_check, an account without privileges), GALERA_CHECK_PASSWORD (default empty).
import net from 'node:net';
import mysql from 'mysql2/promise';

const port = Number(process.env.GALERA_AGENT_PORT);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error('GALERA_AGENT_PORT must be a TCP port');
  process.exit(2);
}
const host = process.env.GALERA_AGENT_HOST ?? '127.0.0.1';
const user = process.env.GALERA_CHECK_USER ?? 'haproxy_check';
const password = process.env.GALERA_CHECK_PASSWORD ?? '';
const ANSWER_MS = 1500;

/** One kept connection per node; dropped on any error and opened again on the next check. */
const connections = new Map();

async function state(target) {
  const m = /^([\w.-]+|\[[0-9a-f:]+\]):(\d{1,5})$/i.exec(target);
  if (!m) return 'down';
  let conn = connections.get(target);
  try {
    if (!conn) {
      conn = mysql
        .createConnection({ host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]), user, password, connectTimeout: ANSWER_MS })
        .then((c) => {
          c.on('error', () => connections.delete(target));
          return c;
        });
      connections.set(target, conn);
    }
    const c = await conn;
    const [rows] = await c.query({
      sql: "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_local_state', 'wsrep_ready')",
      timeout: ANSWER_MS,
    });
    const v = Object.fromEntries(rows.map((r) => [r.Variable_name, r.Value]));
    return v.wsrep_local_state === '4' && v.wsrep_ready === 'ON' ? 'up' : 'down';
  } catch {
    connections.delete(target);
    conn?.then((c) => c.destroy()).catch(() => {});
    return 'down';
  }
}

const server = net.createServer((socket) => {
  socket.setTimeout(ANSWER_MS * 2, () => socket.destroy());
  socket.on('error', () => {});
  let line = '';
  socket.on('data', (d) => {
    line += d;
    const nl = line.indexOf('\n');
    if (nl < 0) {
      if (line.length > 300) socket.destroy();
      return;
    }
    void state(line.slice(0, nl).trim()).then((s) => socket.end(`${s}\n`));
  });
});
server.listen(port, host, () => console.log(`galera agent listening on ${host}:${port}`));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(0));
