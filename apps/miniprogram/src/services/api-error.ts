import { ERROR_MESSAGES_ZH, ErrorCode, type ApiErrorBody } from '@jyg12345/shared';

/** Failures that never reached an API answer: the client names them itself. */
export const ClientErrorCode = {
  NETWORK_ERROR: 'NETWORK_ERROR',
  BAD_RESPONSE: 'BAD_RESPONSE',
} as const;
export type ClientErrorCode = (typeof ClientErrorCode)[keyof typeof ClientErrorCode];

export type ApiErrorCode = ErrorCode | ClientErrorCode;

const CLIENT_MESSAGES_ZH: Record<ClientErrorCode, string> = {
  NETWORK_ERROR: '网络不给力，请检查网络后重试',
  BAD_RESPONSE: '服务暂时不可用，请稍后再试',
};

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

/** Every failed API call ends as one of these; pages branch on `code`, never on message text. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  /** HTTP status; 0 when the request never got an answer. */
  readonly status: number;
  readonly details: ApiErrorBody['details'];

  constructor(code: ApiErrorCode, status: number, message?: string, details?: ApiErrorBody['details']) {
    super(message ?? messageFor(code));
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
  }

  /** Whether the server may have acted on the request: the outcome is unknown, a retry must be idempotent. */
  get outcomeUnknown(): boolean {
    return this.status === 0 || this.status >= 500 || this.code === ErrorCode.IDEMPOTENCY_IN_PROGRESS;
  }

  get isUnauthenticated(): boolean {
    return this.status === 401;
  }
}

export function messageFor(code: ApiErrorCode): string {
  if (code in CLIENT_MESSAGES_ZH) return CLIENT_MESSAGES_ZH[code as ClientErrorCode];
  return ERROR_MESSAGES_ZH[code as ErrorCode] ?? CLIENT_MESSAGES_ZH.BAD_RESPONSE;
}

function isErrorBody(data: unknown): data is ApiErrorBody {
  return typeof data === 'object' && data !== null && typeof (data as { code?: unknown }).code === 'string';
}

/** Maps a non-2xx answer to an ApiError with the Chinese message for its code (the server's text is for logs). */
export function errorFromResponse(status: number, data: unknown): ApiError {
  if (isErrorBody(data) && KNOWN_CODES.has(data.code)) {
    return new ApiError(data.code, status, messageFor(data.code), data.details);
  }
  if (status === 401) return new ApiError(ErrorCode.UNAUTHENTICATED, status);
  if (status === 404) return new ApiError(ErrorCode.ROUTE_NOT_FOUND, status);
  // A proxy or the body limit may refuse a large upload before the API can answer with its JSON.
  if (status === 413) return new ApiError(ErrorCode.PAYLOAD_TOO_LARGE, status);
  if (status === 429) return new ApiError(ErrorCode.RATE_LIMITED, status);
  if (status >= 500) return new ApiError(ErrorCode.INTERNAL_ERROR, status);
  return new ApiError(ClientErrorCode.BAD_RESPONSE, status);
}
