import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { AccessKey } from './access';

/**
 * The one route table: each page, the access it needs, and where it sits in the side menu. Pages are loaded on
 * demand so the first screen (the login) stays small.
 */
export interface RouteDef {
  path: string;
  title: string;
  access: AccessKey;
  /** Side-menu group; routes without one (the ticket page) are reached by links. */
  group?: '受理' | '督办' | '考核' | '未诉先办' | '查询' | '管理';
  page: LazyExoticComponent<ComponentType>;
  /** Full-window, outside the console's frame (the big screen for the wall). */
  bare?: boolean;
}

export const ROUTES: RouteDef[] = [
  { path: '/queue', title: '待受理', access: 'intake', group: '受理', page: lazy(() => import('./pages/Intake/Queue')) },
  { path: '/intake', title: '来电登记', access: 'intake', group: '受理', page: lazy(() => import('./pages/Intake/Register')) },
  { path: '/supervise/returns', title: '退单审核', access: 'supervise', group: '督办', page: lazy(() => import('./pages/Supervise/Returns')) },
  { path: '/supervise/extensions', title: '延期审核', access: 'supervise', group: '督办', page: lazy(() => import('./pages/Supervise/Extensions')) },
  { path: '/supervise/deadlines', title: '临期与超期', access: 'supervise', group: '督办', page: lazy(() => import('./pages/Supervise/Deadlines')) },
  { path: '/supervise/unsatisfied', title: '不满意待重办', access: 'supervise', group: '督办', page: lazy(() => import('./pages/Supervise/Unsatisfied')) },
  { path: '/supervise/replies', title: '待办结', access: 'supervise', group: '督办', page: lazy(() => import('./pages/Supervise/Replies')) },
  { path: '/supervise/visits', title: '电话回访', access: 'visits', group: '督办', page: lazy(() => import('./pages/Supervise/Visits')) },
  { path: '/supervise/province', title: '省级工单', access: 'supervise', group: '督办', page: lazy(() => import('./pages/Supervise/Province')) },
  { path: '/assessment/rates', title: '三率考核', access: 'assess', group: '考核', page: lazy(() => import('./pages/Assessment/Rates')) },
  { path: '/assessment/bulletins', title: '通报', access: 'assess', group: '考核', page: lazy(() => import('./pages/Assessment/Bulletins')) },
  { path: '/proactive/hotspots', title: '热点', access: 'hotspots', group: '未诉先办', page: lazy(() => import('./pages/Proactive/Hotspots')) },
  { path: '/proactive/topics', title: '每月一题', access: 'topics', group: '未诉先办', page: lazy(() => import('./pages/Proactive/Topics')) },
  { path: '/proactive/topics/:id', title: '专题详情', access: 'topics', page: lazy(() => import('./pages/Proactive/TopicDetail')) },
  // ECharts lives in this page's chunk only
  { path: '/screen', title: '大屏', access: 'hotspots', group: '未诉先办', bare: true, page: lazy(() => import('./pages/Screen/BigScreen')) },
  { path: '/tickets', title: '诉求查询', access: 'centre', group: '查询', page: lazy(() => import('./pages/Tickets/Search')) },
  { path: '/tickets/:id', title: '诉求详情', access: 'centre', page: lazy(() => import('./pages/Tickets/Detail')) },
  { path: '/admin/units', title: '单位管理', access: 'admin', group: '管理', page: lazy(() => import('./pages/Admin/Units')) },
  { path: '/admin/staff', title: '人员管理', access: 'admin', group: '管理', page: lazy(() => import('./pages/Admin/Staff')) },
  { path: '/admin/categories', title: '分类与时限', access: 'admin', group: '管理', page: lazy(() => import('./pages/Admin/Categories')) },
  { path: '/admin/calendar', title: '工作日历', access: 'admin', group: '管理', page: lazy(() => import('./pages/Admin/Calendar')) },
  { path: '/admin/boundaries', title: '社区边界', access: 'admin', group: '管理', page: lazy(() => import('./pages/Admin/Boundaries')) },
  { path: '/admin/knowledge', title: '知识库', access: 'admin', group: '管理', page: lazy(() => import('./pages/Admin/Knowledge')) },
];

export const MENU_GROUPS = ['受理', '督办', '考核', '未诉先办', '查询', '管理'] as const;
