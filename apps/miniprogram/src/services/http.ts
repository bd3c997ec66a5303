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
  timeoutMs?: number;
}

export const API_PREFIX = '/api/v1';

/** '' in H5 (the API serves the app), the configured origin in weapp. */
export function apiBaseUrl(): string {
  return typeof __API_BASE_URL__ === 'string' ? __API_BASE_URL__.replace(/\/+$/, '') : '';
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
  if (auth) {
    const token = tokenStore.get();
    if (token) header.Authorization = `Bearer ${token}`;
  }

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

function parseMaybeJson(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}
