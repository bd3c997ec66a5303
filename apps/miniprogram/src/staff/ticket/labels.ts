import type { TicketAction } from '@jyg12345/shared';
import type { HandlerAction } from '../lib/api';

/** Not shared's TICKET_ACTION_LABELS: workflow.ts builds zod schemas at load time (zod would enter the package). */
export const ACTION_LABELS: Partial<Record<TicketAction | 'submit' | 'register', string>> = {
  submit: '市民提交',
  register: '话务登记',
  withdraw: '市民撤回',
  supplement: '市民补充材料',
  rate: '市民评价',
  accept: '中心受理',
  answer: '中心直接答复',
  reject: '不予受理',
  dispatch: '派单',
  merge: '合并',
  sign: '签收',
  pass_down: '下派',
  request_return: '申请退单',
  request_extension: '申请延期',
  reply: '答复',
  approve_return: '同意退单',
  refuse_return: '驳回退单',
  approve_extension: '同意延期',
  refuse_extension: '驳回延期',
  urge: '催办',
  reopen: '重办',
  close: '办结',
  record_visit: '回访登记',
  auto_close: '自动办结',
};

export const HANDLER_ACTION_TEXT: Record<HandlerAction, string> = {
  sign: '签收',
  reply: '答复',
  pass_down: '下派',
  request_extension: '申请延期',
  request_return: '申请退单',
};

export const HANDLER_ACTION_DONE: Record<HandlerAction, string> = {
  sign: '已签收',
  reply: '已答复',
  pass_down: '已下派',
  request_extension: '已提交延期申请',
  request_return: '已提交退单申请',
};
