import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { ConsoleLogger, type LogLevel, VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController } from 'fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/config.js';
import { withDtoSchemas } from './common/openapi.js';
import { bufferedLog } from './common/log-destination.js';
import { createValidationPipe } from './common/validation.js';
import { ensureMysqlDatabase } from './database/data-source.js';
import { OPEN311_PREFIX_EXCLUDE } from './open311/open311.module.js';
import { hardenHttp, requestIdOf, timeoutOptions } from './security/http-hardening.js';
import { SeedService } from './seed/seed.service.js';
import { serveConsole } from './console/console-static.js';

const NEST_LEVELS: Record<string, LogLevel[]> = {
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  trace: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
  silent: [],
};

/** Trust the nearest `hops` proxies' X-Forwarded-For entries. */
const hopsTrusted = (hops: number) => (_address: string, hop: number) => hop < hops;

/** Builds the whole application (used by main.ts and by the tests, which listen on a random port). */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  if (config.database.driver === 'mysql') await ensureMysqlDatabase(config.database.url);
  const logStream = config.logLevel === 'silent' ? null : bufferedLog();
  const adapter = new FastifyAdapter({
    // written in blocks of a few kilobytes, at most 250 ms late, not a write per line (common/log-destination.ts)
    logger: logStream ? { level: config.logLevel, stream: logStream } : false,
    // One access line per request (below), not Fastify's two ("incoming request", "request completed"): each line
    // is a write to stdout, and the pair cost ~5 % of a read's CPU (docs/performance.md).
    logController: new LogController({ disableRequestLogging: true }),
    // genReqId reads x-request-id itself and keeps it only when it is a plain token (docs/security.md).
    requestIdHeader: false,
    genReqId: requestIdOf,
    ...timeoutOptions(config),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: typeof config.trustProxy === 'number' ? hopsTrusted(config.trustProxy) : config.trustProxy,
    // @fastify/multipart, for photo uploads only (multipart/form-data); JSON bodies keep BODY_LIMIT_BYTES.
    multipart: { limits: { fileSize: config.attachments.maxBytes, files: 1, fields: 5, parts: 6, fieldSize: 1024, headerPairs: 100 } },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new ConsoleLogger({ json: true, logLevels: NEST_LEVELS[config.logLevel] ?? NEST_LEVELS.info }),
    abortOnError: false,
  });
  await hardenHttp(app, config);
  const fastify = app.getHttpAdapter().getInstance();
  if (logStream) {
    // Nest ends a SIGTERM by raising the signal again once the app is closed: no 'exit' event, so pino's own flush at
    // exit would not run and the lines still held would be lost.
    fastify.addHook('onClose', (_instance, done) => {
      try {
        logStream.flushSync();
      } catch {
        // not open yet, or already ended: nothing held
      }
      done();
    });
  }
  if (config.logLevel !== 'silent') {
    fastify.addHook('onResponse', (request, reply, done) => {
      // method, url, host, client address; status; ms: what the two lines said, with the request id
      request.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
      done();
    });
  }
  // callback-style hooks: an async hook costs a promise and a tick per request
  fastify.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('x-request-id', String(request.id));
    done(null, payload);
  });

  app.setGlobalPrefix('api', { exclude: [OPEN311_PREFIX_EXCLUDE] });
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
  app.enableShutdownHooks();
  app.useGlobalPipes(createValidationPipe());

  if (config.apiDocs) {
    const openapi = withDtoSchemas(SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('嘉峪关 12345 接诉即办 API')
        .setDescription('Errors are `{ code, message }`; codes are the ErrorCode enum in shared/.')
        .setVersion('1')
        .addBearerAuth()
        .build(),
    ));
    SwaggerModule.setup('api/docs', app, openapi, { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false });
  }

  if (fs.existsSync(path.join(config.h5Dir, 'index.html'))) {
    // wildcard: files of a rebuilt H5 bundle (new hashed names) are served without a restart.
    app.useStaticAssets({ root: config.h5Dir, prefix: '/', index: ['index.html'], maxAge: '1h', wildcard: true });
  } else {
    fastify.get('/', (_req, reply) => {
      void reply
        .type('text/html; charset=utf-8')
        .send('<!doctype html><meta charset="utf-8"><title>12345</title><p>小程序 H5 版本尚未构建：运行 <code>npm run build:h5 -w apps/miniprogram</code>。API 文档见 <a href="/api/docs">/api/docs</a>。</p>');
    });
  }
  serveConsole(fastify, config.consoleDir);
  await app.init();
  if (config.database.driver === 'sqlite') {
    // The embedded database is created and seeded on first start; seeding is idempotent afterwards.
    await app.get(SeedService).run({ demo: config.seedDemo });
  }
  return app;
}

