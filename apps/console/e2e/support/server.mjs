// The real API for the console's e2e tests: the mini-program suite's server (apps/miniprogram/e2e/support), plus a
// direct line to its database so a test can move a deadline into the past (nothing in the product does that).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startApi as startMiniprogramApi } from '../../../miniprogram/e2e/support/server.mjs';

const require = createRequire(import.meta.url);

/**
 * Starts the API and finds its database: the SQLite file the server was given, or the MariaDB database named in
 * the seed log. `makeOverdue(ticketId)` puts a ticket's reply deadline a day in the past.
 */
export async function startApi() {
  const before = new Set(fs.readdirSync(os_tmp()).filter((d) => d.startsWith('jyg12345-e2e-')));
  const api = await startMiniprogramApi();
  const fresh = fs.readdirSync(os_tmp()).filter((d) => d.startsWith('jyg12345-e2e-') && !before.has(d));
  const sqliteFiles = fresh.map((d) => path.join(os_tmp(), d, 'e2e.sqlite')).filter((f) => fs.existsSync(f));
  const database = process.env.E2E_DATABASE ?? 'sqlite';

  async function exec(statements) {
    if (database === 'sqlite') {
      const Database = require('better-sqlite3');
      // Another run may have started at the same moment: ours is the file holding this ticket.
      const file = sqliteFiles.find((f) => {
        const probe = new Database(f, { readonly: true });
        try {
          return probe.prepare('SELECT 1 FROM tickets WHERE id = ?').get(statements.probe) !== undefined;
        } finally {
          probe.close();
        }
      });
      if (!file) throw new Error(`no e2e SQLite file holds ticket ${statements.probe}`);
      const db = new Database(file);
      try {
        db.pragma('busy_timeout = 5000');
        for (const [sql, params] of statements.sqlite) db.prepare(sql).run(...params);
      } finally {
        db.close();
      }
      return;
    }
    const mysql = require('mysql2/promise');
    const conn = await mysql.createConnection(database);
    try {
      const [rows] = await conn.query("SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'jyg12345_e2e_%' ORDER BY SCHEMA_NAME DESC");
      const name = await pickDatabase(conn, rows, statements.probe);
      await conn.query(`USE \`${name}\``);
      for (const [sql, params] of statements.mysql) await conn.query(sql, params);
    } finally {
      await conn.end();
    }
  }

  return {
    ...api,
    async makeOverdue(ticketId) {
      await exec({
        probe: ticketId,
        sqlite: [
          ["UPDATE tickets SET replyDueAt = strftime('%Y-%m-%d %H:%M:%f', 'now', '-1 day'), dueSoonAt = strftime('%Y-%m-%d %H:%M:%f', 'now', '-2 day') WHERE id = ?", [ticketId]],
          ["UPDATE ticket_units SET replyDueAt = strftime('%Y-%m-%d %H:%M:%f', 'now', '-1 day') WHERE ticketId = ?", [ticketId]],
        ],
        mysql: [
          ['UPDATE tickets SET replyDueAt = UTC_TIMESTAMP(3) - INTERVAL 1 DAY, dueSoonAt = UTC_TIMESTAMP(3) - INTERVAL 2 DAY WHERE id = ?', [ticketId]],
          ['UPDATE ticket_units SET replyDueAt = UTC_TIMESTAMP(3) - INTERVAL 1 DAY WHERE ticketId = ?', [ticketId]],
        ],
      });
    },
  };
}

function os_tmp() {
  return fs.realpathSync(require('node:os').tmpdir());
}

/** Several e2e databases may exist at once (other runs): the one holding this ticket is ours. */
async function pickDatabase(conn, rows, ticketId) {
  for (const { name } of rows) {
    const [found] = await conn.query(`SELECT 1 FROM \`${name}\`.tickets WHERE id = ? LIMIT 1`, [ticketId]).catch(() => [[]]);
    if (found.length > 0) return name;
  }
  throw new Error(`no e2e database holds ticket ${ticketId}`);
}
