import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The console's build at /console: its files as they are, and index.html for every other path under it, so a
 * deep link (/console/tickets/…) or a reload lands in the app, whose router takes over. Files are listed at
 * start (no wildcard) so the catch-all route can exist next to them; a rebuilt console needs a restart.
 */
export function serveConsole(fastify: FastifyInstance, dir: string): void {
  const indexFile = path.join(dir, 'index.html');
  if (!fs.existsSync(indexFile)) {
    fastify.get('/console', (_req, reply) => {
      void reply
        .type('text/html; charset=utf-8')
        .send('<!doctype html><meta charset="utf-8"><title>12345 工作台</title><p>工作台尚未构建：运行 <code>npm run build:console</code>。</p>');
    });
    return;
  }
  void fastify.register(fastifyStatic, {
    root: dir,
    prefix: '/console/',
    wildcard: false,
    index: false,
    decorateReply: false,
    // Hashed file names under assets/ never change; index.html is read fresh on every request below.
    maxAge: '365d',
    immutable: true,
  });
  const sendIndex = (req: FastifyRequest, reply: FastifyReply) => {
    // A missing bundle file is a 404, not the app's page (a stale tab asking for an old chunk).
    if (req.url.startsWith('/console/assets/')) return void reply.code(404).type('text/plain; charset=utf-8').send('Not Found');
    void reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(fs.readFileSync(indexFile, 'utf8'));
  };
  fastify.get('/console', sendIndex);
  fastify.get('/console/*', sendIndex);
}
