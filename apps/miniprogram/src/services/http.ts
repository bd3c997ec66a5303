import Taro from '@tarojs/taro';
import { ApiError, ClientErrorCode, errorFromResponse } from './api-error';
import { tokenStore } from './token-store';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Query = Record<string, string | number | boolean | readonly string[] | undefined | null>;

export interface RequestOptions {
  method?: HttpMethod;
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send the stored bearer token (default true). */
  auth?: boolean;
  /** Send this bearer token instead of the stored one (staff calls carry their own session's). */
  token?: string;
  timeoutMs?: number;
}

export const API_PREFIX = '/api/v1';

/** '' in H5 (the API serves the app), the configured origin in weapp. */
export function apiBaseUrl(): string {
  return typeof __API_BASE_URL__ === 'string' ? __API_BASE_URL__.replace(/\/+$/, '') : '';
}

/**
 * An absolute address for a path the API handed out (photo URLs are relative and signed, so an <Image> loads
 * them without the Authorization header): weapp needs the API's origin in front, H5 on the API's origin does not.
 */
export function mediaUrl(pathOrUrl: string): string {
  return pathOrUrl.startsWith('/') ? `${apiBaseUrl()}${pathOrUrl}` : pathOrUrl;
}

export function buildUrl(path: string, query?: Query): string {
  const pairs: string[] = [];
  for (const [key, raw] of Object.entries(query ?? {})) {
    if (raw === undefined || raw === null) continue;
    const value = Array.isArray(raw) ? raw.join(',') : String(raw);
    if (Array.isArray(raw) && raw.length === 0) continue;
    pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  }
  return `${apiBaseUrl()}${API_PREFIX}${path}${pairs.length > 0 ? `?${pairs.join('&')}` : ''}`;
}

/**
 * The one way the app calls the API. Resolves with the parsed body of a 2xx answer; anything else rejects
 * with an ApiError. A 401 is only reported, never acted on here: services/session.ts re-logs in.
 */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', query, body, headers = {}, auth = true, timeoutMs = 15000 } = options;
  const header: Record<string, string> = { Accept: 'application/json', ...headers };
  if (body !== undefined) header['Content-Type'] = 'application/json';
  const token = bearerFor(auth, options.token);
  if (token) header.Authorization = `Bearer ${token}`;

  let response: Taro.request.SuccessCallbackResult<string | TaroGeneral.IAnyObject | ArrayBuffer>;
  try {
    response = await Taro.request({
      url: buildUrl(path, query),
      method,
      header,
      data: body as Taro.request.Option['data'],
      dataType: 'json',
      timeout: timeoutMs,
    });
  } catch {
    // Timeouts, DNS failures, offline: the server may or may not have seen the request.
    throw new ApiError(ClientErrorCode.NETWORK_ERROR, 0);
  }

  const { statusCode, data } = response;
  if (statusCode >= 200 && statusCode < 300) {
    return (statusCode === 204 ? undefined : data) as T;
  }
  throw errorFromResponse(statusCode, parseMaybeJson(data));
}

export interface UploadOptions {
  /** The multipart field (default `file`). */
  name?: string;
  onProgress?: (percent: number) => void;
  /** Lets the caller abort the transfer (e.g. the resident removed the photo); the promise then rejects. */
  onTask?: (abort: () => void) => void;
  timeoutMs?: number;
  /** Send this bearer token instead of the stored one. */
  token?: string;
}

function bearerFor(auth: boolean, token: string | undefined): string | null {
  if (token !== undefined) return token;
  return auth ? tokenStore.get() : null;
}

/**
 * Uploads a local file (weapp temp path, H5 blob: URL) as multipart/form-data with the stored bearer token.
 * Taro.request cannot send files, so this is the one caller of Taro.uploadFile; answers map to ApiError
 * exactly like request(), including a 401 left for services/session.ts.
 */
export async function upload<T>(path: string, filePath: string, options: UploadOptions = {}): Promise<T> {
  const { name = 'file', onProgress, onTask, timeoutMs = 60000 } = options;
  const header: Record<string, string> = { Accept: 'application/json' };
  const token = bearerFor(true, options.token);
  if (token) header.Authorization = `Bearer ${token}`;

  let response: Taro.uploadFile.SuccessCallbackResult;
  try {
    // withCredentials off: the token is the credential, and H5 may call an API on another origin.
    const task = Taro.uploadFile({ url: buildUrl(path), filePath, name, header, timeout: timeoutMs, withCredentials: false });
    if (onProgress && typeof task.progress === 'function') {
      void task.progress((p) => onProgress(Math.max(0, Math.min(100, p.progress))));
    }
    if (onTask && typeof task.abort === 'function') onTask(() => void task.abort());
    response = await task;
  } catch {
    throw new ApiError(ClientErrorCode.NETWORK_ERROR, 0);
  }

  const data = parseMaybeJson(response.data);
  if (response.statusCode >= 200 && response.statusCode < 300) {
    if (typeof data !== 'object' || data === null) throw new ApiError(ClientErrorCode.BAD_RESPONSE, response.statusCode);
    return data as T;
  }
  throw errorFromResponse(response.statusCode, data);
}

/**
 * Fetches an API file with the bearer token into a local file (weapp temp path, H5 blob: URL) an <Image> can
 * show: a restored draft's photos, whose own local files may be gone (H5 blob: URLs die with the page).
 */
export async function download(path: string, options: { token?: string; timeoutMs?: number } = {}): Promise<string> {
  const header: Record<string, string> = {};
  const token = bearerFor(true, options.token);
  if (token) header.Authorization = `Bearer ${token}`;
  let response: Taro.downloadFile.FileSuccessCallbackResult;
  try {
    response = await Taro.downloadFile({ url: buildUrl(path), header, timeout: options.timeoutMs ?? 15000 });
  } catch {
    throw new ApiError(ClientErrorCode.NETWORK_ERROR, 0);
  }
  if (response.statusCode >= 200 && response.statusCode < 300) return response.tempFilePath;
  throw errorFromResponse(response.statusCode, null);
}

function parseMaybeJson(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}
