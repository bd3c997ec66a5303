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
  /** 热点 and the big screen (centre staff) */
  hotspots: boolean;
  /** 每月一题: centre staff see every topic, unit handlers the ones their unit takes part in */
  topics: boolean;
  /** 选题, 交题, 评题 */
  manageTopics: boolean;
  /** 答题: a unit handler reports progress */
  reportTopics: boolean;
}

export type AccessKey = keyof Access;

const may = (role: Role, action: TicketAction) => ruleOf(action).roles.includes(role);

export function accessOf(user: UserView | null): Access {
  if (!user)
    return { signedIn: false, centre: false, intake: false, supervise: false, visits: false, assess: false, admin: false, hotspots: false, topics: false, manageTopics: false, reportTopics: false };
  const role = user.role;
  const centre = (CENTRE_ROLES as readonly Role[]).includes(role);
  return {
    signedIn: true,
    centre,
    intake: may(role, 'accept'),
    supervise: may(role, 'approve_return'),
    visits: may(role, 'record_visit'),
    assess: role === 'supervisor' || role === 'admin',
    admin: role === 'admin',
    hotspots: centre,
    topics: centre || role === 'handler',
    manageTopics: role === 'supervisor',
    reportTopics: role === 'handler',
  };
}
