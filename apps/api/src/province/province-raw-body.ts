import { PassThrough, Readable } from 'node:stream';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

export const PROVINCE_TICKETS_ROUTE = '/api/v1/province/tickets';

/** What was read so far followed by the rest of the request, for Fastify's own body limit to refuse. */
function replay(read: Buffer[], rest: NodeJS.ReadableStream): PassThrough {
  const out = new PassThrough();
  for (const chunk of read) out.write(chunk);
  rest.on('error', (err) => out.destroy(err));
  out.on('close', () => rest.unpipe(out));
  rest.pipe(out);
  return out;
}

export type RequestWithRawBody = FastifyRequest & { provinceRawBody?: Buffer };

/**
 * The platform signs the bytes it sent, so the forward route needs them as received, before JSON parsing. Only
 * that route keeps a copy; every other body is parsed as before.
 */
@Injectable()
export class ProvinceRawBody implements OnModuleInit {
  constructor(
    private readonly host: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    // The seed and CLI scripts run the application without an HTTP server.
    if (!this.host.httpAdapter) return;
    const fastify = this.host.httpAdapter.getInstance<FastifyInstance>();
    const limit = this.config.bodyLimitBytes;
    fastify.addHook('preParsing', async (request: RequestWithRawBody, _reply, payload) => {
      if (request.routeOptions.url !== PROVINCE_TICKETS_ROUTE) return payload;
      // Too large by its header: Fastify's parser refuses it with 413 as on every route, without reading it.
      if (Number(request.headers['content-length']) > limit) return payload;
      const chunks: Buffer[] = [];
      // Listeners, not `for await`: leaving an async iterator early destroys the request stream.
      const complete = await new Promise<boolean>((resolve, reject) => {
        let size = 0;
        const stop = () => {
          payload.off('data', onData);
          payload.off('end', onEnd);
          payload.off('error', onError);
        };
        const onData = (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size > limit) {
            stop();
            payload.pause();
            resolve(false);
          }
        };
        const onEnd = () => {
          stop();
          resolve(true);
        };
        const onError = (err: Error) => {
          stop();
          reject(err);
        };
        payload.on('data', onData);
        payload.on('end', onEnd);
        payload.on('error', onError);
      });
      // Too large as it streamed in: hand Fastify what was read and the rest, and let it refuse it likewise.
      if (!complete) return replay(chunks, payload);
      const raw = Buffer.concat(chunks);
      request.provinceRawBody = raw;
      return Object.assign(Readable.from([raw]), { receivedEncodedLength: raw.length });
    });
  }
}
