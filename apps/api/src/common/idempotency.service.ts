import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ErrorCode, LIMITS } from '@jyg12345/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { IdempotencyKeyEntity } from '../database/entities.js';
import { AppError } from './app-error.js';
import { isUniqueViolation, retryingDeadlocks } from '../database/db-errors.js';
import { newId } from './ids.js';
import { insertRow } from './sql-rows.js';
import { batchedTransaction } from './statement-batch.js';

export interface StoredResponse<T> {
  status: number;
  body: T;
  replayed: boolean;
}

const KEY_PATTERN = new RegExp(`^[A-Za-z0-9_.:-]{1,${LIMITS.idempotencyKeyMax}}$`);

export function parseIdempotencyKey(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  if (Array.isArray(header) || !KEY_PATTERN.test(header)) throw new AppError(ErrorCode.IDEMPOTENCY_KEY_INVALID);
  return header;
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Runs a state change at most once per (actor, Idempotency-Key): the key is recorded in the same transaction as
 * the change, so a retry after a crash, a timeout or a concurrent duplicate gets the first response back.
 *
 * By default the key is looked up before the change. `optimistic` skips that round trip for operations whose
 * keys are almost always fresh (filing: one key per appeal draft): the change runs, and a replay is recognised by
 * the key's unique index (or by the change failing, e.g. its photos already attached), rolled back, and answered
 * from the stored row. Only work inside the transaction may have effects.
 */
@Injectable()
export class IdempotencyService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async run<T>(
    scope: { actorId: string; key: string | null; operation: string; request: unknown; optimistic?: boolean },
    work: (tx: EntityManager) => Promise<{ status: number; body: T }>,
  ): Promise<StoredResponse<T>> {
    const { actorId, key, operation } = scope;
    if (key === null) {
      const result = await retryingDeadlocks(() => batchedTransaction(this.db, work));
      return { ...result, replayed: false };
    }
    const requestHash = createHash('sha256').update(`${operation}\n${stableStringify(scope.request)}`).digest('hex');
    if (!scope.optimistic) {
      const previous = await this.replay<T>(actorId, key, requestHash);
      if (previous) return previous;
    }
    try {
      // START, the work's inserts, the key's and COMMIT go to the database in one round trip (statement-batch.ts).
      const result = await retryingDeadlocks(() => batchedTransaction(this.db, async (tx) => {
        const r = await work(tx);
        await insertRow(tx, IdempotencyKeyEntity, {
          id: newId(),
          actorId,
          key,
          requestHash,
          operation,
          responseStatus: r.status,
          responseBody: r.body,
          createdAt: new Date(),
        });
        return r;
      }));
      return { ...result, replayed: false };
    } catch (err) {
      // A version conflict may be our own first attempt: its answer was lost (a statement timeout on COMMIT, a
      // database node dying) but the commit went through, the change and its key together.
      const mayBeOurs = isUniqueViolation(err) || (err instanceof AppError && err.code === ErrorCode.VERSION_CONFLICT);
      if (!scope.optimistic && !mayBeOurs) throw err;
      // A concurrent request with the same key committed first (or, optimistic, an earlier one did): its change
      // stands and ours was rolled back.
      let winner: StoredResponse<T> | null;
      try {
        winner = await this.replay<T>(actorId, key, requestHash);
      } catch (lookupErr) {
        throw lookupErr instanceof AppError ? lookupErr : err;
      }
      if (winner) return winner;
      throw err;
    }
  }

  private async replay<T>(actorId: string, key: string, requestHash: string): Promise<StoredResponse<T> | null> {
    const row = await this.db.getRepository(IdempotencyKeyEntity).findOneBy({ actorId, key });
    if (!row) return null;
    if (row.requestHash !== requestHash) throw new AppError(ErrorCode.IDEMPOTENCY_KEY_REUSED);
    const body = (typeof row.responseBody === 'string' ? JSON.parse(row.responseBody) : row.responseBody) as T;
    return { status: row.responseStatus, body, replayed: true };
  }
}
