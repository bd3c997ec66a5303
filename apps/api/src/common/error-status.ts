import { ErrorCode } from '@jyg12345/shared';

function assertUnreachable(x: never): never {
  throw new Error(`unmapped error code ${String(x)}`);
}

/** The only place an error code becomes an HTTP status. A new code that is not mapped does not compile. */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.VALIDATION_FAILED:
    case ErrorCode.UNKNOWN_FIELD:
    case ErrorCode.IDEMPOTENCY_KEY_INVALID:
    case ErrorCode.CURSOR_INVALID:
      return 400;
    case ErrorCode.UNAUTHENTICATED:
    case ErrorCode.TOKEN_INVALID:
    case ErrorCode.TOKEN_EXPIRED:
    case ErrorCode.INVALID_CREDENTIALS:
    case ErrorCode.WECHAT_CODE_INVALID:
    case ErrorCode.PROVINCE_SIGNATURE_INVALID:
    case ErrorCode.PROVINCE_TIMESTAMP_STALE:
    case ErrorCode.SESSION_REVOKED:
      return 401;
    case ErrorCode.FORBIDDEN:
    case ErrorCode.ACCOUNT_DISABLED:
    case ErrorCode.DEV_LOGIN_DISABLED:
      return 403;
    case ErrorCode.ROUTE_NOT_FOUND:
    case ErrorCode.TICKET_NOT_FOUND:
    case ErrorCode.UNIT_NOT_FOUND:
    case ErrorCode.STAFF_NOT_FOUND:
    case ErrorCode.CATEGORY_NOT_FOUND:
    case ErrorCode.KNOWLEDGE_NOT_FOUND:
    case ErrorCode.BOUNDARY_NOT_FOUND:
    case ErrorCode.ATTACHMENT_NOT_FOUND:
    case ErrorCode.OPEN311_KEY_NOT_FOUND:
    case ErrorCode.BULLETIN_NOT_FOUND:
    case ErrorCode.TOPIC_NOT_FOUND:
    case ErrorCode.RESIDENT_NOT_FOUND:
      return 404;
    case ErrorCode.REQUEST_TIMEOUT:
      return 408;
    case ErrorCode.USERNAME_TAKEN:
    case ErrorCode.UNIT_CODE_TAKEN:
    case ErrorCode.CATEGORY_CODE_TAKEN:
    case ErrorCode.UNIT_HAS_CHILDREN:
    case ErrorCode.IDEMPOTENCY_IN_PROGRESS:
    case ErrorCode.VERSION_CONFLICT:
    case ErrorCode.INVALID_TRANSITION:
    case ErrorCode.BULLETIN_ALREADY_PUBLISHED:
    case ErrorCode.TOPIC_STATE_INVALID:
      return 409;
    case ErrorCode.PAYLOAD_TOO_LARGE:
      return 413;
    case ErrorCode.URI_TOO_LONG:
      return 414;
    case ErrorCode.UNSUPPORTED_MEDIA_TYPE:
    case ErrorCode.ATTACHMENT_TYPE_UNSUPPORTED:
      return 415;
    case ErrorCode.IDEMPOTENCY_KEY_REUSED:
    case ErrorCode.ATTACHMENT_CORRUPT:
    case ErrorCode.ATTACHMENT_TOO_MANY_PIXELS:
      return 422;
    case ErrorCode.RATE_LIMITED:
    case ErrorCode.WECHAT_RATE_LIMITED:
      return 429;
    case ErrorCode.HEADERS_TOO_LARGE:
      return 431;
    case ErrorCode.INTERNAL_ERROR:
      return 500;
    case ErrorCode.WECHAT_UNAVAILABLE:
      return 502;
    case ErrorCode.DATABASE_UNAVAILABLE:
    case ErrorCode.PROVINCE_NOT_CONFIGURED:
      return 503;
    default:
      return assertUnreachable(code);
  }
}
