import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify from 'fastify';
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
  const security = await helmetHeaders(helmetOptions(config));
  const fastify = app.getHttpAdapter().getInstance();
  // One synchronous hook for every request (an async hook costs a promise and a tick per request; docs/performance.md).
  fastify.addHook('onRequest', (request, reply, done) => {
    // Set on the raw response, as helmet does: an answer written by any route or error path carries them.
    for (const [name, value] of security) reply.raw.setHeader(name, value);
    if (request.raw.url && request.raw.url.length > MAX_URL_LENGTH) {
      const code = ErrorCode.URI_TOO_LONG;
      void reply.status(414).send({ code, message: ERROR_MESSAGES_ZH[code], requestId: String(request.id) });
      return;
    }
    // Only JSON on the API (a form post from another site needs no CORS preflight); Open311 GeoReport v2 takes forms by its spec.
    const type = request.headers['content-type'];
    if (typeof type === 'string' && FORM.test(type) && !request.url.startsWith('/open311/')) {
      const code = ErrorCode.UNSUPPORTED_MEDIA_TYPE;
      void reply.status(415).send({ code, message: ERROR_MESSAGES_ZH[code], requestId: String(request.id) });
      return;
    }
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    // Answers carry personal data (tickets, staff, me); photos set their own private caching.
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}

const FORM = /^\s*application\/x-www-form-urlencoded/i;

function helmetOptions(config: AppConfig): FastifyHelmetOptions {
  return {
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
  };
}

/**
 * The headers helmet gives every answer with these options, computed once at start: @fastify/helmet builds
 * helmet's middleware anew (options checked, the CSP string assembled) in two hooks on every request, ~4 % of a
 * read's CPU. Asked of the plugin itself on a throwaway Fastify instance, so they are exactly what it sends.
 */
export async function helmetHeaders(options: FastifyHelmetOptions): Promise<[string, string][]> {
  const answer = async (withHelmet: boolean) => {
    const probe = Fastify({ logger: false });
    if (withHelmet) await probe.register(helmet, options);
    probe.get('/', (_req, reply) => void reply.send('ok'));
    try {
      return (await probe.inject({ method: 'GET', url: '/' })).headers;
    } finally {
      await probe.close();
    }
  };
  const plain = await answer(false);
  const secured = await answer(true);
  const headers: [string, string][] = [];
  for (const [name, value] of Object.entries(secured)) {
    if (name in plain || value === undefined) continue;
    headers.push([name, Array.isArray(value) ? value.join(', ') : String(value)]);
  }
  if (!headers.some(([name]) => name === 'content-security-policy')) throw new Error('helmet set no Content-Security-Policy');
  return headers;
}
