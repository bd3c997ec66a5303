import { useCallback, useRef, useState } from 'react';
import type { Page } from '@jyg12345/shared';
import { errorMessage } from './ErrorText';

export interface PagedList<T> {
  items: T[];
  /** First page loading (or reloading after a filter change). */
  loading: boolean;
  loadingMore: boolean;
  error: string | null;
  /** A failure while fetching a further page: the list stays, a retry link shows. */
  moreError: string | null;
  hasMore: boolean;
  /** When the first page arrived (times in the list are shown relative to it). */
  loadedAt: Date;
  reload: () => Promise<void>;
  loadMore: () => Promise<void>;
}

/**
 * Keyset paging over a list route: `fetchPage(cursor)` (null for the first page) changes identity when the
 * list's filter does, and an answer for an older filter is dropped. `handled(error)` may take a failure over
 * (e.g. a lost staff session sends to the login page) instead of showing it.
 */
export function usePagedList<T extends { id: string }>(fetchPage: (cursor: string | null) => Promise<Page<T>>, handled: (error: unknown) => boolean = () => false): PagedList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [moreError, setMoreError] = useState<string | null>(null);
  const [loadedAt, setLoadedAt] = useState(() => new Date());
  const generation = useRef(0);
  const handle = useRef(handled);
  handle.current = handled;

  const reload = useCallback(async () => {
    const gen = ++generation.current;
    setLoading(true);
    setError(null);
    setMoreError(null);
    try {
      const page = await fetchPage(null);
      if (gen !== generation.current) return;
      setItems(page.items);
      setCursor(page.nextCursor);
      setLoadedAt(new Date());
    } catch (e) {
      if (!handle.current(e) && gen === generation.current) setError(errorMessage(e));
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  }, [fetchPage]);

  const loadMore = useCallback(async () => {
    if (!cursor || loadingMore || loading) return;
    const gen = generation.current;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await fetchPage(cursor);
      if (gen !== generation.current) return;
      setItems((prev) => {
        const seen = new Set(prev.map((t) => t.id));
        return [...prev, ...page.items.filter((t) => !seen.has(t.id))];
      });
      setCursor(page.nextCursor);
    } catch (e) {
      if (!handle.current(e) && gen === generation.current) setMoreError(errorMessage(e));
    } finally {
      setLoadingMore(false);
    }
  }, [cursor, fetchPage, loading, loadingMore]);

  return { items, loading, loadingMore, error, moreError, hasMore: cursor !== null, loadedAt, reload, loadMore };
}
