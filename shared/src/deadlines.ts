import type { Channel, TicketType } from './enums.js';
import { WORKING_MINUTES_PER_DAY } from './calendar.js';

/** Sign-for within 2 working hours of dispatch. */
export const SIGN_WORKING_MINUTES = 120;

/** Reply deadlines in working days by appeal type (a category may override). */
export const REPLY_WORKING_DAYS: Record<TicketType, number> = {
  consultation: 2,
  help: 10,
  suggestion: 10,
  complaint: 15,
  report: 15,
  praise: 10,
};

/** A ticket is "due soon" in the last 20% of its time. */
export const DUE_SOON_FRACTION = 0.2;

export interface DeadlinePolicyInput {
  type: TicketType;
  channel: Channel;
  urgent: boolean;
  categoryReplyDays: number | null;
}

/**
 * Working minutes a unit has to reply, counted from dispatch, or 'same_day' for urgent appeals. Tickets
 * forwarded by the provincial platform get half the time.
 */
export function replyBudget(p: DeadlinePolicyInput): { kind: 'same_day' } | { kind: 'minutes'; minutes: number } {
  if (p.urgent) return { kind: 'same_day' };
  const days = p.categoryReplyDays ?? REPLY_WORKING_DAYS[p.type];
  const minutes = days * WORKING_MINUTES_PER_DAY;
  return { kind: 'minutes', minutes: p.channel === 'province' ? Math.ceil(minutes / 2) : minutes };
}

export function signBudgetMinutes(channel: Channel): number {
  return channel === 'province' ? SIGN_WORKING_MINUTES / 2 : SIGN_WORKING_MINUTES;
}
