export const ROLES = ['resident', 'operator', 'supervisor', 'handler', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES = ['operator', 'supervisor', 'handler', 'admin'] as const satisfies readonly Role[];
export type StaffRole = (typeof STAFF_ROLES)[number];
/** Centre staff see every ticket; handlers see their unit's tree only. */
export const CENTRE_ROLES = ['operator', 'supervisor', 'admin'] as const satisfies readonly Role[];

export const TICKET_TYPES = ['consultation', 'help', 'complaint', 'report', 'suggestion', 'praise'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];
export const TICKET_TYPE_LABELS: Record<TicketType, string> = {
  consultation: '咨询',
  help: '求助',
  complaint: '投诉',
  report: '举报',
  suggestion: '建议',
  praise: '表扬',
};

export const TICKET_STATUSES = [
  'submitted',
  'accepted',
  'dispatched',
  'in_progress',
  'return_requested',
  'replied',
  'closed',
  'rejected',
  'withdrawn',
  'merged',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const TICKET_STATUS_LABELS: Record<TicketStatus, string> = {
  submitted: '已提交',
  accepted: '已受理',
  dispatched: '已派单',
  in_progress: '办理中',
  return_requested: '退单申请中',
  replied: '已答复',
  closed: '已办结',
  rejected: '不予受理',
  withdrawn: '已撤回',
  merged: '已合并',
};

export const CHANNELS = ['miniprogram', 'phone', 'web', 'province', 'open311'] as const;
export type Channel = (typeof CHANNELS)[number];

export const COORD_SYSTEMS = ['gcj02', 'wgs84'] as const;
export type CoordSystem = (typeof COORD_SYSTEMS)[number];

export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

/** The "1 + N + 3 + 48" organisation. */
export const UNIT_KINDS = ['centre', 'sub_centre', 'department', 'company', 'street', 'community'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const CALENDAR_DAY_KINDS = ['holiday', 'workday'] as const;
/** `holiday`: a weekday off; `workday`: a make-up weekend workday (调休上班). */
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

export const SATISFACTION_LABELS: Record<Satisfaction, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  unsatisfied: '不满意',
};
