import { useMemo, useSyncExternalStore } from 'react';
import { accessOf } from '../access';
import { getSession, subscribeSession } from '../services/session';

export function useSession() {
  return useSyncExternalStore(subscribeSession, getSession);
}

export function useAccess() {
  const session = useSession();
  return useMemo(() => accessOf(session?.user ?? null), [session]);
}
