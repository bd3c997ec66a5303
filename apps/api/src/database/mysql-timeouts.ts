// Bounds on how long the API waits for MySQL/MariaDB, for a server that stops answering without closing the
// connection (process frozen, network black-holed). TypeORM applies the statement timeout itself
// (`enableQueryTimeout` + `maxQueryExecutionTime` → mysql2's per-query `timeout`, on every query of every query
// runner, transactions included); what it does not do is below.
import { Logger as NestLogger } from '@nestjs/common';
import mysql, { type Pool, type PoolConnection, type PoolOptions } from 'mysql2';
import {
  type AfterQueryEvent,
  type EntitySubscriberInterface,
  EventSubscriber,
  type Logger,
  type MigrationInterface,
  type QueryRunner,
} from 'typeorm';
import { isQueryTimeout } from './db-errors.js';
import { refuseSeveralStatements } from './one-statement.js';

/**
 * mysql2 with a bounded wait for a pooled connection. mysql2's pool ignores TypeORM's `acquireTimeout` and queues
 * callers for as long as it takes; with the database frozen, every connection is stuck in a statement or a
 * handshake and the queue only grows.
 */
export function mysqlWithAcquireTimeout(acquireTimeoutMs: number): typeof mysql {
  return Object.assign(Object.create(mysql) as typeof mysql, {
    createPool(options: PoolOptions): Pool {
      return boundAcquireWait(mysql.createPool(options), acquireTimeoutMs);
    },
  });
}

function boundAcquireWait(pool: Pool, acquireTimeoutMs: number): Pool {
  const getConnection = pool.getConnection.bind(pool);
  pool.getConnection = (callback) => {
    let waiting = true;
    const timer = setTimeout(() => {
      waiting = false;
      const err = Object.assign(new Error(`no database connection within ${acquireTimeoutMs} ms`), { code: 'POOL_ACQUIRE_TIMEOUT' });
      callback(err, undefined as unknown as PoolConnection);
    }, acquireTimeoutMs);
    getConnection((err, connection) => {
      if (!waiting) {
        // The caller has given up; the connection goes to the next one in the queue instead of leaking.
        if (!err) connection.release();
        return;
      }
      waiting = false;
      clearTimeout(timer);
      if (!err) promiseOnce(connection);
      callback(err, connection);
    });
  };
  return pool;
}

const PROMISE_CACHED = Symbol('promise class cached');

/**
 * TypeORM asks `connection.promise()` for a wrapper on every statement, and mysql2's `PoolConnection.promise`
 * runs `require('./promise/pool_connection.js')` each time: a module-cache lookup that was ~2.5 % of the API's CPU
 * for a filing (docs/performance.md, session 10). Each connection gets the same method with the class looked up
 * once, taken from the wrapper the original builds.
 */
function promiseOnce(connection: PoolConnection): void {
  type Wrapped = ReturnType<PoolConnection['promise']>;
  const c = connection as PoolConnection & { [PROMISE_CACHED]?: true };
  if (c[PROMISE_CACHED]) return;
  const Wrapper = c.promise().constructor as new (connection: PoolConnection, impl?: PromiseConstructor) => Wrapped;
  c.promise = (impl?: PromiseConstructor) => new Wrapper(connection, impl);
  c[PROMISE_CACHED] = true;
}

interface Mysql2Connection {
  destroy(): void;
  stream?: { destroy(err?: Error): void };
}

/**
 * Destroys the connection a statement timed out on. mysql2 only rejects the caller's promise: the statement stays
 * the connection's current command, the connection goes back to the pool on release, and the next statement sent
 * on it queues behind the dead one with its own timer not yet started — it waits for as long as the server is
 * frozen. Destroying it also makes the server roll back the open transaction, if any, once it notices.
 */
@EventSubscriber()
export class TimedOutConnectionDestroyer implements EntitySubscriberInterface {
  afterQuery(event: AfterQueryEvent): void {
    if (event.success || !isQueryTimeout(event.error)) return;
    const connection = (event.queryRunner as unknown as { databaseConnection?: Mysql2Connection }).databaseConnection;
    if (!connection) return;
    // Out of the pool at once (so nobody acquires it), then the socket: as a network error, which fails whatever
    // is queued behind the timed-out statement (ROLLBACK) instead of leaving it waiting.
    connection.destroy();
    connection.stream?.destroy(Object.assign(new Error('statement timed out: connection destroyed'), { code: 'PROTOCOL_SEQUENCE_TIMEOUT' }));
  }
}

/**
 * Migrations run without the statement timeout: an ALTER TABLE on a large table legitimately takes minutes, and
 * one given up client-side goes on running on the server while the migration is recorded as failed. They run
 * before the process serves anything, so lifting the data source's timeout meanwhile affects nothing else.
 */
export function withoutQueryTimeout(migrations: readonly Function[]): Function[] {
  return migrations.map((migration) => {
    const Base = migration as unknown as new () => MigrationInterface;
    const Unbounded = class extends Base {
      override async up(queryRunner: QueryRunner): Promise<void> {
        await liftingQueryTimeout(queryRunner, () => super.up(queryRunner));
      }
      override async down(queryRunner: QueryRunner): Promise<void> {
        await liftingQueryTimeout(queryRunner, () => super.down(queryRunner));
      }
    };
    // TypeORM orders migrations by the timestamp at the end of the class name.
    Object.defineProperty(Unbounded, 'name', { value: migration.name });
    return Unbounded;
  });
}

async function liftingQueryTimeout(queryRunner: QueryRunner, work: () => Promise<unknown>): Promise<void> {
  const options = queryRunner.dataSource.driver.options as { enableQueryTimeout?: boolean };
  const before = options.enableQueryTimeout;
  options.enableQueryTimeout = false;
  try {
    await work();
  } finally {
    options.enableQueryTimeout = before;
  }
}

/**
 * TypeORM's default logger prints every statement slower than `maxQueryExecutionTime` (now: every timed-out one)
 * with its parameters — residents' descriptions and phone numbers — to stdout. This one logs the SQL only.
 * TypeORM calls `logQuery` before it sends a statement: there it refuses SQL text that holds several (one-statement.ts).
 */
export class SqlLogger implements Logger {
  private readonly logger = new NestLogger('Database');

  logQuery(query: string, _parameters?: unknown[], queryRunner?: QueryRunner): void {
    refuseSeveralStatements(query, queryRunner);
  }
  logQueryError(): void {}
  logSchemaBuild(): void {}
  log(): void {}

  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ ms: time, sql: query.slice(0, 300) }, 'slow statement');
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }
}
