import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ERROR_MESSAGES_ZH, ErrorCode } from '@jyg12345/shared';
import type { AppConfig } from '../config/config.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** Longer request targets answer 414 (Node itself answers 431 past its 16 KB header limit, request line included). */
export const MAX_URL_LENGTH = 4096;

/** A client's own x-request-id when it is a plain token, else a fresh one: nothing a client chooses reaches the logs raw. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/** Fastify server options bounding how long a slow client may hold a connection (docs/security.md). */
export function timeoutOptions(config: AppConfig) {
  const t = config.httpTimeouts;
  return {
    requestTimeout: t.requestMs,
    connectionTimeout: t.idleMs,
    keepAliveTimeout: t.keepAliveMs,
    // Node checks request and header deadlines on this period (default 30 s, which would make them that coarse).
    http: { headersTimeout: t.headersMs, connectionsCheckingInterval: Math.min(1000, t.headersMs) },
    clientErrorHandler: answerClientError,
  };
}

/** Errors Node raises before Fastify sees a request (timeouts, oversized headers): answered in the `{code, message}` shape. */
function answerClientError(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const code =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? ErrorCode.REQUEST_TIMEOUT
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? ErrorCode.HEADERS_TOO_LARGE
        : ErrorCode.VALIDATION_FAILED;
  const status = code === ErrorCode.REQUEST_TIMEOUT ? '408 Request Timeout' : code === ErrorCode.HEADERS_TOO_LARGE ? '431 Request Header Fields Too Large' : '400 Bad Request';
  const body = JSON.stringify({ code, message: ERROR_MESSAGES_ZH[code] });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * Security headers (helmet), `Cache-Control: no-store` on API answers, and 414 for overlong URLs.
 * The CSP fits what is served here: the H5 app at `/` and the console at `/console` (bundles from 'self'; styles
 * injected at run time by Taro and antd need 'unsafe-inline' for styles only), photos as data:/blob: previews, and
 * the Tencent map picker that Taro's H5 chooseLocation opens in an iframe.
 */
export async function hardenHttp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        // Taro H5 reads a chosen photo back from its blob: URL before uploading it.
        connectSrc: ["'self'", 'blob:', 'data:'],
        frameSrc: ['https://apis.map.qq.com'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: config.hsts ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginResourcePolicy: { policy: 'same-site' },
    crossOriginEmbedderPolicy: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.raw.url && request.raw.url.length > MAX_URL_LENGTH) {
      const code = ErrorCode.URI_TOO_LONG;
      await reply.status(414).send({ code, message: ERROR_MESSAGES_ZH[code], requestId: String(request.id) });
      return reply;
    }
    return undefined;
  });
  // Only JSON on the API (a form post from another site needs no CORS preflight); Open311 GeoReport v2 takes forms by its spec.
  fastify.addHook('onRequest', async (request, reply) => {
    const type = request.headers['content-type'];
    if (typeof type === 'string' && /^\s*application\/x-www-form-urlencoded/i.test(type) && !request.url.startsWith('/open311/')) {
      const code = ErrorCode.UNSUPPORTED_MEDIA_TYPE;
      await reply.status(415).send({ code, message: ERROR_MESSAGES_ZH[code], requestId: String(request.id) });
      return reply;
    }
    return undefined;
  });
  fastify.addHook('onSend', async (request, reply) => {
    // Answers carry personal data (tickets, staff, me); photos set their own private caching.
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
  });
}
