import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { ApiErrorBody } from '@jyg12345/shared';
import { ERROR_MESSAGES_ZH, ErrorCode } from '@jyg12345/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './app-error.js';
import { isDatabaseUnavailable } from '../database/db-errors.js';
import { httpStatusOf } from './error-status.js';

/** Errors raised by Fastify itself (body parsing, limits) before a route runs. */
function fromFastifyError(err: { code?: string; statusCode?: number }): ErrorCode | null {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return ErrorCode.PAYLOAD_TOO_LARGE;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return ErrorCode.UNSUPPORTED_MEDIA_TYPE;
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_TYPE':
    case 'FST_ERR_CTP_INVALID_TYPE':
      return ErrorCode.VALIDATION_FAILED;
    default:
      break;
  }
  if (err.statusCode === 400 && err.code?.startsWith('FST_')) return ErrorCode.VALIDATION_FAILED;
  return null;
}

export function toErrorResponse(exception: unknown): { status: number; body: ApiErrorBody; headers?: Record<string, string> } {
  if (exception instanceof AppError) {
    const body: ApiErrorBody = { code: exception.code, message: exception.message };
    if (exception.details) body.details = exception.details;
    return { status: httpStatusOf(exception.code), body, headers: exception.headers };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code =
      status === 404
        ? ErrorCode.ROUTE_NOT_FOUND
        : status === 413
          ? ErrorCode.PAYLOAD_TOO_LARGE
          : status === 415
            ? ErrorCode.UNSUPPORTED_MEDIA_TYPE
            : status >= 400 && status < 500
              ? ErrorCode.VALIDATION_FAILED
              : ErrorCode.INTERNAL_ERROR;
    return { status: httpStatusOf(code), body: { code, message: ERROR_MESSAGES_ZH[code] } };
  }
  const fst = typeof exception === 'object' && exception !== null ? fromFastifyError(exception as { code?: string }) : null;
  if (fst) return { status: httpStatusOf(fst), body: { code: fst, message: ERROR_MESSAGES_ZH[fst] } };
  if (isDatabaseUnavailable(exception)) {
    const code = ErrorCode.DATABASE_UNAVAILABLE;
    return { status: httpStatusOf(code), body: { code, message: ERROR_MESSAGES_ZH[code] }, headers: { 'retry-after': '2' } };
  }
  const code = ErrorCode.INTERNAL_ERROR;
  return { status: 500, body: { code, message: ERROR_MESSAGES_ZH[code] } };
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const { status, body, headers } = toErrorResponse(exception);
    if (status >= 500) {
      this.logger.error({ reqId: request.id, err: exception instanceof Error ? { message: exception.message, stack: exception.stack } : exception }, 'request failed');
    }
    body.requestId = String(request.id);
    if (headers) void reply.headers(headers);
    void reply.status(status).send(body);
  }
}
