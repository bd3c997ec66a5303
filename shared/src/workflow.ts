import { z } from 'zod';
import { type Role, SATISFACTIONS, TICKET_TYPES, type TicketStatus } from './enums.js';
import { LIMITS } from './limits.js';
import { phoneSchema } from './schemas.js';

/**
 * The ticket state machine: one table of allowed transitions, enforced by the API and read by the
 * mini-program to decide which buttons to show. `to: 'same'` keeps the status; `to: 'previous'` returns to the
 * status the ticket had before a return was requested; rating and reopening resolve their target from the body
 * or the ticket (see `resolveTarget`).
 */
export const TICKET_ACTIONS = [
  'withdraw',
  'supplement',
  'rate',
  'accept',
  'answer',
  'reject',
  'dispatch',
  'merge',
  'sign',
  'pass_down',
  'request_return',
  'request_extension',
  'reply',
  'approve_return',
  'refuse_return',
  'approve_extension',
  'refuse_extension',
  'urge',
  'reopen',
  'close',
  'record_visit',
  'auto_close',
] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];
export type Actor = Role | 'system';

export const TICKET_ACTION_LABELS: Record<TicketAction, string> = {
  withdraw: '撤回',
  supplement: '补充材料',
  rate: '评价',
  accept: '受理',
  answer: '直接答复',
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

export type Target = TicketStatus | 'same' | 'previous' | 'by_rating' | 'reopen_target';

export interface Transition {
  from: readonly TicketStatus[];
  action: TicketAction;
  to: Target;
  who: readonly Actor[];
}

const OPEN_BEFORE_DISPATCH = ['submitted', 'accepted'] as const;
const AT_UNIT = ['dispatched', 'in_progress', 'return_requested'] as const;
const NOT_FINAL = ['submitted', 'accepted', 'dispatched', 'in_progress', 'return_requested', 'replied'] as const;

export const TRANSITIONS: readonly Transition[] = [
  { from: OPEN_BEFORE_DISPATCH, action: 'withdraw', to: 'withdrawn', who: ['resident'] },
  { from: NOT_FINAL, action: 'supplement', to: 'same', who: ['resident'] },
  { from: ['replied'], action: 'rate', to: 'by_rating', who: ['resident'] },
  { from: ['submitted'], action: 'accept', to: 'accepted', who: ['operator'] },
  { from: OPEN_BEFORE_DISPATCH, action: 'answer', to: 'replied', who: ['operator'] },
  { from: OPEN_BEFORE_DISPATCH, action: 'reject', to: 'rejected', who: ['operator'] },
  { from: ['accepted'], action: 'dispatch', to: 'dispatched', who: ['operator', 'supervisor'] },
  { from: OPEN_BEFORE_DISPATCH, action: 'merge', to: 'merged', who: ['operator', 'supervisor'] },
  { from: ['dispatched'], action: 'sign', to: 'in_progress', who: ['handler'] },
  { from: ['in_progress'], action: 'pass_down', to: 'same', who: ['handler'] },
  { from: ['dispatched', 'in_progress'], action: 'request_return', to: 'return_requested', who: ['handler'] },
  { from: ['in_progress'], action: 'request_extension', to: 'same', who: ['handler'] },
  { from: ['in_progress'], action: 'reply', to: 'replied', who: ['handler'] },
  { from: ['return_requested'], action: 'approve_return', to: 'accepted', who: ['supervisor'] },
  { from: ['return_requested'], action: 'refuse_return', to: 'previous', who: ['supervisor'] },
  { from: ['in_progress'], action: 'approve_extension', to: 'same', who: ['supervisor'] },
  { from: ['in_progress'], action: 'refuse_extension', to: 'same', who: ['supervisor'] },
  { from: AT_UNIT, action: 'urge', to: 'same', who: ['supervisor', 'system'] },
  { from: ['replied'], action: 'reopen', to: 'reopen_target', who: ['supervisor'] },
  { from: ['replied'], action: 'close', to: 'closed', who: ['supervisor'] },
  { from: ['replied'], action: 'record_visit', to: 'by_rating', who: ['operator', 'supervisor'] },
  { from: ['replied'], action: 'auto_close', to: 'closed', who: ['system'] },
];

export function transitionFor(action: TicketAction, from: TicketStatus): Transition | undefined {
  return TRANSITIONS.find((t) => t.action === action && t.from.includes(from));
}

/** Roles that may ever take an action, whatever the status. */
export function actorsOf(action: TicketAction): readonly Actor[] {
  return [...new Set(TRANSITIONS.filter((t) => t.action === action).flatMap((t) => t.who))];
}

/** Actions a role may take on a ticket in a given status: what the mini-program shows as buttons. */
export function availableActions(status: TicketStatus, role: Actor): TicketAction[] {
  return TRANSITIONS.filter((t) => t.from.includes(status) && t.who.includes(role)).map((t) => t.action);
}

/** The status after an allowed transition. */
export function resolveTarget(
  t: Transition,
  ctx: { status: TicketStatus; statusBeforeReturn: TicketStatus | null; hasLeadUnit: boolean; satisfaction?: string },
): TicketStatus {
  switch (t.to) {
    case 'same':
      return ctx.status;
    case 'previous':
      return ctx.statusBeforeReturn ?? 'dispatched';
    // An unsatisfied rating leaves the reply open for the centre to reopen or close; otherwise it closes.
    case 'by_rating':
      return ctx.satisfaction === 'unsatisfied' ? 'replied' : 'closed';
    // Back to the lead unit, or to intake when the appeal was answered there.
    case 'reopen_target':
      return ctx.hasLeadUnit ? 'in_progress' : 'accepted';
    default:
      return t.to;
  }
}

const version = z.number().int().min(1);
const note = z.string().trim().min(1).max(LIMITS.noteMax);
const id = z.string().min(1).max(40);
const attachmentIds = z.array(id).max(LIMITS.photosPerTicket);

/** What each action's body must carry, besides the ticket's current `version`. */
export const ACTION_BODY_SCHEMAS = {
  withdraw: z.strictObject({ version, reason: note.optional() }),
  supplement: z
    .strictObject({ version, text: note.optional(), attachmentIds: attachmentIds.optional() })
    .refine((b) => b.text !== undefined || (b.attachmentIds?.length ?? 0) > 0, { message: 'text or attachmentIds required' }),
  rate: z.strictObject({
    version,
    satisfaction: z.enum(SATISFACTIONS),
    resolved: z.boolean(),
    comment: z.string().trim().max(LIMITS.noteMax).optional(),
  }),
  accept: z.strictObject({ version, type: z.enum(TICKET_TYPES).optional(), categoryId: id, urgent: z.boolean().optional() }),
  answer: z.strictObject({ version, content: note, knowledgeId: id.optional() }),
  reject: z.strictObject({ version, reason: note }),
  dispatch: z.strictObject({
    version,
    leadUnitId: id,
    cooperatingUnitIds: z.array(id).max(10).optional(),
    note: note.optional(),
  }),
  merge: z.strictObject({ version, intoTicketId: id }),
  sign: z.strictObject({ version }),
  pass_down: z.strictObject({ version, unitId: id, note: note.optional() }),
  request_return: z.strictObject({ version, reason: note }),
  request_extension: z.strictObject({ version, reason: note, days: z.number().int().min(1).max(30) }),
  reply: z.strictObject({
    version,
    content: note,
    handlerName: z.string().trim().min(1).max(50),
    handlerPhone: phoneSchema,
    attachmentIds: attachmentIds.optional(),
  }),
  approve_return: z.strictObject({ version, note: note.optional() }),
  refuse_return: z.strictObject({ version, note }),
  approve_extension: z.strictObject({ version, note: note.optional() }),
  refuse_extension: z.strictObject({ version, note }),
  urge: z.strictObject({ version, note }),
  reopen: z.strictObject({ version, note }),
  close: z.strictObject({ version, note: note.optional() }),
  record_visit: z.strictObject({
    version,
    satisfaction: z.enum(SATISFACTIONS),
    resolved: z.boolean(),
    comment: z.string().trim().max(LIMITS.noteMax).optional(),
  }),
  auto_close: z.strictObject({ version }),
} satisfies Record<TicketAction, z.ZodType>;

export type ActionBody<A extends TicketAction> = z.infer<(typeof ACTION_BODY_SCHEMAS)[A]>;

/** Events a resident sees on their timeline; the rest are the centre's and units' internal work. */
export const PUBLIC_ACTIONS: ReadonlySet<string> = new Set<string>([
  'submit',
  'register',
  'withdraw',
  'supplement',
  'rate',
  'accept',
  'answer',
  'reject',
  'dispatch',
  'merge',
  'sign',
  'reply',
  'reopen',
  'close',
  'record_visit',
  'auto_close',
  'approve_extension',
]);
