import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AuthResult } from '@jyg12345/shared';
import type { AddressInfo } from 'node:net';
import { DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { createApp } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/config.js';
import { TicketEntity } from '../../src/database/entities.js';
import { SeedService } from '../../src/seed/seed.service.js';
import { type FakeWechat, startFakeWechat } from './fake-wechat.js';

export const DEMO_PASSWORD = 'Test-Demo-Password-1';
export const WECHAT = { appId: 'wx-test-appid', secret: 'wx-test-secret' };

export interface TestApp {
  app: NestFastifyApplication;
  baseUrl: string;
  db: DataSource;
  wechat: FakeWechat;
  driver: 'mysql' | 'sqlite';
  dbEnv: Record<string, string>;
  request(method: string, url: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string }): Promise<TestResponse>;
  login(username: string): Promise<AuthResult>;
  resident(openid: string): Promise<AuthResult>;
  count(entity: EntityTarget<ObjectLiteral>): Promise<number>;
  close(): Promise<void>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  body: any;
}

/** A fetch response with its body read: parsed when it is JSON, else the text (null when empty). */
export async function asTestResponse(res: Response): Promise<TestResponse> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, body };
}

/** POST a workflow action on a ticket at its current version (read from the database, as a client would have it). */
export async function tryAction(
  t: TestApp,
  token: string,
  id: string,
  action: string,
  body: Record<string, unknown> = {},
  headers?: Record<string, string>,
): Promise<TestResponse> {
  const { version } = await t.db.getRepository(TicketEntity).findOneByOrFail({ id });
  return t.request('POST', `/api/v1/tickets/${id}/actions/${action}`, { token, body: { version, ...body }, headers });
}

/** The same, as set-up: the action must succeed; the ticket view it answers. */
export async function act(t: TestApp, token: string, id: string, action: string, body: Record<string, unknown> = {}): Promise<any> {
  const res = await tryAction(t, token, id, action, body);
  if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * The whole API on a real HTTP port against a real database of its own: a fresh MariaDB/MySQL database when
 * TEST_DATABASE_URL is set (e.g. mysql://root@127.0.0.1:3306), else a fresh embedded SQLite file.
 */
export async function startTestApp(env: Record<string, string> = {}, shareDatabaseWith?: TestApp): Promise<TestApp> {
  const wechat = await startFakeWechat(WECHAT);
  // A second API process on the same database leaves dropping it to the first.
  const base = shareDatabaseWith ? undefined : process.env.TEST_DATABASE_URL;
  const name = `jyg_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jyg-'));
  const dbEnv = shareDatabaseWith
    ? shareDatabaseWith.dbEnv
    : base
      ? { DATABASE_URL: `${base.replace(/\/+$/, '')}/${name}` }
      : { SQLITE_PATH: path.join(tmp, 'test.sqlite') };
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PASSWORD_SCRYPT_COST: '1024',
    AUTH_DEV_LOGIN: 'true',
    SEED_DEMO: 'true',
    DEMO_PASSWORD,
    TOKEN_SECRET: 'test-secret-test-secret-test-secret-0123',
    SCAN_INTERVAL_MS: '0',
    ATTACHMENT_SWEEP_INTERVAL_MS: '0',
    NOTIFY_INTERVAL_MS: '0',
    WECHAT_TEMPLATE_STATUS: 'tmpl-status',
    WECHAT_TEMPLATE_TASK: 'tmpl-task',
    WECHAT_API_BASE: wechat.baseUrl,
    WECHAT_APPID: WECHAT.appId,
    WECHAT_SECRET: WECHAT.secret,
    H5_DIR: path.join(tmp, 'no-h5'),
    ATTACHMENTS_DIR: path.join(tmp, 'attachments'),
    // The tests stand in for a reverse proxy: they set X-Forwarded-For to play clients at several addresses.
    TRUST_PROXY: 'true',
    // Generous limits, so no test is throttled by accident (rate-limit.test.ts sets small ones).
    RATE_LIMIT_LOGIN_PER_MIN: '100000',
    RATE_LIMIT_FILE_PER_HOUR: '100000',
    RATE_LIMIT_UPLOAD_PER_HOUR: '100000',
    ...dbEnv,
    ...env,
  });
  const app = await createApp(config);
  if (config.database.driver === 'mysql' && !shareDatabaseWith) await app.get(SeedService).run({ demo: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const db = app.get(DataSource);

  const request: TestApp['request'] = async (method, url, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let payload: string | undefined = opts.raw;
    if (opts.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      payload = JSON.stringify(opts.body);
    }
    return asTestResponse(await fetch(`${baseUrl}${url}`, { method, headers, body: payload }));
  };

  const login = async (username: string) => {
    const res = await request('POST', '/api/v1/auth/staff', { body: { username, password: DEMO_PASSWORD } });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as AuthResult;
  };
  const resident = async (openid: string) => {
    const res = await request('POST', '/api/v1/auth/dev', { body: { openid } });
    if (res.status !== 200) throw new Error(`dev login ${openid}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as AuthResult;
  };

  return {
    app,
    baseUrl,
    db,
    wechat,
    driver: config.database.driver,
    dbEnv,
    request,
    login,
    resident,
    count: (entity) => db.getRepository(entity).count(),
    async close() {
      // A test may have closed the data source on purpose; the app still has to let go of its port.
      await app.close().catch(() => undefined);
      await wechat.close();
      if (base) {
        const mysql = await import('mysql2/promise');
        const conn = await mysql.createConnection({ uri: base });
        await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
        await conn.end();
      }
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
