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
    const exists = (await this.db.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'ticket_search'")) as unknown[];
    if (exists.length > 0) return;
    await this.db.query("CREATE VIRTUAL TABLE ticket_search USING fts5(ticketId UNINDEXED, words, tokenize = 'ascii')");
    await backfillSearchIndex((sql, params) => this.db.query(sql, params) as Promise<Record<string, unknown>[]>);
  }

  async write(tx: EntityManager, ticket: { id: string; title: string | null; description: string }): Promise<void> {
    await tx.query('INSERT INTO ticket_search (ticketId, words) VALUES (?, ?)', [ticket.id, indexText(searchableText(ticket))]);
  }

  /** A condition on a ticket id column: the tickets whose words hold every term. */
  matching(idColumn: string, terms: Term[]): { sql: string; params: Record<string, unknown> } {
    return this.mysql
      ? { sql: `${idColumn} IN (SELECT s.ticketId FROM ticket_search s WHERE MATCH (s.words) AGAINST (:match IN BOOLEAN MODE))`, params: { match: mysqlMatch(terms) } }
      : { sql: `${idColumn} IN (SELECT s.ticketId FROM ticket_search s WHERE ticket_search MATCH :match)`, params: { match: fts5Match(terms) } };
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
