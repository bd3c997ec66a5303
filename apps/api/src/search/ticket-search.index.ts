import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ULID_PATTERN } from '@jyg12345/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { readSoon, sendLater } from '../common/statement-batch.js';
import { fts5Match, indexText, mysqlMatch, postingTokens, type Term } from './search-text.js';

/** What the index holds of a ticket: the caller's title and the description. */
export const searchableText = (t: { title: string | null; description: string }): string => (t.title ? `${t.title} ${t.description}` : t.description);

/** Rows of one multi-row INSERT of postings (a ticket has a few hundred; SQLite binds at most 32,766 values). */
const POSTINGS_PER_INSERT = 500;

/** How many of a token's postings are counted at most when a query plans its reads (see TicketsRepository). */
export const POSTINGS_COUNT_CAP = 5_000;
/** How long a planning count is used again, and how many tokens' counts a process keeps at most. */
const PLANNED_COUNT_MS = 60_000;
const PLANNED_COUNT_TOKENS = 10_000;

/**
 * The words of every ticket as postings, `ticket_words (token, ticketId)` with that primary key: one row per
 * distinct token (search-text.ts `postingTokens`), the same B-tree on MySQL/MariaDB (migration 0017) and SQLite
 * (made here at start). A token's tickets are one ordered range of the key, newest first read backwards, so a
 * page of a common word reads a page of postings (docs/adr/0004-search.md). Written by TicketWriter in the
 * ticket's own transaction. Knowledge entries keep their small full-text table (`knowledge_search`).
 */
@Injectable()
export class TicketSearchIndex implements OnModuleInit {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private get mysql(): boolean {
    return this.db.options.type === 'mysql';
  }

  async onModuleInit(): Promise<void> {
    if (this.mysql) return;
    const query = (sql: string, params?: unknown[]) => this.db.query(sql, params) as Promise<Record<string, unknown>[]>;
    const exists = async (name: string) => (await query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?", [name])).length > 0;
    if (!(await exists('ticket_words'))) {
      await query('CREATE TABLE ticket_words (token TEXT NOT NULL, ticketId TEXT NOT NULL, PRIMARY KEY (token, ticketId)) WITHOUT ROWID');
      await backfillTicketWords(query, false);
    }
    if (!(await exists('ticket_words_due'))) {
      await query('CREATE TABLE ticket_words_due (token TEXT NOT NULL, replyDueAt DATETIME NOT NULL, ticketId TEXT NOT NULL, PRIMARY KEY (token, replyDueAt, ticketId)) WITHOUT ROWID');
      await backfillDeadlineWords(query, false);
    }
    if (await exists('ticket_search')) await query('DROP TABLE ticket_search');
    if (!(await exists('knowledge_search'))) {
      await query("CREATE VIRTUAL TABLE knowledge_search USING fts5(entryId UNINDEXED, words, tokenize = 'ascii')");
      await backfillKnowledgeIndex(query);
    }
  }

  async write(tx: EntityManager, ticket: { id: string; title: string | null; description: string }): Promise<void> {
    await this.insert(tx, ticket.id, postingTokens(searchableText(ticket)));
  }

  /** Text added to a ticket later (a resident's supplement): its new tokens join the ticket's postings. */
  async append(tx: EntityManager, ticketId: string, text: string): Promise<void> {
    await this.insert(tx, ticketId, postingTokens(text));
  }

  /**
   * Every token a ticket's postings hold: its title and description, and each supplement a resident added (the
   * writer's own rule, recomputed: `ticket_words` has no index by ticket).
   */
  async tokensOf(tx: EntityManager, ticket: { id: string; title: string | null; description: string }): Promise<string[]> {
    return (await this.tokensSoon(tx, ticket))();
  }

  /** `tokensOf`, its read held to go with the transaction's next round trip (`readSoon`). */
  async tokensSoon(tx: EntityManager, ticket: { id: string; title: string | null; description: string }): Promise<() => Promise<string[]>> {
    const notes = await readSoon<{ note: string }>(tx, "SELECT note FROM ticket_events WHERE ticketId = ? AND action = 'supplement' AND note IS NOT NULL", [ticket.id]);
    return async () => [...new Set([searchableText(ticket), ...(await notes()).map((n) => n.note)].flatMap(postingTokens))];
  }

  /**
   * The ticket's deadline postings (`ticket_words_due`), removed under the deadline the ticket row holds now, in two
   * steps: the stored deadline is read now, held to go with the transaction's next round trip (call before a change
   * of the deadline writes the ticket), and the postings under it are dropped when the tokens are known (after). The
   * stored value is bound as read, so the key matches whatever the driver's date format is.
   */
  async dropDeadlineSoon(tx: EntityManager, ticketId: string): Promise<(tokens: string[]) => Promise<void>> {
    const stored = await readSoon<{ due: unknown }>(tx, 'SELECT replyDueAt AS due FROM tickets WHERE id = ?', [ticketId]);
    return async (tokens) => {
      const due = (await stored())[0]?.due;
      if (due === null || due === undefined) return;
      for (let i = 0; i < tokens.length; i += POSTINGS_PER_INSERT) {
        const chunk = tokens.slice(i, i + POSTINGS_PER_INSERT);
        // held and sent with the next statement (statement-batch.ts): nothing reads its result
        await sendLater(tx, `DELETE FROM ticket_words_due WHERE token IN (${chunk.map(() => '?').join(', ')}) AND replyDueAt = ? AND ticketId = ?`, [...chunk, due, ticketId]);
      }
    };
  }

  /**
   * The ticket's deadline postings under the deadline the ticket row holds now (none without one): call after the
   * ticket is written. Copied from its postings and its row, so they hold exactly the tokens and deadline stored.
   */
  async writeDeadline(tx: EntityManager, ticketId: string, tokens: string[]): Promise<void> {
    const ignore = this.mysql ? 'INSERT IGNORE' : 'INSERT OR IGNORE';
    for (let i = 0; i < tokens.length; i += POSTINGS_PER_INSERT) {
      const chunk = tokens.slice(i, i + POSTINGS_PER_INSERT);
      // held like the DELETE above; it runs after the ticket's row is written, wherever it is sent from
      await sendLater(
        tx,
        `${ignore} INTO ticket_words_due (token, replyDueAt, ticketId) SELECT w.token, t.replyDueAt, t.id FROM tickets t INNER JOIN ticket_words w ON w.ticketId = t.id ` +
          `WHERE t.id = ? AND t.replyDueAt IS NOT NULL AND w.token IN (${chunk.map(() => '?').join(', ')})`,
        [ticketId, ...chunk],
      );
    }
  }

  private async insert(tx: EntityManager, ticketId: string, tokens: string[]): Promise<void> {
    // The id is the same in every row, so it is written once as a literal instead of escaped once a token (a filing's
    // statement is ~50 postings long). A ticket id is a ULID, letters and digits only: anything else is a bug here.
    if (!ULID_PATTERN.test(ticketId)) throw new Error(`postings for a ticket id that is not a ULID: ${JSON.stringify(ticketId)}`);
    const ignore = this.mysql ? 'INSERT IGNORE' : 'INSERT OR IGNORE';
    for (let i = 0; i < tokens.length; i += POSTINGS_PER_INSERT) {
      const chunk = tokens.slice(i, i + POSTINGS_PER_INSERT);
      await sendLater(tx, `${ignore} INTO ticket_words (token, ticketId) VALUES ${chunk.map(() => `(?, '${ticketId}')`).join(', ')}`, chunk);
    }
  }

  private tickets: { n: number; at: number } | null = null;

  /** About how many tickets there are (the table's statistics; read at most once a minute): the planner's N. */
  async ticketCount(): Promise<number> {
    if (this.tickets && Date.now() - this.tickets.at < 60_000) return this.tickets.n;
    const sql = this.mysql
      ? "SELECT TABLE_ROWS AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'tickets'"
      : 'SELECT MAX(rowid) AS n FROM tickets';
    const [row] = (await this.db.query(sql)) as { n: unknown }[];
    this.tickets = { n: Math.max(1, Number(row?.n ?? 0)), at: Date.now() };
    return this.tickets.n;
  }

  /**
   * How many tickets hold each token, counted up to `cap` (an index range of at most `cap` entries each, in one
   * round trip): the planner's estimate of how common each word is.
   */
  async counts(tokens: string[], cap = POSTINGS_COUNT_CAP): Promise<Map<string, number>> {
    if (tokens.length === 0) return new Map();
    const limit = Math.floor(cap);
    const sql = `SELECT ${tokens.map((_, i) => `(SELECT COUNT(*) FROM (SELECT 1 FROM ticket_words WHERE token = ? LIMIT ${limit}) c${i}) AS n${i}`).join(', ')}`;
    const [row] = (await this.db.query(sql, tokens)) as Record<string, unknown>[];
    return new Map(tokens.map((t, i) => [t, Number(row?.[`n${i}`] ?? 0)]));
  }

  /** Counts for planning, per token: positive ones only (a word in no ticket is counted again), kept a minute. */
  private planned = new Map<string, { n: number; cap: number; at: number }>();

  /**
   * `counts` for choosing a plan only (which token drives, which index a deadline order reads), never for what a
   * search returns: a count read in the last minute is used again (token counts move slowly; a ticket count is
   * the same). A zero is never kept, so "no ticket holds this word" is always current.
   */
  async plannedCounts(tokens: string[], cap = POSTINGS_COUNT_CAP): Promise<Map<string, number>> {
    const limit = Math.floor(cap);
    const now = Date.now();
    const known = (t: string) => {
      const e = this.planned.get(t);
      // a count cut at a lower cap says only "at least that many"
      return e && now - e.at < PLANNED_COUNT_MS && (e.n < e.cap || e.cap >= limit) ? Math.min(e.n, limit) : undefined;
    };
    const out = new Map(tokens.map((t) => [t, known(t)]));
    const missing = tokens.filter((t) => out.get(t) === undefined);
    if (missing.length > 0) {
      const counted = await this.counts(missing, limit);
      if (this.planned.size + missing.length > PLANNED_COUNT_TOKENS) this.planned.clear();
      for (const [t, n] of counted) {
        out.set(t, n);
        if (n > 0) this.planned.set(t, { n, cap: limit, at: now });
      }
    }
    return out as Map<string, number>;
  }

  /** A knowledge entry's row, replaced (FTS5 has no primary key to upsert on). */
  async writeKnowledge(tx: EntityManager, entry: { id: string; title: string; keywords: string; content: string }): Promise<void> {
    await tx.query('DELETE FROM knowledge_search WHERE entryId = ?', [entry.id]);
    await tx.query('INSERT INTO knowledge_search (entryId, words) VALUES (?, ?)', [entry.id, indexText(knowledgeText(entry))]);
  }

  /** A condition on a knowledge entry id column: the entries whose title, keywords or content hold every term. */
  matchingKnowledge(idColumn: string, terms: Term[]): { sql: string; params: Record<string, unknown> } {
    return this.condition('knowledge_search', 'entryId', idColumn, terms);
  }

  private condition(table: string, key: string, idColumn: string, terms: Term[]): { sql: string; params: Record<string, unknown> } {
    return this.mysql
      ? { sql: `${idColumn} IN (SELECT s.${key} FROM ${table} s WHERE MATCH (s.words) AGAINST (:match IN BOOLEAN MODE))`, params: { match: mysqlMatch(terms) } }
      : { sql: `${idColumn} IN (SELECT s.${key} FROM ${table} s WHERE ${table} MATCH :match)`, params: { match: fts5Match(terms) } };
  }
}

export const knowledgeText = (k: { title: string; keywords: string; content: string }): string => `${k.title} ${k.keywords} ${k.content}`;

/** Indexes every knowledge entry (migration 0016; a new SQLite index): a knowledge base is thousands of entries at most. */
export async function backfillKnowledgeIndex(query: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>): Promise<void> {
  for (const r of await query('SELECT id, title, keywords, content FROM knowledge_entries')) {
    await query('INSERT INTO knowledge_search (entryId, words) VALUES (?, ?)', [r.id, indexText(knowledgeText(r as { title: string; keywords: string; content: string }))]);
  }
}

/**
 * Fills the deadline postings `ticket_words_due (token, replyDueAt, ticketId)` from the postings of every ticket with
 * a deadline (migration 0026; a new SQLite index; the bench's generator), one range of tokens a statement (about
 * `batch` postings), each sorted into the key's order, so each statement appends to the B-tree.
 */
export async function backfillDeadlineWords(query: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>, mysql: boolean, batch = 200_000): Promise<void> {
  // The deadlines first, in a narrow table of their own: looked up once per posting, the tickets' wide rows would
  // be read in token order, all over a table larger than the buffer pool (at 100k, ~10× slower than at 20k).
  await query(
    mysql
      ? 'CREATE TEMPORARY TABLE `due_backfill` (`id` varchar(26) NOT NULL PRIMARY KEY, `replyDueAt` datetime(3) NOT NULL) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci'
      : 'CREATE TEMP TABLE due_backfill (id TEXT NOT NULL PRIMARY KEY, replyDueAt DATETIME NOT NULL) WITHOUT ROWID',
  );
  await query('INSERT INTO due_backfill (id, replyDueAt) SELECT id, replyDueAt FROM tickets WHERE replyDueAt IS NOT NULL');
  const join = mysql ? 'STRAIGHT_JOIN' : 'CROSS JOIN';
  // Sorted into the new key's order: read in (token, ticketId) order, the rows would land all over each token's
  // range and leave its pages half full (1.5× the bytes of ticket_words, measured at 20k).
  const copy = (range: string) =>
    `INSERT INTO ticket_words_due (token, replyDueAt, ticketId) SELECT w.token, t.replyDueAt, w.ticketId FROM ticket_words w ${join} due_backfill t ON t.id = w.ticketId ` +
    `WHERE ${range} ORDER BY w.token, t.replyDueAt, w.ticketId`;
  let from: string | null = null;
  for (;;) {
    const [next] = await query(`SELECT token FROM ticket_words${from === null ? '' : ' WHERE token > ?'} ORDER BY token LIMIT 1 OFFSET ${Math.floor(batch)}`, from === null ? [] : [from]);
    const to = (next?.token as string | undefined) ?? null;
    const conds = [...(from === null ? [] : ['w.token > ?']), ...(to === null ? [] : ['w.token <= ?'])];
    await query(copy(conds.length ? conds.join(' AND ') : '1 = 1'), [...(from === null ? [] : [from]), ...(to === null ? [] : [to])]);
    if (to === null) break;
    from = to;
  }
  await query(mysql ? 'DROP TEMPORARY TABLE `due_backfill`' : 'DROP TABLE temp.due_backfill');
}

/**
 * Writes the postings of every ticket after `after` (by id), a thousand tickets at a time (migration 0017; a new
 * SQLite index). `ignore`: rows already there are skipped (a resumed backfill).
 */
export async function backfillTicketWords(query: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>, mysql: boolean, after = ''): Promise<number> {
  let n = 0;
  const ignore = mysql ? 'INSERT IGNORE' : 'INSERT OR IGNORE';
  for (;;) {
    const rows = await query('SELECT id, title, description FROM tickets WHERE id > ? ORDER BY id LIMIT 1000', [after]);
    if (rows.length === 0) return n;
    const postings = rows.flatMap((r) => postingTokens(searchableText(r as { title: string | null; description: string })).map((t) => [t, r.id as string]));
    for (let i = 0; i < postings.length; i += POSTINGS_PER_INSERT) {
      const chunk = postings.slice(i, i + POSTINGS_PER_INSERT);
      await query(`${ignore} INTO ticket_words (token, ticketId) VALUES ${chunk.map(() => '(?, ?)').join(', ')}`, chunk.flat());
    }
    n += rows.length;
    after = rows.at(-1)?.id as string;
  }
}
