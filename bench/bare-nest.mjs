// The framework's floor, measured in the same run as the API (issue 18: "ahead of the bare Nest app"): Nest,
// TypeORM and Fastify as the API uses them, with nothing of ours between a request and the database. Two routes
// doing the minimal work over HTTP, on the API's own entities and database:
//   POST /bare/tickets  a ticket row and its event row in one TypeORM transaction (the minimal filing's rows)
//   GET /bare/tickets/:id  the ticket by primary key through TypeORM's repository, answered as JSON
// No authentication, validation, idempotency, logging or rate limits: what the API adds to this is its own cost.
// `startBareNest(dbUrl)` runs it as a child process (its CPU measured like the API's); `node bench/bare-nest.mjs`
// with DATABASE_URL and PORT serves it.
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Body, Controller, Get, HttpCode, Inject, Module, NotFoundException, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ulid } from 'ulid';

const HERE = fileURLToPath(import.meta.url);

async function serve() {
  const { TicketEntity, TicketEventEntity } = await import('../apps/api/dist/database/entities.js');
  let seq = 0;
  const run = Date.now().toString(36).slice(-8);

  class BareTickets {
    constructor(db) {
      this.db = db;
    }

    async file(body) {
      const now = new Date();
      const id = ulid();
      await this.db.transaction(async (m) => {
        // updateEntity(false): no read-back of generated columns, the fastest TypeORM insert there is
        await m
          .createQueryBuilder()
          .insert()
          .into(TicketEntity)
          .values({
            id,
            number: `B${run}${String(seq++).padStart(9, '0')}`,
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
          })
          .updateEntity(false)
          .execute();
        await m
          .createQueryBuilder()
          .insert()
          .into(TicketEventEntity)
          .values({ id: ulid(), ticketId: id, action: 'submit', fromStatus: null, toStatus: 'submitted', actorId: body.residentId, actorRole: 'resident', createdAt: now })
          .updateEntity(false)
          .execute();
      });
      return { id };
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
  console.log('bare Nest app listening on', process.env.PORT);
}

/** The bare app on a free loopback port against dbUrl, as a child process: { base, pid, stop() }. */
export async function startBareNest(dbUrl, port) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jyg-bare-'));
  const logFile = path.join(tmp, 'bare.log');
  const logFd = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, [HERE], {
    env: { PATH: process.env.PATH, NODE_ENV: 'production', DATABASE_URL: dbUrl, PORT: String(port) },
    stdio: ['ignore', logFd, logFd],
  });
  fs.closeSync(logFd);
  const out = () => fs.readFileSync(logFile, 'utf8');
  const exited = new Promise((r) => child.on('exit', r));
  process.on('exit', () => child.kill('SIGKILL'));
  const deadline = Date.now() + 60_000;
  while (!/listening on/.test(out())) {
    if (child.exitCode !== null) throw new Error(`bare Nest app exited:\n${out()}`);
    if (Date.now() > deadline) throw new Error(`bare Nest app did not start:\n${out()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base: `http://127.0.0.1:${port}`,
    pid: child.pid,
    async stop() {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}

if (process.argv[1] === HERE) await serve();
