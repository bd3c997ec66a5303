import { TICKET_STATUS_LABELS, type TicketAction, type TicketEventView, type TicketView } from '@jyg12345/shared';

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
}

function titleOf(event: TicketEventView): string {
  // Actions that keep the status (补充材料, 催办, …) are named by the action; the rest by the status reached.
  if (event.fromStatus === event.toStatus) {
    return SAME_STATUS_TITLES[event.action as TicketAction] ?? TICKET_STATUS_LABELS[event.toStatus];
  }
  return TICKET_STATUS_LABELS[event.toStatus] ?? event.toStatus;
}

/** Newest first, as residents read progress. Without an events route, the ticket's own dates stand in. */
export function timelineOf(ticket: TicketView, events: TicketEventView[] | null): TimelineStep[] {
  if (events && events.length > 0) {
    return [...events]
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.id.localeCompare(a.id)))
      .map((e) => ({ key: e.id, title: titleOf(e), time: e.createdAt, note: e.note }));
  }
  const steps: TimelineStep[] = [];
  if (ticket.status !== 'submitted') {
    steps.push({ key: 'current', title: TICKET_STATUS_LABELS[ticket.status], time: ticket.updatedAt, note: null });
  }
  steps.push({ key: 'submitted', title: TICKET_STATUS_LABELS.submitted, time: ticket.createdAt, note: null });
  return steps;
}
