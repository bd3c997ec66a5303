import type { AuthResult, UserView } from '@jyg12345/shared';

/** The signed-in staff member, kept in sessionStorage so a reload stays signed in (a new tab signs in again). */
const KEY = 'jyg12345.console.session';

export interface Session {
  token: string;
  expiresAt: string;
  user: UserView;
}

let current: Session | null = read();
const listeners = new Set<() => void>();

function read(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    return new Date(s.expiresAt).getTime() > Date.now() ? s : null;
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  return current;
}

let expired = false;

/** True after a request found the session expired or revoked, until the next sign-in. */
export function sessionExpired(): boolean {
  return expired;
}

export function setSession(auth: AuthResult | null, reason?: 'expired'): void {
  expired = reason === 'expired';
  current = auth ? { token: auth.token, expiresAt: auth.expiresAt, user: auth.user } : null;
  if (current) sessionStorage.setItem(KEY, JSON.stringify(current));
  else sessionStorage.removeItem(KEY);
  listeners.forEach((l) => l());
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
