import { TICKET_ACTION_LABELS, type Role, type TicketAction, type TicketEventView } from '@jyg12345/shared';
import type { HandlerAction } from '../lib/api';

/** Who acted, as staff read the history: the action's own name comes from shared's TICKET_ACTION_LABELS. */
const ACTOR_PREFIX: Record<Role | 'system', string> = {
  resident: '市民',
  operator: '中心',
  supervisor: '中心',
  admin: '中心',
  handler: '',
  system: '系统',
};

/** Filing is not a workflow action: its event is named here. */
const FILING_LABELS: Record<string, string> = { submit: '市民提交', register: '话务登记', forward: '省平台转办' };

export function eventLabel(event: Pick<TicketEventView, 'action' | 'actorRole'>): string {
  const filing = FILING_LABELS[event.action];
  if (filing) return filing;
  const name = TICKET_ACTION_LABELS[event.action as TicketAction];
  if (!name) return event.action;
  return `${ACTOR_PREFIX[event.actorRole] ?? ''}${name}`;
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
