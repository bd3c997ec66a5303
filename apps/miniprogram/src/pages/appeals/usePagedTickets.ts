import { useCallback } from 'react';
import { LIMITS, type TicketStatus, type TicketView } from '@jyg12345/shared';
import { usePagedList, type PagedList } from '../../components/usePagedList';
import { ticketsService } from '../../services/tickets';

export type PagedTickets = PagedList<TicketView>;

/** The resident's appeals with the given statuses (all when none), a page at a time. */
export function usePagedTickets(statuses: readonly TicketStatus[]): PagedTickets {
  const key = statuses.join(',');
  const fetchPage = useCallback(
    (cursor: string | null) =>
      ticketsService.list({ status: key ? (key.split(',') as TicketStatus[]) : undefined, limit: LIMITS.pageSizeDefault, ...(cursor ? { cursor } : {}) }),
    [key],
  );
  return usePagedList(fetchPage);
}
