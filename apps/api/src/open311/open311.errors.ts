import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { ErrorCode } from '@jyg12345/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../common/app-error.js';
import { toErrorResponse } from '../common/exception.filter.js';
import { CONTENT_TYPES, formatOfUrl, render, XmlList } from './open311.format.js';

/** An error as GeoReport v2 words it: the HTTP status (400, 403, 404) and a description. */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
  ) {
    super(description);
    this.name = 'Open311Error';
  }
}

function describe(exception: unknown): { status: number; description: string; headers?: Record<string, string> } {
  if (exception instanceof Open311Error) return { status: exception.status, description: exception.description };
  if (exception instanceof AppError) {
    switch (exception.code) {
      case ErrorCode.VALIDATION_FAILED:
      case ErrorCode.UNKNOWN_FIELD: {
        const details = (exception.details ?? []).map((d) => `${d.path}: ${d.message}`).join('; ');
        return { status: 400, description: details ? `${exception.message}（${details}）` : exception.message };
      }
      case ErrorCode.IDEMPOTENCY_KEY_INVALID:
      case ErrorCode.IDEMPOTENCY_KEY_REUSED:
        return { status: 400, description: exception.message };
      default:
        break;
    }
  }
  const { status, body, headers } = toErrorResponse(exception);
  return { status, description: body.message, headers };
}

/** Every error of the /open311/v2 routes as `[{code, description}]` (JSON) or `<errors><error>…` (XML). */
@Catch()
export class Open311ExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Open311');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const { status, description, headers } = describe(exception);
    if (status >= 500) {
      this.logger.error({ reqId: request.id, err: exception instanceof Error ? { message: exception.message, stack: exception.stack } : exception }, 'open311 request failed');
    }
    const format = formatOfUrl(request.url);
    if (headers) void reply.headers(headers);
    void reply
      .status(status)
      .type(CONTENT_TYPES[format])
      .send(render(format, 'errors', new XmlList('error', [{ code: status, description }])));
  }
}
