import { TICKET_STATUS_LABELS, type TicketAction, type TicketEventView, type TicketView } from '@jyg12345/shared';
import { formatDateTime } from '../../utils/format';

/**
 * Names of the actions that keep a ticket's status, as a resident reads them: what happened to their appeal
 * (已催办, 继续办理), not the staff's verb from shared's TICKET_ACTION_LABELS (催办, 驳回退单).
 */
const SAME_STATUS_TITLES: Partial<Record<TicketAction, string>> = {
  supplement: '补充材料',
  urge: '已催办',
  pass_down: '已下派',
  request_extension: '申请延期',
  approve_extension: '同意延期',
  refuse_extension: '驳回延期',
  refuse_return: '继续办理',
  record_visit: '已回访',
};

export interface TimelineStep {
  key: string;
  title: string;
  time: string;
  note: string | null;
  /** Who acted and what was promised: '承办单位：… · 答复期限：…', '供热公司'. */
  detail: string | null;
}

/** Unit names by id; null while (or if) they cannot be loaded. */
export type UnitNameOf = (unitId: string | null) => string | null;

/**
 * The promise an event made, on the event itself: dispatch names the handling unit and, on the latest
 * dispatch, the reply deadline the view carries now; an approved extension the new deadline; a unit's own
 * step (sign, reply) names the unit.
 */
function detailOf(event: TicketEventView, ticket: TicketView, latest: { dispatch: string | null; extension: string | null }, unitName: UnitNameOf): string | null {
  const due = ticket.replyDueAt ? formatDateTime(ticket.replyDueAt) : null;
  if (event.action === 'dispatch') {
    const parts = [];
    const lead = unitName(ticket.leadUnitId);
    if (lead) parts.push(`承办单位：${lead}`);
    if (event.id === latest.dispatch && due && !ticket.reply) parts.push(`答复期限：${due}`);
    return parts.length > 0 ? parts.join(' · ') : null;
  }
  if (event.action === 'approve_extension' && event.id === latest.extension && due && !ticket.reply) return `答复期限延至 ${due}`;
  if (event.actorRole === 'handler') return unitName(event.unitId);
  return null;
}

function titleOf(event: TicketEventView): string {
  // Actions that keep the status (补充材料, 催办, …) are named by the action; the rest by the status reached.
  if (event.fromStatus === event.toStatus) {
    return SAME_STATUS_TITLES[event.action as TicketAction] ?? TICKET_STATUS_LABELS[event.toStatus];
  }
  return TICKET_STATUS_LABELS[event.toStatus] ?? event.toStatus;
}

/** Newest first, as residents read progress. Without an events route, the ticket's own dates stand in. */
export function timelineOf(ticket: TicketView, events: TicketEventView[] | null, unitName: UnitNameOf = () => null): TimelineStep[] {
  if (events && events.length > 0) {
    const sorted = [...events].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.id.localeCompare(a.id)));
    const latest = {
      dispatch: sorted.find((e) => e.action === 'dispatch')?.id ?? null,
      extension: sorted.find((e) => e.action === 'approve_extension')?.id ?? null,
    };
    return sorted.map((e) => ({ key: e.id, title: titleOf(e), time: e.createdAt, note: e.note, detail: detailOf(e, ticket, latest, unitName) }));
  }
  const steps: TimelineStep[] = [];
  if (ticket.status !== 'submitted') {
    steps.push({ key: 'current', title: TICKET_STATUS_LABELS[ticket.status], time: ticket.updatedAt, note: null, detail: null });
  }
  steps.push({ key: 'submitted', title: TICKET_STATUS_LABELS.submitted, time: ticket.createdAt, note: null, detail: null });
  return steps;
}
