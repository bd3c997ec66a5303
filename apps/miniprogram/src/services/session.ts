import Taro from '@tarojs/taro';
import type { AuthResult, UserView } from '@jyg12345/shared';
import { ApiError, ClientErrorCode } from './api-error';
import { request } from './http';
import { tokenStore } from './token-store';
import { uuidv4 } from '../utils/uuid';

const DEVICE_OPENID_KEY = 'jyg12345.deviceOpenid';
const USER_KEY = 'jyg12345.user';

/** The demo identity of this browser (H5 only): one generated openid per device, kept in storage. */
export function deviceOpenid(): string {
  const stored: unknown = Taro.getStorageSync(DEVICE_OPENID_KEY);
  if (typeof stored === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(stored)) return stored;
  const openid = `h5-${uuidv4().replace(/-/g, '')}`;
  Taro.setStorageSync(DEVICE_OPENID_KEY, openid);
  return openid;
}

async function loginOnce(): Promise<AuthResult> {
  if (process.env.TARO_ENV === 'weapp') {
    let code: string;
    try {
      ({ code } = await Taro.login());
    } catch {
      throw new ApiError(ClientErrorCode.NETWORK_ERROR, 0);
    }
    return request<AuthResult>('/auth/wechat', { method: 'POST', body: { code }, auth: false });
  }
  return request<AuthResult>('/auth/dev', { method: 'POST', body: { openid: deviceOpenid() }, auth: false });
}

let pendingLogin: Promise<AuthResult> | null = null;

/** Logs in (concurrent callers share one attempt) and stores the token. */
export function login(): Promise<AuthResult> {
  pendingLogin ??= loginOnce()
    .then((result) => {
      tokenStore.set(result.token);
      Taro.setStorageSync(USER_KEY, result.user);
      return result;
    })
    .finally(() => {
      pendingLogin = null;
    });
  return pendingLogin;
}

export function currentUser(): UserView | null {
  const user: unknown = Taro.getStorageSync(USER_KEY);
  return typeof user === 'object' && user !== null && 'id' in user ? (user as UserView) : null;
}

/**
 * Runs an API call as the signed-in resident. This is the one place a 401 is handled: the token is dropped,
 * the app logs in again once and repeats the call. Anything else reaches the page as an ApiError.
 */
export async function authed<T>(call: () => Promise<T>): Promise<T> {
  if (!tokenStore.get()) await login();
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof ApiError) || !error.isUnauthenticated) throw error;
    tokenStore.clear();
    await login();
    return call();
  }
}
