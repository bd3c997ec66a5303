import { CENTRE_ROLES, type Role, ruleOf, type TicketAction, type UserView } from '@jyg12345/shared';

/**
 * The one place that turns the signed-in user into what they may see. Workflow areas follow the shared action
 * table: whoever may take an area's actions sees its pages (the API still decides each action per ticket).
 */
export interface Access {
  signedIn: boolean;
  /** any centre role: ticket pages and search */
  centre: boolean;
  /** 待受理 and 来电登记: whoever may accept and register */
  intake: boolean;
  /** return and extension decisions, urging, reopening */
  supervise: boolean;
  /** return visits (回访) */
  visits: boolean;
  /** 三率考核 and 通报 (the assessment pages) */
  assess: boolean;
  admin: boolean;
}

export type AccessKey = keyof Access;

const may = (role: Role, action: TicketAction) => ruleOf(action).roles.includes(role);

export function accessOf(user: UserView | null): Access {
  if (!user) return { signedIn: false, centre: false, intake: false, supervise: false, visits: false, assess: false, admin: false };
  const role = user.role;
  return {
    signedIn: true,
    centre: (CENTRE_ROLES as readonly Role[]).includes(role),
    intake: may(role, 'accept'),
    supervise: may(role, 'approve_return'),
    visits: may(role, 'record_visit'),
    assess: role === 'supervisor' || role === 'admin',
    admin: role === 'admin',
  };
}
