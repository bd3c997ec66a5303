import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { sendLater } from '../common/statement-batch.js';
import { fts5Match, indexText, mysqlMatch, postingTokens, type Term } from './search-text.js';

/** What the index holds of a ticket: the caller's title and the description. */
export const searchableText = (t: { title: string | null; description: string }): string => (t.title ? `${t.title} ${t.description}` : t.description);

/** Rows of one multi-row INSERT of postings (a ticket has a few hundred; SQLite binds at most 32,766 values). */
const POSTINGS_PER_INSERT = 500;

/** How many of a token's postings are counted at most when a query plans its reads (see TicketsRepository). */
export const POSTINGS_COUNT_CAP = 5_000;

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

  private async insert(tx: EntityManager, ticketId: string, tokens: string[]): Promise<void> {
    const ignore = this.mysql ? 'INSERT IGNORE' : 'INSERT OR IGNORE';
    for (let i = 0; i < tokens.length; i += POSTINGS_PER_INSERT) {
      const chunk = tokens.slice(i, i + POSTINGS_PER_INSERT);
      await sendLater(tx, `${ignore} INTO ticket_words (token, ticketId) VALUES ${chunk.map(() => '(?, ?)').join(', ')}`, chunk.flatMap((t) => [t, ticketId]));
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
