import { type ApiErrorBody, ERROR_MESSAGES_ZH, ErrorCode } from '@jyg12345/shared';
import { getSession } from './session';

/** Every failed request: the API's code (clients branch on it, never on text), its field details and a zh-CN message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: { path: string; message: string }[] = [],
  ) {
    super(message);
  }

  /** The message for one form field (`path` as the API reports it, e.g. `contact.phone`). */
  fieldMessage(path: string): string | undefined {
    const detail = this.details.find((d) => d.path === path || d.path.endsWith(`.${path}`));
    if (!detail) return undefined;
    // Older (zod) endpoints still answer in English; the console shows Chinese whatever the API said.
    return /[\u4e00-\u9fff]/.test(detail.message) ? detail.message : '此项填写有误，请检查';
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

/** Codes that mean "sign in again": handled once, at app level (see App.tsx), never inside a request. */
export const SESSION_CODES: ReadonlySet<ErrorCode> = new Set([ErrorCode.UNAUTHENTICATED, ErrorCode.TOKEN_EXPIRED, ErrorCode.TOKEN_INVALID]);

const unauthorizedListeners = new Set<() => void>();
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export function messageOf(error: unknown): string {
  if (isApiError(error)) return error.message;
  return '网络连接失败，请检查网络后重试';
}

type Query = Record<string, string | number | boolean | undefined | null>;

function queryString(q?: Query): string {
  if (!q) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

export async function request<T>(method: string, path: string, options: { body?: unknown; query?: Query; headers?: Record<string, string> } = {}): Promise<T> {
  const session = getSession();
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (session) headers.authorization = `Bearer ${session.token}`;
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}${queryString(options.query)}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, ErrorCode.INTERNAL_ERROR, '网络连接失败，请检查网络后重试');
  }
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const body = data as Partial<ApiErrorBody> | undefined;
    const code = body?.code && body.code in ERROR_MESSAGES_ZH ? body.code : ErrorCode.INTERNAL_ERROR;
    const error = new ApiError(res.status, code, body?.message || ERROR_MESSAGES_ZH[code], body?.details ?? []);
    if (SESSION_CODES.has(code)) unauthorizedListeners.forEach((l) => l());
    throw error;
  }
  return data as T;
}

export const http = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) => request<T>('POST', path, { body: body ?? {}, headers }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body: body ?? {} }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body: body ?? {} }),
  delete: <T>(path: string) => request<T>('DELETE', path),
};
