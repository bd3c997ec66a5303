import type { Channel, Role, Satisfaction, TicketStatus } from './enums.js';

/**
 * Who may do what to a ticket, and when: the one table of the workflow. The API enforces exactly `decide` (and
 * nothing else decides who may act); `GET /tickets/:id` offers exactly the actions `decide` allows; the
 * mini-program and the console show those as buttons. What an action writes lives in the API's one writer.
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
  'reschedule',
] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

/** How an appeal enters the workflow: filed by a resident, registered by an operator, forwarded by the province. */
export const FILING_ACTIONS = ['submit', 'register', 'forward'] as const;
export type FilingAction = (typeof FILING_ACTIONS)[number];

/** The system's own bookkeeping on a ticket (no person acts, the status does not change). */
export const SYSTEM_EVENTS = ['flag_due_soon', 'flag_overdue'] as const;
export type SystemEvent = (typeof SYSTEM_EVENTS)[number];

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
  reschedule: '调整时限',
};

/** Every event's wording on a timeline: actions, filings and the system's flags. */
export const EVENT_LABELS: Record<TicketAction | FilingAction | SystemEvent, string> = {
  ...TICKET_ACTION_LABELS,
  submit: '提交诉求',
  register: '来电登记',
  forward: '省平台转办',
  flag_due_soon: '临近时限',
  flag_overdue: '已超时',
};

export type Target = TicketStatus | 'same' | 'previous' | 'by_rating' | 'reopen_target';

/** What the table's guards may read of a ticket. */
export interface TicketFacts {
  status: TicketStatus;
  channel: Channel;
  residentId: string | null;
  leadUnitId: string | null;
  statusBeforeReturn: TicketStatus | null;
  satisfaction: Satisfaction | null;
  pendingExtensionDays: number | null;
}

/** Who is acting, and where they stand towards this ticket. */
export interface ActorFacts {
  role: Actor;
  /** The caller's own id (a resident's, a staff member's), null for the system. */
  id: string | null;
}

export interface ScopeFacts {
  /** A handler whose unit tree holds the lead unit or the unit the ticket was passed down to. */
  handling: boolean;
}

/**
 * Whose the ticket must be: `owner`, the resident who filed it; `handling`, a handler of the unit handling it;
 * `any`, anyone of the roles (the centre, the system).
 */
export type Reach = 'owner' | 'handling' | 'any';

export interface ActionRule {
  action: TicketAction;
  from: readonly TicketStatus[];
  roles: readonly Actor[];
  reach: Reach;
  to: Target;
  /** A further condition on the ticket: null when it holds, else why not (zh-CN, shown to the caller). */
  guard?: (t: TicketFacts) => string | null;
  /** Residents see this event on their timeline. */
  public: boolean;
}

const OPEN_BEFORE_DISPATCH = ['submitted', 'accepted'] as const;
const AT_UNIT = ['dispatched', 'in_progress', 'return_requested'] as const;
const NOT_FINAL = ['submitted', 'accepted', 'dispatched', 'in_progress', 'return_requested', 'replied'] as const;

const noPendingExtension = (t: TicketFacts) => (t.pendingExtensionDays === null ? null : '已有待审批的延期申请');
const pendingExtension = (t: TicketFacts) => (t.pendingExtensionDays !== null ? null : '没有待审批的延期申请');

export const ACTION_RULES: readonly ActionRule[] = [
  { action: 'withdraw', from: OPEN_BEFORE_DISPATCH, roles: ['resident'], reach: 'owner', to: 'withdrawn', public: true },
  { action: 'supplement', from: NOT_FINAL, roles: ['resident'], reach: 'owner', to: 'same', public: true },
  { action: 'rate', from: ['replied'], roles: ['resident'], reach: 'owner', to: 'by_rating', public: true },
  { action: 'accept', from: ['submitted'], roles: ['operator'], reach: 'any', to: 'accepted', public: true },
  { action: 'answer', from: OPEN_BEFORE_DISPATCH, roles: ['operator'], reach: 'any', to: 'replied', public: true },
  { action: 'reject', from: OPEN_BEFORE_DISPATCH, roles: ['operator'], reach: 'any', to: 'rejected', public: true },
  { action: 'dispatch', from: ['accepted'], roles: ['operator', 'supervisor'], reach: 'any', to: 'dispatched', public: true },
  { action: 'merge', from: OPEN_BEFORE_DISPATCH, roles: ['operator', 'supervisor'], reach: 'any', to: 'merged', public: true },
  { action: 'sign', from: ['dispatched'], roles: ['handler'], reach: 'handling', to: 'in_progress', public: true },
  { action: 'pass_down', from: ['in_progress'], roles: ['handler'], reach: 'handling', to: 'same', public: false },
  { action: 'request_return', from: ['dispatched', 'in_progress'], roles: ['handler'], reach: 'handling', to: 'return_requested', public: false },
  {
    action: 'request_extension',
    from: ['in_progress'],
    roles: ['handler'],
    reach: 'handling',
    to: 'same',
    guard: noPendingExtension,
    public: false,
  },
  { action: 'reply', from: ['in_progress'], roles: ['handler'], reach: 'handling', to: 'replied', public: true },
  { action: 'approve_return', from: ['return_requested'], roles: ['supervisor'], reach: 'any', to: 'accepted', public: false },
  { action: 'refuse_return', from: ['return_requested'], roles: ['supervisor'], reach: 'any', to: 'previous', public: false },
  { action: 'approve_extension', from: ['in_progress'], roles: ['supervisor'], reach: 'any', to: 'same', guard: pendingExtension, public: true },
  { action: 'refuse_extension', from: ['in_progress'], roles: ['supervisor'], reach: 'any', to: 'same', guard: pendingExtension, public: false },
  { action: 'urge', from: AT_UNIT, roles: ['supervisor', 'system'], reach: 'any', to: 'same', public: false },
  {
    action: 'reopen',
    from: ['replied'],
    roles: ['supervisor'],
    reach: 'any',
    to: 'reopen_target',
    guard: (t) => (t.satisfaction === 'unsatisfied' ? null : '只有不满意的诉求可以重办'),
    public: true,
  },
  { action: 'close', from: ['replied'], roles: ['supervisor'], reach: 'any', to: 'closed', public: true },
  // A return visit is how the centre hears from a caller who has no account to rate with (phone, the province's
  // line, other channels registered by staff); a resident who filed in the app rates it themselves.
  {
    action: 'record_visit',
    from: ['replied'],
    roles: ['operator', 'supervisor'],
    reach: 'any',
    to: 'by_rating',
    guard: (t) => (t.residentId === null ? null : '市民已在小程序中评价，无需回访登记'),
    public: true,
  },
  { action: 'auto_close', from: ['replied'], roles: ['system'], reach: 'any', to: 'closed', public: true },
  // The working-day calendar changed (a holiday added or removed): the deadlines still running move with it.
  { action: 'reschedule', from: AT_UNIT, roles: ['system'], reach: 'any', to: 'same', public: false },
];

const RULES = new Map(ACTION_RULES.map((r) => [r.action, r]));

export function ruleOf(action: TicketAction): ActionRule {
  return RULES.get(action) as ActionRule;
}

export type Decision = { allowed: true } | { allowed: false; code: 'FORBIDDEN' | 'INVALID_TRANSITION'; reason: string };

/**
 * May this actor take this action on this ticket now? Who (role, then reach) before when (status, then guard):
 * a caller who may never take the action is told FORBIDDEN whatever the ticket's state.
 */
export function decide(action: TicketAction, t: TicketFacts, actor: ActorFacts, scope: ScopeFacts): Decision {
  const rule = ruleOf(action);
  if (!rule.roles.includes(actor.role)) return { allowed: false, code: 'FORBIDDEN', reason: '没有权限进行此操作' };
  if (rule.reach === 'owner' && (t.residentId === null || t.residentId !== actor.id)) {
    return { allowed: false, code: 'FORBIDDEN', reason: '只能处理本人的诉求' };
  }
  if (rule.reach === 'handling' && !scope.handling) return { allowed: false, code: 'FORBIDDEN', reason: '该诉求不由本单位办理' };
  if (!rule.from.includes(t.status)) return { allowed: false, code: 'INVALID_TRANSITION', reason: '当前状态不能进行此操作' };
  const why = rule.guard?.(t) ?? null;
  return why === null ? { allowed: true } : { allowed: false, code: 'INVALID_TRANSITION', reason: why };
}

/** Only the who-part of `decide`: may this actor ever take the action on this ticket, whatever its state? */
export function mayAttempt(action: TicketAction, t: TicketFacts, actor: ActorFacts, scope: ScopeFacts): Decision {
  const d = decide(action, t, actor, scope);
  return !d.allowed && d.code === 'FORBIDDEN' ? d : { allowed: true };
}

/** The actions the caller may take now: exactly those `decide` allows. */
export function actionsFor(t: TicketFacts, actor: ActorFacts, scope: ScopeFacts): TicketAction[] {
  return ACTION_RULES.filter((r) => decide(r.action, t, actor, scope).allowed).map((r) => r.action);
}

/** The status after an allowed action. */
export function resolveTarget(
  action: TicketAction,
  ctx: { status: TicketStatus; statusBeforeReturn: TicketStatus | null; hasLeadUnit: boolean; satisfaction?: string },
): TicketStatus {
  const to = ruleOf(action).to;
  switch (to) {
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
      return to;
  }
}

/** How each channel enters: who files it and the status it starts in. */
export const FILING_RULES: Record<FilingAction, { roles: readonly Actor[]; status: 'submitted' | 'accepted' }> = {
  submit: { roles: ['resident'], status: 'submitted' },
  register: { roles: ['operator'], status: 'accepted' },
  forward: { roles: ['system'], status: 'accepted' },
};

/** Events a resident sees on their timeline; the rest are the centre's and units' internal work. */
export const PUBLIC_ACTIONS: ReadonlySet<string> = new Set<string>([
  ...FILING_ACTIONS,
  ...ACTION_RULES.filter((r) => r.public).map((r) => r.action),
]);
