import { EVENT_LABELS, TICKET_ACTION_LABELS, type Role, type TicketAction, type TicketEventView } from '@jyg12345/shared';
import type { HandlerAction } from '../lib/api';

/** Who acted, as staff read the history; the event's own name is shared's EVENT_LABELS. */
const ACTOR_PREFIX: Record<Role | 'system', string> = {
  resident: '市民',
  operator: '中心',
  supervisor: '中心',
  admin: '中心',
  handler: '',
  system: '',
};

export function eventLabel(event: Pick<TicketEventView, 'action' | 'actorRole'>): string {
  const name = EVENT_LABELS[event.action as keyof typeof EVENT_LABELS];
  if (!name) return event.action;
  // Filings and the system's flags name themselves (提交诉求, 来电登记, 已超时); actions say who acted.
  return event.action in TICKET_ACTION_LABELS ? `${ACTOR_PREFIX[event.actorRole] ?? ''}${TICKET_ACTION_LABELS[event.action as TicketAction]}` : name;
}

export const HANDLER_ACTION_TEXT: Record<HandlerAction, string> = {
  sign: TICKET_ACTION_LABELS.sign,
  reply: TICKET_ACTION_LABELS.reply,
  pass_down: TICKET_ACTION_LABELS.pass_down,
  request_extension: TICKET_ACTION_LABELS.request_extension,
  request_return: TICKET_ACTION_LABELS.request_return,
};

export const HANDLER_ACTION_DONE: Record<HandlerAction, string> = {
  sign: '已签收',
  reply: '已答复',
  pass_down: '已下派',
  request_extension: '已提交延期申请',
  request_return: '已提交退单申请',
};
