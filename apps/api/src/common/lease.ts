import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { isDeadlock, retryingDeadlocks } from '../database/db-errors.js';

/** How long a claimed message is a worker's alone; longer than any one send may take (timeouts are shorter). */
export const LEASE_MS = 60_000;

/** A table of messages workers take with a lease: `status = 'pending'`, `lockedBy`, `lockedUntil`. */
type Leased = EntityTarget<ObjectLiteral>;

/**
 * Takes a pending, due message for one worker with a guarded update; false when another worker holds an unexpired
 * lease on it, or it is no longer pending or not yet due (a worker that read it before another one's failed attempt
 * must not send it again before its backoff). Safe with several API processes on one database, and on a
 * multi-writer cluster: two workers claiming one message through two nodes are told at commit (a certification
 * conflict, reported as a deadlock), and the loser has not claimed it.
 */
export async function claimLease(db: DataSource, table: Leased, id: string, workerId: string, now: Date, leaseMs = LEASE_MS): Promise<boolean> {
  try {
    const result = await db
      .createQueryBuilder()
      .update(table)
      .set({ lockedBy: workerId, lockedUntil: new Date(now.getTime() + leaseMs) })
      .where("id = :id AND status = 'pending' AND nextAttemptAt <= :now AND (lockedUntil IS NULL OR lockedUntil < :now)", { id, now })
      .execute();
    return result.affected === 1;
  } catch (err) {
    if (isDeadlock(err)) return false;
    throw err;
  }
}

/** Writes a claimed message's outcome and lets go of it; a no-op when the lease ran out and another worker took it. */
export async function settleLease(db: DataSource, table: Leased, id: string, workerId: string, patch: ObjectLiteral): Promise<boolean> {
  // guarded by the lease: writing it again after a conflict writes nothing twice
  const result = await retryingDeadlocks(() =>
    db
      .createQueryBuilder()
      .update(table)
      .set({ ...patch, lockedBy: null, lockedUntil: null })
      .where('id = :id AND lockedBy = :me', { id, me: workerId })
      .execute(),
  );
  return result.affected === 1;
}
