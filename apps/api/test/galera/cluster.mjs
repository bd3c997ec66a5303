// A three-node MariaDB Galera cluster and an HAProxy in front of it, all on 127.0.0.1 with ports and data
// directories of their own (never the machine's shared MariaDB on 3306). Uses what Debian's mariadb-server,
// galera-4 and haproxy install; installs nothing.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import { freePort, sleep, tmpDir } from '../faults/support.mjs';

export const GALERA_PROVIDER = ['/usr/lib/galera/libgalera_smm.so', '/usr/lib/libgalera_smm.so'].find((p) => fs.existsSync(p));
export const AGENT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../scripts/galera/haproxy-agent.mjs');
export const HAPROXY = ['/usr/sbin/haproxy', '/usr/bin/haproxy'].find((p) => fs.existsSync(p));

const children = new Set();
export function killClusterProcesses() {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children.clear();
}
process.on('exit', killClusterProcesses);

function track(child) {
  children.add(child);
  child.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  void child.exited.then(() => children.delete(child));
  return child;
}

async function ports(n) {
  const out = new Set();
  while (out.size < n) out.add(await freePort());
  return [...out];
}

/** What a node reports about itself, or null when it does not answer. */
export async function wsrepStatus(port) {
  let conn;
  try {
    conn = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', connectTimeout: 1000 });
    const [rows] = await conn.query(
      "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_cluster_size','wsrep_local_state_comment','wsrep_ready','wsrep_cluster_status','wsrep_last_committed')",
    );
    return Object.fromEntries(rows.map((r) => [r.Variable_name.replace(/^wsrep_/, ''), r.Value]));
  } catch {
    return null;
  } finally {
    await conn?.end().catch(() => {});
  }
}

/**
 * Three nodes: the first bootstraps the cluster, the others join it by state transfer (rsync SST). A node killed
 * with SIGKILL and started again finds its position with --wsrep-recover and catches up from a peer's gcache (IST).
 */
export async function galeraCluster({ size = 3, log = () => {} } = {}) {
  if (!GALERA_PROVIDER) throw new Error('libgalera_smm.so not found: apt-get install galera-4');
  const root = tmpDir('jyg-galera-');
  // As root, the nodes run as the mysql account like a packaged server: rsync's SST daemon started by root would
  // switch to nobody and could not write the joiner's data directory.
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? 'mysql' : os.userInfo().username;
  if (asRoot) fs.chmodSync(root, 0o755);
  const all = await ports(size * 4);
  const nodes = [];
  const gcomm = `gcomm://${Array.from({ length: size }, (_, i) => `127.0.0.1:${all[i * 4 + 1]}`).join(',')}`;
  for (let i = 0; i < size; i++) {
    const [port, gport, istPort, sstPort] = all.slice(i * 4, i * 4 + 4);
    const dir = path.join(root, `node${i + 1}`);
    const datadir = path.join(dir, 'data');
    fs.mkdirSync(dir, { recursive: true });
    if (asRoot) chownMysql(dir);
    const cnf = path.join(dir, 'my.cnf');
    fs.writeFileSync(
      cnf,
      [
        '[mariadbd]',
        `datadir=${datadir}`,
        `port=${port}`,
        'bind-address=127.0.0.1',
        `socket=${path.join(dir, 'sock')}`,
        `pid-file=${path.join(dir, 'pid')}`,
        `log-error=${path.join(dir, 'err.log')}`,
        `user=${user}`,
        'skip-name-resolve',
        'innodb-buffer-pool-size=64M',
        'innodb-log-file-size=16M',
        'innodb-flush-log-at-trx-commit=2',
        'max-connections=300',
        // what Galera needs
        'binlog-format=ROW',
        'default-storage-engine=InnoDB',
        'innodb-autoinc-lock-mode=2',
        'wsrep-on=ON',
        `wsrep-provider=${GALERA_PROVIDER}`,
        'wsrep-cluster-name=jyg12345',
        `wsrep-cluster-address=${gcomm}`,
        `wsrep-node-name=node${i + 1}`,
        `wsrep-node-address=127.0.0.1:${gport}`,
        `wsrep-node-incoming-address=127.0.0.1:${port}`,
        `wsrep-sst-receive-address=127.0.0.1:${sstPort}`,
        'wsrep-sst-method=rsync',
        'wsrep-slave-threads=2',
        // reads wait until the node has applied every write committed before them anywhere (read-your-writes
        // across nodes: a client acting through another node sees the version it was just given)
        'wsrep-sync-wait=1',
        `wsrep-provider-options="gmcast.listen_addr=tcp://127.0.0.1:${gport};ist.recv_addr=127.0.0.1:${istPort};gcache.size=128M;evs.suspect_timeout=PT3S;evs.inactive_timeout=PT6S;evs.install_timeout=PT6S;evs.keepalive_period=PT0.5S;evs.inactive_check_period=PT0.5S"`,
        '',
      ].join('\n'),
    );
    nodes.push(makeNode({ name: `node${i + 1}`, port, dir, cnf, datadir, log }));
  }
  const cluster = {
    root,
    nodes,
    /**
     * One data directory is made and bootstrapped once (`prepare` writes what every node starts with), then copied
     * to every node: the nodes start with the same state and join by IST of a few events instead of a full SST.
     */
    async start({ prepare } = {}) {
      const first = nodes[0];
      const install = spawnSync(
        'mariadb-install-db',
        [`--defaults-file=${first.cnf}`, '--auth-root-authentication-method=normal', `--user=${user}`, '--skip-test-db', '--wsrep-on=OFF'],
        { encoding: 'utf8', timeout: 120_000 },
      );
      if (install.status !== 0) throw new Error(`mariadb-install-db failed: ${install.stderr || install.stdout}`);
      await first.start({ bootstrap: true });
      // the balancer's health check account: no privilege
      const c = await mysql.createConnection({ host: '127.0.0.1', port: first.port, user: 'root' });
      await c.query("CREATE USER IF NOT EXISTS 'haproxy_check'@'127.0.0.1'");
      await c.end();
      // (what every node should start with, e.g. the schema and the seed: written once, copied, not replicated)
      await prepare?.(first.url);
      await first.shutdown();
      for (const n of nodes.slice(1)) {
        fs.cpSync(first.datadir, n.datadir, { recursive: true });
        if (asRoot) chownMysql(n.datadir);
      }
      await first.start({ bootstrap: true });
      await Promise.all(nodes.slice(1).map((n) => n.start()));
      await cluster.waitSize(size);
    },
    /** Until every running node is Synced in a primary component of `n` nodes. */
    async waitSize(n, timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const states = await Promise.all(nodes.filter((x) => x.running()).map((x) => wsrepStatus(x.port)));
        if (states.length === n && states.every((s) => s && s.cluster_size === String(n) && s.local_state_comment === 'Synced' && s.cluster_status === 'Primary')) return;
        if (Date.now() > deadline) throw new Error(`cluster did not reach ${n} synced nodes: ${JSON.stringify(states)}`);
        await sleep(200);
      }
    },
    async destroy() {
      for (const n of nodes) await n.kill();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
  return cluster;
}

function makeNode({ name, port, dir, cnf, datadir, log }) {
  let proc = null;
  const node = {
    name,
    port,
    dir,
    cnf,
    datadir,
    url: `mysql://root@127.0.0.1:${port}`,
    running: () => proc !== null && proc.exitCode === null && proc.signalCode === null,
    /** How the last start joined: 'bootstrap', 'IST' or 'SST' (from the node's error log). */
    lastTransfer: null,
    async start({ bootstrap = false, timeoutMs = 240_000 } = {}) {
      const args = [`--defaults-file=${cnf}`];
      if (bootstrap) args.push('--wsrep-new-cluster');
      else if (/seqno:\s+-1/.test(readIf(path.join(datadir, 'grastate.dat')))) {
        // After a crash grastate.dat says seqno -1: recover the last committed position from InnoDB, so the
        // node asks its peers for the missing write sets only (IST) instead of a full copy (SST).
        const rec = spawnSync('/usr/sbin/mariadbd', [...args, '--wsrep-recover', `--log-error=${path.join(dir, 'recover.log')}`], { encoding: 'utf8', timeout: 60_000 });
        const m = /Recovered position:?\s*([0-9a-f-]{36}:-?\d+)/.exec(fs.existsSync(path.join(dir, 'recover.log')) ? fs.readFileSync(path.join(dir, 'recover.log'), 'utf8') : rec.stderr);
        if (m) args.push(`--wsrep-start-position=${m[1]}`);
      }
      const logBefore = fs.existsSync(path.join(dir, 'err.log')) ? fs.statSync(path.join(dir, 'err.log')).size : 0;
      proc = track(spawn('/usr/sbin/mariadbd', args, { stdio: 'ignore' }));
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const s = await wsrepStatus(port);
        if (s && s.ready === 'ON' && s.local_state_comment === 'Synced') break;
        if (!node.running()) throw new Error(`${name} exited: ${tail(dir)}`);
        if (Date.now() > deadline) throw new Error(`${name} did not sync within ${timeoutMs} ms: ${JSON.stringify(s)} ${tail(dir)}`);
        await sleep(200);
      }
      const newLog = fs.readFileSync(path.join(dir, 'err.log'), 'utf8').slice(logBefore);
      node.lastTransfer = bootstrap ? 'bootstrap' : /rsync SST completed on joiner/.test(newLog) ? 'SST' : /IST received/.test(newLog) ? 'IST' : 'none';
      log(`${name} up (${node.lastTransfer})`);
    },
    /** SIGTERM: a clean shutdown (grastate.dat keeps the node's position). */
    async shutdown() {
      if (!node.running()) return;
      proc.kill('SIGTERM');
      await proc.exited;
      proc = null;
    },
    /** SIGKILL: the node dies as in a crash, an OOM kill or a lost host. */
    async kill() {
      if (!node.running()) return;
      proc.kill('SIGKILL');
      await proc.exited;
      proc = null;
    },
  };
  return node;
}

function readIf(file) {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

function chownMysql(dir) {
  const r = spawnSync('chown', ['-R', 'mysql:mysql', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`chown mysql ${dir}: ${r.stderr}`);
}

function tail(dir) {
  const f = path.join(dir, 'err.log');
  return fs.existsSync(f) ? fs.readFileSync(f, 'utf8').slice(-3000) : '';
}

/**
 * HAProxy on loopback: one listener per API process, each preferring its own node and falling back to the others
 * (`backup`), so two processes write through two nodes while all three are up. HAProxy's own mysql-check marks a
 * dead node down; the agent (scripts/galera/haproxy-agent.mjs) marks down a node that accepts connections but is
 * not Synced (starting, receiving or serving a state transfer), so it gets no traffic until it is ready.
 */
export async function startHaproxy({ nodes, preferred, log = () => {} }) {
  if (!HAPROXY) throw new Error('haproxy not found: apt-get install haproxy');
  const dir = tmpDir('jyg-haproxy-');
  const [agentPort, ...listenPorts] = await ports(preferred.length + 1);
  const agent = track(spawn(process.execPath, [AGENT], { env: { ...process.env, GALERA_AGENT_PORT: String(agentPort) }, stdio: ['ignore', 'pipe', 'pipe'] }));
  let agentOut = '';
  agent.stdout.on('data', (d) => (agentOut += d));
  agent.stderr.on('data', (d) => (agentOut += d));
  const lines = [
    'global',
    '  maxconn 2000',
    '  log stderr format short local0 notice',
    'defaults',
    '  mode tcp',
    '  timeout connect 1s',
    '  timeout client 60s',
    '  timeout server 60s',
    '  timeout check 2s',
    // a connection refused by a dead node goes to the next server at once
    '  retries 2',
    '  option redispatch',
    '',
  ];
  preferred.forEach((first, i) => {
    lines.push(
      `listen galera${i + 1}`,
      `  bind 127.0.0.1:${listenPorts[i]}`,
      '  option mysql-check user haproxy_check post-41',
      // a dead node is out within ~2 s and its sessions are cut; a rejoined one is in ~2 s after it is Synced
      `  default-server inter 1s fall 2 rise 2 on-marked-down shutdown-sessions agent-check agent-addr 127.0.0.1 agent-port ${agentPort} agent-inter 1s`,
    );
    const order = [first, ...nodes.map((_, k) => k).filter((k) => k !== first)];
    order.forEach((k, j) => lines.push(`  server ${nodes[k].name} 127.0.0.1:${nodes[k].port} check agent-send "127.0.0.1:${nodes[k].port}\\n"${j > 0 ? ' backup' : ''}`));
    lines.push('');
  });
  const cfg = path.join(dir, 'haproxy.cfg');
  fs.writeFileSync(cfg, lines.join('\n'));
  const check = spawnSync(HAPROXY, ['-c', '-f', cfg], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`haproxy config invalid: ${check.stderr || check.stdout}`);
  const proc = track(spawn(HAPROXY, ['-db', '-f', cfg], { stdio: ['ignore', 'pipe', 'pipe'] }));
  let out = '';
  proc.stdout.on('data', (d) => (out = (out + d).slice(-20_000)));
  proc.stderr.on('data', (d) => {
    out = (out + d).slice(-20_000);
    for (const l of String(d).split('\n')) if (/is (UP|DOWN)|is going DOWN/.test(l)) log(`haproxy: ${l.replace(/^.*?(Server|Backup Server)/, '$1').trim()}`);
  });
  // listening, and a statement goes through each listener
  const deadline = Date.now() + 20_000;
  for (const p of listenPorts) {
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`haproxy exited: ${out}`);
      if (agent.exitCode !== null) throw new Error(`galera agent exited: ${agentOut}`);
      const s = await wsrepStatus(p);
      if (s) break;
      if (Date.now() > deadline) throw new Error(`haproxy listener ${p} did not pass a statement: ${out}`);
      await sleep(100);
    }
  }
  return {
    ports: listenPorts,
    urls: listenPorts.map((p) => `mysql://root@127.0.0.1:${p}`),
    log: () => out,
    async stop() {
      for (const p of [proc, agent]) {
        if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
        await p.exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
