import {
  addWorkingMinutes,
  type Channel,
  endOfWorkingDay,
  replyBudget,
  signBudgetMinutes,
  type TicketType,
  type WorkCalendar,
  WORKING_MINUTES_PER_DAY,
} from '@jyg12345/shared';
import { type Item, type LedgerItem, pendingAt } from './assessment.types.js';

/** What the fold needs of a ticket row. */
export interface TicketFacts {
  id: string;
  number: string;
  type: TicketType;
  channel: Channel;
  urgent: boolean;
  categoryId: string | null;
  communityId: string | null;
  leadUnitId: string | null;
  signDueAt: Date | null;
  replyDueAt: Date | null;
  categoryReplyDays: number | null;
  /** The ticket's last rating: used for a rating event without a payload (rows written before events carried it). */
  satisfaction: string | null;
}

export interface EventFacts {
  id: string;
  action: string;
  payload: Record<string, unknown> | null;
  createdAt: Date;
}

const SATISFIED = new Set(['satisfied', 'basically_satisfied']);

interface Assignment {
  key: string;
  unitId: string | null;
  at: Date;
  signDueAt: Date | null;
  signedAt: Date | null;
  returned: boolean;
}
interface Episode {
  key: string;
  unitId: string;
  start: Date;
  extensionDays: number;
  /** A deadline the writer recorded in an event payload (preferred over the recomputation). */
  recordedDueAt: Date | null;
  repliedAt: Date | null;
  returned: boolean;
}
interface Rating {
  key: string;
  unitId: string | null;
  at: Date;
  satisfied: boolean;
}

const dateIn = (payload: Record<string, unknown> | null, field: string): Date | null => {
  const v = payload?.[field];
  return typeof v === 'string' ? new Date(v) : null;
};

/**
 * Folds one ticket's events (in id order) into the items every figure counts; see docs/assessment.md. Items are
 * returned whatever their period; `asOf` decides which are still pending (not yet counted). This is the reference
 * the roll-up written by the action writer (`AssessmentLedger`) must agree with.
 */
export function itemsOf(ticket: TicketFacts, events: readonly EventFacts[], calendar: WorkCalendar, asOf: Date): Item[] {
  return ledgerItemsOf(ticket, events, calendar)
    .filter((i) => !pendingAt(i, asOf))
    .map(({ dueAt: _due, doneAt: _done, ...item }) => item);
}

/** Every item of the ticket with its deadline and completion, pending ones included: what the roll-up holds. */
export function ledgerItemsOf(ticket: TicketFacts, events: readonly EventFacts[], calendar: WorkCalendar): LedgerItem[] {
  const assignments: Assignment[] = [];
  const episodes: Episode[] = [];
  const ratings: Rating[] = [];
  const items: LedgerItem[] = [];
  const lastDispatch = [...events].reverse().find((e) => e.action === 'dispatch');
  const lastRating = [...events].reverse().find((e) => e.action === 'rate' || e.action === 'record_visit');
  let assignment: Assignment | null = null;
  let episode: Episode | null = null;
  /** Who answers for the last reply: the episode's unit, or null for an answer at intake. */
  let replyUnit: { unitId: string | null } | null = null;
  let pendingRating: Rating | null = null;
  const base = { ticketId: ticket.id, ticketNumber: ticket.number, categoryId: ticket.categoryId, communityId: ticket.communityId };

  const flushRating = () => {
    if (pendingRating) ratings.push(pendingRating);
    pendingRating = null;
  };

  for (const e of events) {
    switch (e.action) {
      case 'dispatch': {
        const unitId = (typeof e.payload?.leadUnitId === 'string' ? e.payload.leadUnitId : null) ?? (e === lastDispatch ? ticket.leadUnitId : null);
        const signDueAt =
          dateIn(e.payload, 'signDueAt') ??
          (e === lastDispatch && ticket.signDueAt ? ticket.signDueAt : addWorkingMinutes(calendar, e.createdAt, signBudgetMinutes(ticket.channel)));
        assignment = { key: e.id, unitId, at: e.createdAt, signDueAt, signedAt: null, returned: false };
        assignments.push(assignment);
        episode = unitId ? { key: e.id, unitId, start: e.createdAt, extensionDays: 0, recordedDueAt: dateIn(e.payload, 'replyDueAt'), repliedAt: null, returned: false } : null;
        if (episode) episodes.push(episode);
        break;
      }
      case 'sign':
        if (assignment && assignment.signedAt === null) assignment.signedAt = e.createdAt;
        break;
      case 'approve_return':
        if (assignment && assignment.signedAt === null) assignment.returned = true;
        if (episode && episode.repliedAt === null) episode.returned = true;
        assignment = null;
        episode = null;
        break;
      case 'approve_extension':
        if (episode) {
          episode.extensionDays += typeof e.payload?.days === 'number' ? e.payload.days : 0;
          // without the new deadline in the payload, the dispatch's recorded one is stale: recompute with the extension
          episode.recordedDueAt = dateIn(e.payload, 'replyDueAt');
        }
        break;
      case 'reschedule': {
        // the calendar changed under a running deadline: the sign-for deadline moves if not signed, the reply deadline if not replied
        const signDueAt = dateIn(e.payload, 'signDueAt');
        if (assignment && assignment.signedAt === null && signDueAt) assignment.signDueAt = signDueAt;
        const replyDueAt = dateIn(e.payload, 'replyDueAt');
        if (episode && episode.repliedAt === null && replyDueAt) episode.recordedDueAt = replyDueAt;
        break;
      }
      case 'reply':
        flushRating();
        if (episode && episode.repliedAt === null) episode.repliedAt = e.createdAt;
        replyUnit = { unitId: episode?.unitId ?? ticket.leadUnitId };
        break;
      case 'answer':
        flushRating();
        items.push({ ...base, key: e.id, metric: 'answered', unitId: null, at: e.createdAt, counted: true, onTime: null, dueAt: null, doneAt: null });
        replyUnit = { unitId: null };
        break;
      case 'reopen': {
        flushRating();
        const unitId = typeof e.payload?.leadUnitId === 'string' ? e.payload.leadUnitId : null;
        episode = unitId ? { key: e.id, unitId, start: e.createdAt, extensionDays: 0, recordedDueAt: dateIn(e.payload, 'replyDueAt'), repliedAt: null, returned: false } : null;
        if (episode) episodes.push(episode);
        break;
      }
      case 'rate':
      case 'record_visit': {
        const s = e.payload?.satisfaction ?? (e === lastRating ? ticket.satisfaction : null);
        if (replyUnit && typeof s === 'string') pendingRating = { key: e.id, unitId: replyUnit.unitId, at: e.createdAt, satisfied: SATISFIED.has(s) };
        break;
      }
      case 'auto_close':
        if (replyUnit && pendingRating === null) {
          items.push({ ...base, key: e.id, metric: 'unrated', unitId: replyUnit.unitId, at: e.createdAt, counted: true, onTime: null, dueAt: null, doneAt: null });
        }
        break;
      default:
        break;
    }
  }
  flushRating();

  for (const a of assignments) {
    if (a.returned || a.unitId === null) continue;
    const onTime = a.signedAt !== null && a.signDueAt !== null && a.signedAt.getTime() <= a.signDueAt.getTime();
    items.push({ ...base, key: a.key, metric: 'response', unitId: a.unitId, at: a.at, counted: onTime, onTime, dueAt: a.signDueAt, doneAt: a.signedAt });
  }
  const current = episodes.at(-1);
  for (const ep of episodes) {
    if (ep.returned) continue;
    const due = ep === current && ticket.replyDueAt ? ticket.replyDueAt : (ep.recordedDueAt ?? replyDueOf(ticket, calendar, ep.start, ep.extensionDays));
    const onTime = ep.repliedAt !== null && ep.repliedAt.getTime() <= due.getTime();
    items.push({ ...base, key: ep.key, metric: 'completion', unitId: ep.unitId, at: due, counted: ep.repliedAt !== null, onTime, dueAt: due, doneAt: ep.repliedAt });
  }
  for (const r of ratings) items.push({ ...base, key: r.key, metric: 'satisfaction', unitId: r.unitId, at: r.at, counted: r.satisfied, onTime: null, dueAt: null, doneAt: null });
  return items;
}

/** The writer's reply deadline from `start`, plus approved extensions (working days of 420 minutes). */
export function replyDueOf(ticket: TicketFacts, calendar: WorkCalendar, start: Date, extensionDays: number): Date {
  const budget = replyBudget({ type: ticket.type, channel: ticket.channel, urgent: ticket.urgent, categoryReplyDays: ticket.categoryReplyDays });
  const due = budget.kind === 'same_day' ? endOfWorkingDay(calendar, start) : addWorkingMinutes(calendar, start, budget.minutes);
  return extensionDays > 0 ? addWorkingMinutes(calendar, due, extensionDays * WORKING_MINUTES_PER_DAY) : due;
}
