// Two floors, measured in the same run as the API, each doing the minimal work over HTTP on the API's own database
// with nothing of ours between a request and the database (no authentication, validation, idempotency, logs or
// limits): what the API adds to them is its own cost.
//   nest     Nest 12, TypeORM and Fastify as the API uses them, on the API's own entities (issue 18: "ahead of the
//            bare Nest app"). Filing: a ticket row and its event row in one TypeORM transaction, inserts without
//            read-back; reading: the repository's findOneBy.
//   fastify  Fastify and a mysql2 pool of 10, hand-written: the minimal work's own functions (lib.mjs) behind an
//            HTTP route, the least any HTTP API on this database can do.
// Routes: POST /bare/tickets (body: the appeal and residentId), GET /bare/tickets/:id; the Fastify app also serves
// a unit's queue by deadline, bench:reads' minimal statement for it: GET /bare/units/:ids/queue?status=….
// `startBareApp(kind, dbUrl, port)` runs one as a child process (its CPU measured like the API's);
// `node bench/bare-apps.mjs nest|fastify` with DATABASE_URL and PORT serves it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ulid } from 'ulid';
import { MINIMAL_POOL, minimalFile, minimalRead, pool, startListening, unitQueuePage } from './lib.mjs';

const HERE = fileURLToPath(import.meta.url);
export const BARE_APPS = { nest: 'bare Nest app', fastify: 'bare Fastify + mysql2' };

/** The minimal filing's ticket row for an appeal (the columns minimalFile in lib.mjs writes). */
function ticketRow(body, number, now) {
  return {
    id: ulid(),
    number,
    status: 'submitted',
    version: 1,
    channel: 'miniprogram',
    type: body.type,
    description: body.description,
    lat: body.location.lat,
    lng: body.location.lng,
    coordSystem: body.location.coordSystem,
    address: body.location.address,
    confidential: body.confidential,
    residentId: body.residentId,
    createdAt: now,
    updatedAt: now,
    urgent: false,
    urgeCount: 0,
    extensionDays: 0,
    outsideArea: false,
    wgs84Lat: 39.8,
    wgs84Lng: 98.28,
  };
}
const eventRow = (ticket) => ({
  id: ulid(),
  ticketId: ticket.id,
  action: 'submit',
  fromStatus: null,
  toStatus: 'submitted',
  actorId: ticket.residentId,
  actorRole: 'resident',
  createdAt: ticket.createdAt,
});

async function serveNest() {
  await import('reflect-metadata');
  const { Body, Controller, Get, HttpCode, Inject, Module, NotFoundException, Param, Post } = await import('@nestjs/common');
  const { NestFactory } = await import('@nestjs/core');
  const { FastifyAdapter } = await import('@nestjs/platform-fastify');
  const { TypeOrmModule } = await import('@nestjs/typeorm');
  const { DataSource } = await import('typeorm');
  const { TicketEntity, TicketEventEntity } = await import('../apps/api/dist/database/entities.js');
  const run = Date.now().toString(36).slice(-8);
  let seq = 0;

  class BareTickets {
    constructor(db) {
      this.db = db;
    }

    async file(body) {
      const ticket = ticketRow(body, `B${run}${String(seq++).padStart(9, '0')}`, new Date());
      await this.db.transaction(async (m) => {
        // updateEntity(false): no read-back of generated columns, the fastest TypeORM insert there is
        await m.createQueryBuilder().insert().into(TicketEntity).values(ticket).updateEntity(false).execute();
        await m.createQueryBuilder().insert().into(TicketEventEntity).values(eventRow(ticket)).updateEntity(false).execute();
      });
      return { id: ticket.id };
    }

    async get(id) {
      const ticket = await this.db.getRepository(TicketEntity).findOneBy({ id });
      if (!ticket) throw new NotFoundException();
      return ticket;
    }
  }
  Inject(DataSource)(BareTickets, undefined, 0);
  Body()(BareTickets.prototype, 'file', 0);
  Param('id')(BareTickets.prototype, 'get', 0);
  const method = (name) => Object.getOwnPropertyDescriptor(BareTickets.prototype, name);
  Reflect.decorate([Post('tickets'), HttpCode(201)], BareTickets.prototype, 'file', method('file'));
  Reflect.decorate([Get('tickets/:id')], BareTickets.prototype, 'get', method('get'));
  Controller('bare')(BareTickets);

  class BareModule {}
  Module({
    imports: [
      TypeOrmModule.forRoot({
        type: 'mysql',
        url: process.env.DATABASE_URL,
        entities: [TicketEntity, TicketEventEntity],
        timezone: 'Z',
        charset: 'utf8mb4_unicode_ci',
        poolSize: 10, // the API's default DATABASE_POOL_SIZE
        synchronize: false,
      }),
    ],
    controllers: [BareTickets],
  })(BareModule);

  const app = await NestFactory.create(BareModule, new FastifyAdapter(), { logger: ['error', 'warn'] });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}

async function serveFastify() {
  const { default: Fastify } = await import('fastify');
  const p = pool(process.env.DATABASE_URL, MINIMAL_POOL);
  // the minimal work's own functions, whose numbers start M; F keeps these apart from the bench's own
  const run = `F${Date.now().toString(36).slice(-7)}`;
  let seq = 0;
  const app = Fastify();
  app.post('/bare/tickets', async (req, reply) => {
    const id = await minimalFile(p, req.body.residentId, run, seq++);
    reply.code(201);
    return { id };
  });
  app.get('/bare/tickets/:id', async (req, reply) => {
    const row = await minimalRead(p, req.params.id);
    if (!row) reply.code(404);
    return row ?? { message: 'Not Found' };
  });
  // a unit's queue by deadline, bench:reads' minimal statement (units comma-separated)
  app.get('/bare/units/:ids/queue', async (req) => await unitQueuePage(p, req.params.ids.split(','), String(req.query.status).split(',')));
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
}

/** A bare app on a loopback port against dbUrl, as a child process: { label, base, pid, stop() }. */
export async function startBareApp(kind, dbUrl, port) {
  if (!BARE_APPS[kind]) throw new Error(`no bare app ${kind}`);
  const env = { PATH: process.env.PATH, NODE_ENV: 'production', DATABASE_URL: dbUrl, PORT: String(port) };
  const child = await startListening(BARE_APPS[kind], [HERE, kind], env, fs.mkdtempSync(path.join(os.tmpdir(), 'jyg-bare-')));
  return { label: BARE_APPS[kind], base: `http://127.0.0.1:${port}`, ...child };
}

if (process.argv[1] === HERE) {
  const kind = process.argv[2];
  if (kind === 'nest') await serveNest();
  else if (kind === 'fastify') await serveFastify();
  else throw new Error(`usage: node bench/bare-apps.mjs ${Object.keys(BARE_APPS).join('|')}`);
  console.log(`${BARE_APPS[kind]} listening on ${process.env.PORT}`);
}
