import { useCallback, useRef, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { ErrorCode, type TicketView } from '@jyg12345/shared';
import { ApiError } from '../services/api-error';
import { errorMessage } from './ErrorText';

interface TicketDetailSource<E> {
  ticket: (id: string) => Promise<TicketView>;
  /** The history, loaded alongside; its own failure should not hide the ticket (catch it here). */
  events: (id: string) => Promise<E>;
  /** Sees a failure first (e.g. a lost staff session sends to the login page). */
  onError?: (error: unknown) => void;
}

/**
 * One ticket's page: the ticket and its history loaded together (again on pull-down), the error that
 * AsyncView shows (`notFound` when retrying cannot help), and `retry` for its button.
 */
export function useTicketDetail<E>(id: string, source: TicketDetailSource<E>) {
  const [ticket, setTicket] = useState<TicketView | null>(null);
  const [events, setEvents] = useState<E | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<{ message: string; notFound: boolean } | null>(null);
  const from = useRef(source);
  from.current = source;

  const load = useCallback(async (): Promise<TicketView | null> => {
    setError(null);
    try {
      const [t, ev] = await Promise.all([from.current.ticket(id), from.current.events(id)]);
      setTicket(t);
      setEvents(ev);
      return t;
    } catch (e) {
      from.current.onError?.(e);
      setError({ message: errorMessage(e), notFound: e instanceof ApiError && e.code === ErrorCode.TICKET_NOT_FOUND });
      return null;
    } finally {
      setLoading(false);
    }
  }, [id]);

  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  const retry = () => {
    setLoading(true);
    void load();
  };

  return { ticket, setTicket, events, loading, error, load, retry };
}
