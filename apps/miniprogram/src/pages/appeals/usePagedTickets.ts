import { useCallback, useRef, useState } from 'react';
import { LIMITS, type TicketStatus, type TicketView } from '@jyg12345/shared';
import { errorMessage } from '../../components/ErrorText';
import { ticketsService } from '../../services/tickets';

export interface PagedTickets {
  items: TicketView[];
  /** First page loading (or reloading after a filter change). */
  loading: boolean;
  loadingMore: boolean;
  error: string | null;
  /** A failure while fetching a further page: the list stays, a retry link shows. */
  moreError: string | null;
  hasMore: boolean;
  reload: () => Promise<void>;
  loadMore: () => Promise<void>;
}

/** Keyset paging over GET /tickets; a stale answer (the filter changed meanwhile) is dropped. */
export function usePagedTickets(statuses: readonly TicketStatus[]): PagedTickets {
  const [items, setItems] = useState<TicketView[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [moreError, setMoreError] = useState<string | null>(null);
  const generation = useRef(0);
  const key = statuses.join(',');

  const reload = useCallback(async () => {
    const gen = ++generation.current;
    setLoading(true);
    setError(null);
    setMoreError(null);
    try {
      const page = await ticketsService.list({ status: key ? (key.split(',') as TicketStatus[]) : undefined, limit: LIMITS.pageSizeDefault });
      if (gen !== generation.current) return;
      setItems(page.items);
      setCursor(page.nextCursor);
    } catch (e) {
      if (gen !== generation.current) return;
      setError(errorMessage(e));
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  }, [key]);

  const loadMore = useCallback(async () => {
    if (!cursor || loadingMore || loading) return;
    const gen = generation.current;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await ticketsService.list({ status: key ? (key.split(',') as TicketStatus[]) : undefined, limit: LIMITS.pageSizeDefault, cursor });
      if (gen !== generation.current) return;
      setItems((prev) => {
        const seen = new Set(prev.map((t) => t.id));
        return [...prev, ...page.items.filter((t) => !seen.has(t.id))];
      });
      setCursor(page.nextCursor);
    } catch (e) {
      if (gen === generation.current) setMoreError(errorMessage(e));
    } finally {
      setLoadingMore(false);
    }
  }, [cursor, key, loading, loadingMore]);

  return { items, loading, loadingMore, error, moreError, hasMore: cursor !== null, reload, loadMore };
}
