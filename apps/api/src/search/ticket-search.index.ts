import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { fts5Match, indexText, mysqlMatch, type Term } from './search-text.js';

/** What the index holds of a ticket: the caller's title and the description. */
export const searchableText = (t: { title: string | null; description: string }): string => (t.title ? `${t.title} ${t.description}` : t.description);

/**
 * The words of every ticket, in `ticket_search (ticketId, words)`: an InnoDB FULLTEXT index on MySQL/MariaDB
 * (migration 0016), an FTS5 table on SQLite (made here at start: a virtual table is no entity, so `synchronize`
 * does not make it). Written by TicketWriter in the ticket's own transaction.
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
    if (!(await exists('ticket_search'))) {
      await query("CREATE VIRTUAL TABLE ticket_search USING fts5(ticketId UNINDEXED, words, tokenize = 'ascii')");
      await backfillSearchIndex(query);
    }
    if (!(await exists('knowledge_search'))) {
      await query("CREATE VIRTUAL TABLE knowledge_search USING fts5(entryId UNINDEXED, words, tokenize = 'ascii')");
      await backfillKnowledgeIndex(query);
    }
  }

  async write(tx: EntityManager, ticket: { id: string; title: string | null; description: string }): Promise<void> {
    await tx.query('INSERT INTO ticket_search (ticketId, words) VALUES (?, ?)', [ticket.id, indexText(searchableText(ticket))]);
  }

  /** Text added to a ticket later (a resident's supplement): its words join the ticket's row. */
  async append(tx: EntityManager, ticketId: string, text: string): Promise<void> {
    const words = indexText(text);
    if (words === '') return;
    const concat = this.mysql ? "CONCAT(words, ' ', ?)" : "words || ' ' || ?";
    await tx.query(`UPDATE ticket_search SET words = ${concat} WHERE ticketId = ?`, [words, ticketId]);
  }

  /** A knowledge entry's row, replaced (FTS5 has no primary key to upsert on). */
  async writeKnowledge(tx: EntityManager, entry: { id: string; title: string; keywords: string; content: string }): Promise<void> {
    await tx.query('DELETE FROM knowledge_search WHERE entryId = ?', [entry.id]);
    await tx.query('INSERT INTO knowledge_search (entryId, words) VALUES (?, ?)', [entry.id, indexText(knowledgeText(entry))]);
  }

  /** A condition on a ticket id column: the tickets whose words hold every term. */
  matching(idColumn: string, terms: Term[]): { sql: string; params: Record<string, unknown> } {
    return this.condition('ticket_search', 'ticketId', idColumn, terms);
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

/** Indexes every ticket not yet indexed, a thousand at a time in id order (migration 0016; a new SQLite index). */
export async function backfillSearchIndex(query: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>): Promise<number> {
  let after = '';
  let n = 0;
  for (;;) {
    const rows = await query('SELECT id, title, description FROM tickets WHERE id > ? ORDER BY id LIMIT 1000', [after]);
    if (rows.length === 0) return n;
    const values = rows.map((r) => [r.id as string, indexText(searchableText(r as { title: string | null; description: string }))]);
    await query(`INSERT INTO ticket_search (ticketId, words) VALUES ${values.map(() => '(?, ?)').join(', ')}`, values.flat());
    n += rows.length;
    after = rows.at(-1)?.id as string;
  }
}
