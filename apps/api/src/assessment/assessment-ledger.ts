import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { deleteRow, findRows, insertRow, updateRow } from '../common/sql-rows.js';
import type { TicketEntity } from '../database/entities.js';
import { rebuildAssessmentItems } from './assessment-history.js';
import { AssessmentItemEntity } from './assessment.entities.js';
import type { Metric } from './assessment.types.js';

/** The event the writer has just appended. */
export interface LedgerEvent {
  id: string;
  action: string;
  payload: Record<string, unknown> | null;
  at: Date;
}

const SATISFIED = new Set(['satisfied', 'basically_satisfied']);
const time = (d: Date | string | null): number | null => (d === null ? null : new Date(d).getTime());
const date = (d: Date | string | null): Date | null => (d === null ? null : new Date(d));

/**
 * Keeps the roll-up `assessment_items` (docs/assessment.md, "Speed"), called by TicketWriter in the action's own
 * transaction after the ticket row and its event are written: the ticket row as it was and as it is now give every
 * deadline exactly as the writer stored it. Rows are changed by their full primary key only (after a plain read of
 * the ticket's few rows): the guarded ticket update already serialises actions on one ticket, and a range delete
 * by ticket would lock gaps other tickets insert into on MariaDB.
 *
 * `itemsOf` (assessment-facts.ts) is the reference this must agree with; assessment-ledger.test.ts folds the events
 * of a varied workload and compares.
 */
@Injectable()
export class AssessmentLedger implements OnModuleInit {
  private readonly logger = new Logger('AssessmentLedger');

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** SQLite follows the entities (`synchronize`): a database made before the roll-up existed is filled here once. */
  async onModuleInit(): Promise<void> {
    if (this.db.options.type === 'mysql') return;
    const [filled] = (await this.db.query('SELECT EXISTS (SELECT 1 FROM assessment_items) AS x')) as { x: number }[];
    const [history] = (await this.db.query("SELECT EXISTS (SELECT 1 FROM ticket_events WHERE action IN ('dispatch', 'answer')) AS x")) as { x: number }[];
    if (Number(filled?.x) === 0 && Number(history?.x) === 1) {
      const n = await this.db.transaction((tx) => rebuildAssessmentItems(tx, null));
      this.logger.log({ rows: n }, 'assessment roll-up filled from the events');
    }
  }

  async record(tx: EntityManager, before: TicketEntity, after: TicketEntity, e: LedgerEvent): Promise<void> {
    switch (e.action) {
      case 'dispatch': {
        if (after.leadUnitId === null) return;
        const replyDueAt = date(after.replyDueAt);
        await this.insert(tx, this.row(after, 'response', e.id, e.at, { unitId: after.leadUnitId, dueAt: date(after.signDueAt) }));
        if (replyDueAt) await this.insert(tx, this.row(after, 'completion', e.id, replyDueAt, { unitId: after.leadUnitId, dueAt: replyDueAt }));
        break;
      }
      case 'sign':
        for (const r of await this.open(tx, after.id, 'response')) {
          const onTime = r.dueAt !== null && e.at.getTime() <= time(r.dueAt)!;
          await this.update(tx, r, { doneAt: e.at, counted: onTime, onTime });
        }
        break;
      case 'reply':
        for (const r of await this.open(tx, after.id, 'completion')) {
          await this.update(tx, r, { doneAt: e.at, counted: true, onTime: r.dueAt !== null && e.at.getTime() <= time(r.dueAt)! });
        }
        break;
      case 'approve_return':
        // not the right unit: what it had not done yet counts for nobody (a sign already made stands)
        for (const r of [...(await this.open(tx, after.id, 'response')), ...(await this.open(tx, after.id, 'completion'))]) {
          await deleteRow(tx, AssessmentItemEntity, { metric: r.metric, at: r.at, itemKey: r.itemKey });
        }
        break;
      case 'approve_extension':
      case 'reschedule': {
        const replyDueAt = date(after.replyDueAt);
        if (replyDueAt && time(after.replyDueAt) !== time(before.replyDueAt)) {
          for (const r of await this.open(tx, after.id, 'completion')) await this.move(tx, r, replyDueAt);
        }
        if (e.action === 'reschedule' && time(after.signDueAt) !== time(before.signDueAt)) {
          for (const r of await this.open(tx, after.id, 'response')) await this.update(tx, r, { dueAt: date(after.signDueAt) });
        }
        break;
      }
      case 'reopen': {
        const unitId = typeof e.payload?.leadUnitId === 'string' ? e.payload.leadUnitId : null;
        const replyDueAt = date(after.replyDueAt);
        if (unitId && replyDueAt) await this.insert(tx, this.row(after, 'completion', e.id, replyDueAt, { unitId, dueAt: replyDueAt }));
        break;
      }
      case 'answer':
        await this.insert(tx, this.row(after, 'answered', e.id, e.at, { unitId: null, counted: true }));
        break;
      case 'rate':
      case 'record_visit':
      case 'auto_close':
        await this.rating(tx, before, after, e);
        break;
      default:
        break;
    }
    // figures group by the ticket's current category and community
    if (before.categoryId !== after.categoryId || before.communityId !== after.communityId) {
      for (const r of await findRows(tx, AssessmentItemEntity, { ticketId: after.id })) {
        await this.update(tx, r, { categoryId: after.categoryId, communityId: after.communityId });
      }
    }
  }

  /**
   * A rating rates the last reply (or answer at intake) and replaces an earlier rating of the same reply; an
   * auto-close counts apart when that reply has no rating. "The same reply": nothing of reply, answer or reopen since.
   */
  private async rating(tx: EntityManager, before: TicketEntity, after: TicketEntity, e: LedgerEvent): Promise<void> {
    const marks = (await tx.query("SELECT `id`, `action` FROM `ticket_events` WHERE `ticketId` = ? AND `action` IN ('reply', 'answer', 'reopen') ORDER BY `id`", [
      after.id,
    ])) as { id: string; action: string }[];
    const lastReply = marks.filter((m) => m.action !== 'reopen').at(-1);
    if (!lastReply) return;
    const since = marks.at(-1)!.id;
    const unitId = lastReply.action === 'answer' ? null : before.leadUnitId;
    const ratings = (await findRows(tx, AssessmentItemEntity, { ticketId: after.id, metric: 'satisfaction' })).filter((r) => r.itemKey > since);
    if (e.action === 'auto_close') {
      if (ratings.length === 0) await this.insert(tx, this.row(after, 'unrated', e.id, e.at, { unitId, counted: true }));
      return;
    }
    const satisfaction = e.payload?.satisfaction;
    if (typeof satisfaction !== 'string') return;
    for (const r of ratings) await deleteRow(tx, AssessmentItemEntity, { metric: r.metric, at: r.at, itemKey: r.itemKey });
    await this.insert(tx, this.row(after, 'satisfaction', e.id, e.at, { unitId, counted: SATISFIED.has(satisfaction) }));
  }

  private row(t: TicketEntity, metric: Metric, key: string, at: Date, v: { unitId: string | null; dueAt?: Date | null; counted?: boolean }): AssessmentItemEntity {
    const timed = metric === 'response' || metric === 'completion';
    return {
      metric,
      at,
      itemKey: key,
      ticketId: t.id,
      ticketNumber: t.number,
      unitId: v.unitId,
      categoryId: t.categoryId,
      communityId: t.communityId,
      dueAt: v.dueAt ?? null,
      doneAt: null,
      counted: v.counted ?? false,
      onTime: timed ? false : null,
    };
  }

  /** The ticket's items of a metric not done yet: its running assignment or reply episode (one at most). */
  private open(tx: EntityManager, ticketId: string, metric: 'response' | 'completion'): Promise<AssessmentItemEntity[]> {
    return findRows(tx, AssessmentItemEntity, { ticketId, metric, doneAt: null });
  }

  // Writes are held and sent with the transaction's next statement (statement-batch.ts): nothing reads their results.
  private async update(tx: EntityManager, r: AssessmentItemEntity, set: Partial<AssessmentItemEntity>): Promise<void> {
    await updateRow(tx, AssessmentItemEntity, { metric: r.metric, at: r.at, itemKey: r.itemKey }, set);
  }

  private async insert(tx: EntityManager, row: AssessmentItemEntity): Promise<void> {
    await insertRow(tx, AssessmentItemEntity, row);
  }

  /** A reply episode whose deadline moved: the deadline is what puts it in a period (a key column, so the row moves). */
  private async move(tx: EntityManager, r: AssessmentItemEntity, dueAt: Date): Promise<void> {
    await this.update(tx, r, { at: dueAt, dueAt });
  }
}
