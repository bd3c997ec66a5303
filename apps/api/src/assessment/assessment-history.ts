import { calendarFrom, type WorkCalendar } from '@jyg12345/shared';
import type { EntityManager } from 'typeorm';
import { CalendarDayEntity, CategoryEntity } from '../database/entities.js';
import { type EventFacts, ledgerItemsOf, type TicketFacts } from './assessment-facts.js';
import { AssessmentItemEntity } from './assessment.entities.js';
import type { LedgerItem } from './assessment.types.js';

/** The actions the fold reads (docs/assessment.md); others never change a figure. */
export const ASSESSED_ACTIONS = ['dispatch', 'sign', 'approve_return', 'approve_extension', 'reschedule', 'reply', 'answer', 'reopen', 'rate', 'record_visit', 'auto_close'];
// SQLite (3.32+) binds up to 32,766 parameters a statement; MySQL has no such limit.
const CHUNK = 2000;

interface TicketRow {
  id: string;
  number: string;
  type: TicketFacts['type'];
  channel: TicketFacts['channel'];
  urgent: number | boolean | string;
  categoryId: string | null;
  communityId: string | null;
  leadUnitId: string | null;
  signDueAt: Date | string | null;
  replyDueAt: Date | string | null;
  satisfaction: string | null;
}
interface EventRow {
  id: string;
  ticketId: string;
  action: string;
  payload: Record<string, unknown> | string | null;
  createdAt: Date | string;
}

/** mysql2 (timezone 'Z') gives Dates; SQLite gives TypeORM's UTC 'YYYY-MM-DD HH:MM:SS.SSS'. */
export function toDate(v: Date | string | null): Date | null {
  if (v === null) return null;
  return v instanceof Date ? v : new Date(`${v.replace(' ', 'T')}Z`);
}

const marks = (n: number) => Array.from({ length: n }, () => '?').join(',');

/**
 * Reads tickets' histories for the fold (`itemsOf`, the reference) with plain SQL through any manager (the app's,
 * a transaction's, a migration's): TypeORM's find() hydration cost 10× the round trips here (bench:stats).
 */
export class TicketHistories {
  private replyDays: Map<string, number | null> | null = null;

  constructor(private readonly m: EntityManager) {}

  async calendar(): Promise<WorkCalendar> {
    return calendarFrom(await this.m.find(CalendarDayEntity));
  }

  async tickets(ids: readonly string[]): Promise<TicketFacts[]> {
    this.replyDays ??= new Map((await this.m.find(CategoryEntity, { select: { id: true, replyDays: true } })).map((c) => [c.id, c.replyDays]));
    const out: TicketFacts[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const rows = (await this.m.query(
        'SELECT `id`, `number`, `type`, `channel`, `urgent`, `categoryId`, `communityId`, `leadUnitId`, `signDueAt`, `replyDueAt`, `satisfaction` ' +
          `FROM \`tickets\` WHERE \`id\` IN (${marks(chunk.length)})`,
        chunk,
      )) as TicketRow[];
      for (const t of rows) {
        out.push({
          id: t.id,
          number: t.number,
          type: t.type,
          channel: t.channel,
          urgent: Boolean(Number(t.urgent)),
          categoryId: t.categoryId,
          communityId: t.communityId,
          leadUnitId: t.leadUnitId,
          signDueAt: toDate(t.signDueAt),
          replyDueAt: toDate(t.replyDueAt),
          categoryReplyDays: t.categoryId ? (this.replyDays.get(t.categoryId) ?? null) : null,
          satisfaction: t.satisfaction,
        });
      }
    }
    return out;
  }

  /** The assessed events of the tickets, each ticket's in id (time) order. */
  async events(ids: readonly string[]): Promise<Map<string, EventFacts[]>> {
    const out = new Map<string, EventFacts[]>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const rows = (await this.m.query(
        'SELECT `id`, `ticketId`, `action`, `payload`, `createdAt` FROM `ticket_events` ' +
          `WHERE \`ticketId\` IN (${marks(chunk.length)}) AND \`action\` IN (${marks(ASSESSED_ACTIONS.length)}) ORDER BY \`ticketId\`, \`id\``,
        [...chunk, ...ASSESSED_ACTIONS],
      )) as EventRow[];
      for (const e of rows) {
        const payload = typeof e.payload === 'string' ? (JSON.parse(e.payload) as Record<string, unknown>) : e.payload;
        const list = out.get(e.ticketId);
        const event = { id: e.id, action: e.action, payload, createdAt: toDate(e.createdAt) as Date };
        if (list) list.push(event);
        else out.set(e.ticketId, [event]);
      }
    }
    return out;
  }

  /** The tickets' items folded from their events: what the roll-up should hold for them. */
  async ledgerItems(ids: readonly string[], calendar: WorkCalendar): Promise<LedgerItem[]> {
    const events = await this.events(ids);
    const out: LedgerItem[] = [];
    for (const t of await this.tickets(ids)) out.push(...ledgerItemsOf(t, events.get(t.id) ?? [], calendar));
    return out;
  }
}

export const ledgerRow = (i: LedgerItem): AssessmentItemEntity => ({
  metric: i.metric,
  at: i.at,
  itemKey: i.key,
  ticketId: i.ticketId,
  ticketNumber: i.ticketNumber,
  unitId: i.unitId,
  categoryId: i.categoryId,
  communityId: i.communityId,
  dueAt: i.dueAt,
  doneAt: i.doneAt,
  counted: i.counted,
  onTime: i.onTime,
});

async function insertItems(m: EntityManager, rows: AssessmentItemEntity[]): Promise<void> {
  // 12 columns a row: SQLite builds of old bind 999 parameters a statement
  const size = m.connection.options.type === 'mysql' ? 1000 : 80;
  for (let i = 0; i < rows.length; i += size) await m.insert(AssessmentItemEntity, rows.slice(i, i + size));
}

/**
 * Rewrites the roll-up from the events (the fold): for the given tickets, or every ticket (`null`) when the table is
 * made (migration 0017, a new SQLite database) or after history was edited by hand. Returns the rows written.
 */
export async function rebuildAssessmentItems(m: EntityManager, ticketIds: readonly string[] | null): Promise<number> {
  const h = new TicketHistories(m);
  const calendar = await h.calendar();
  let written = 0;
  if (ticketIds !== null) {
    for (let i = 0; i < ticketIds.length; i += CHUNK) {
      const chunk = ticketIds.slice(i, i + CHUNK);
      await m.query(`DELETE FROM \`assessment_items\` WHERE \`ticketId\` IN (${marks(chunk.length)})`, chunk);
      const rows = (await h.ledgerItems(chunk, calendar)).map(ledgerRow);
      await insertItems(m, rows);
      written += rows.length;
    }
    return written;
  }
  await m.query('DELETE FROM `assessment_items`');
  let after = '';
  for (;;) {
    const ids = ((await m.query(`SELECT \`id\` FROM \`tickets\` WHERE \`id\` > ? ORDER BY \`id\` LIMIT ${CHUNK}`, [after])) as { id: string }[]).map((r) => r.id);
    if (ids.length === 0) return written;
    const rows = (await h.ledgerItems(ids, calendar)).map(ledgerRow);
    await insertItems(m, rows);
    written += rows.length;
    after = ids.at(-1) as string;
  }
}
