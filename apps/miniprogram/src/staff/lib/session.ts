import Taro from '@tarojs/taro';
import { ErrorCode, type AuthResult, type UserView } from '@jyg12345/shared';
import { ApiError } from '../../services/api-error';
import { request, upload, type RequestOptions, type UploadOptions } from '../../services/http';

/** Staff sign in with their own account; kept apart from the resident session (services/session.ts). */
const STAFF_SESSION_KEY = 'jyg12345.staff.session';

export interface StaffSession {
  token: string;
  expiresAt: string;
  user: UserView;
}

export const staffSession = {
  get(): StaffSession | null {
    const value: unknown = Taro.getStorageSync(STAFF_SESSION_KEY);
    if (typeof value !== 'object' || value === null) return null;
    const s = value as Partial<StaffSession>;
    if (typeof s.token !== 'string' || typeof s.expiresAt !== 'string' || !s.user) return null;
    if (Date.parse(s.expiresAt) <= Date.now()) return null;
    return s as StaffSession;
  },
  set(result: AuthResult): StaffSession {
    const session = { token: result.token, expiresAt: result.expiresAt, user: result.user };
    Taro.setStorageSync(STAFF_SESSION_KEY, session);
    return session;
  },
  clear(): void {
    Taro.removeStorageSync(STAFF_SESSION_KEY);
  },
};

export async function staffLogin(username: string, password: string): Promise<StaffSession> {
  const result = await request<AuthResult>('/auth/staff', { method: 'POST', body: { username, password }, auth: false });
  return staffSession.set(result);
}

/** Back to the staff login page (token missing or no longer accepted). Pages call it; the HTTP layer never navigates. */
export function toStaffLogin(): void {
  staffSession.clear();
  void Taro.redirectTo({ url: '/staff/login/index' });
}

/** Whether a caught error means the staff session is gone: the page then sends the user to log in. */
export function isSignedOut(error: unknown): boolean {
  return error instanceof ApiError && error.isUnauthenticated;
}

/** Runs a call with the staff token (never the resident's). A 401 ends the staff session and is rethrown. */
async function withStaffToken<T>(call: (token: string) => Promise<T>): Promise<T> {
  const session = staffSession.get();
  if (!session) throw new ApiError(ErrorCode.UNAUTHENTICATED, 401);
  try {
    return await call(session.token);
  } catch (error) {
    if (isSignedOut(error)) staffSession.clear();
    throw error;
  }
}

export function staffRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return withStaffToken((token) => request<T>(path, { ...options, token }));
}

/** A photo upload through the same HTTP module as every other call. */
export function staffUpload<T>(path: string, filePath: string, options: UploadOptions = {}): Promise<T> {
  return withStaffToken((token) => upload<T>(path, filePath, { ...options, token }));
}
