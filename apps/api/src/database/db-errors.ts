/** Errors that mean "the database is not reachable right now", as opposed to a bad query. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  // mysql2's per-statement timeout fired (DATABASE_QUERY_TIMEOUT_MS): the server did not answer in time
  'PROTOCOL_SEQUENCE_TIMEOUT',
  // no pooled connection within DATABASE_ACQUIRE_TIMEOUT_MS (database/mysql-timeouts.ts)
  'POOL_ACQUIRE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_LOCK_WAIT_TIMEOUT',
  // InnoDB chose this transaction as a deadlock victim and rolled it back, or (Galera) it lost a certification
  // conflict to a transaction committed through another node: nothing was written, a retry succeeds
  'ER_LOCK_DEADLOCK',
  // Galera: the node is not part of the primary component or not yet synced ("WSREP has not yet prepared node
  // for application use"); the balancer takes it out, the next connection goes to a node that is
  'ER_UNKNOWN_COM_ERROR',
  // Galera: the node left the cluster while committing; whether the commit happened is unknown, which a retry
  // with the same Idempotency-Key answers
  'ER_ERROR_DURING_COMMIT',
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
]);

function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; driverError?: unknown; errno?: unknown };
  if (typeof e.code === 'string') return e.code;
  return e.driverError ? codeOf(e.driverError) : undefined;
}

export function isDatabaseUnavailable(err: unknown): boolean {
  const code = codeOf(err);
  if (code && UNAVAILABLE_CODES.has(code)) return true;
  const msg = err instanceof Error ? err.message : '';
  return /connect ECONNREFUSED|Connection lost|Pool is closed|Can't add new command when connection is in closed state|connection is in closed state|Queue limit reached/i.test(
    msg,
  );
}

/** mysql2 gave up waiting for the answer to a statement: the connection is in an unknown state and must not be reused. */
export function isQueryTimeout(err: unknown): boolean {
  return codeOf(err) === 'PROTOCOL_SEQUENCE_TIMEOUT';
}

/** Duplicate key on MySQL/MariaDB or a UNIQUE failure on SQLite. */
export function isUniqueViolation(err: unknown): boolean {
  const code = codeOf(err);
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** MySQL proper has no such variable (e.g. `@@wsrep_on`, which only MariaDB knows). */
export function isUnknownVariable(err: unknown): boolean {
  return codeOf(err) === 'ER_UNKNOWN_SYSTEM_VARIABLE';
}

/** InnoDB rolled the whole transaction back to break a deadlock (MySQL/MariaDB errno 1213). */
export function isDeadlock(err: unknown): boolean {
  return codeOf(err) === 'ER_LOCK_DEADLOCK';
}

/**
 * Runs a transaction again when InnoDB chose it as a deadlock victim: the victim was rolled back whole, so running
 * it again is safe as long as the transaction's work has no effects outside it. After `attempts` the error goes out
 * (503 DATABASE_UNAVAILABLE: retry later).
 */
export async function retryingDeadlocks<T>(transaction: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (err) {
      if (!isDeadlock(err) || attempt >= attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 10));
    }
  }
}
