import type { TicketStatus } from '@jyg12345/shared';

/** The tabs of 我的诉求: groups of statuses a resident thinks in. */
export const STATUS_FILTERS: { key: string; label: string; statuses: TicketStatus[] }[] = [
  { key: 'all', label: '全部', statuses: [] },
  { key: 'open', label: '办理中', statuses: ['submitted', 'accepted', 'dispatched', 'in_progress', 'return_requested'] },
  { key: 'replied', label: '待评价', statuses: ['replied'] },
  { key: 'done', label: '已办结', statuses: ['closed', 'rejected', 'withdrawn', 'merged'] },
];
