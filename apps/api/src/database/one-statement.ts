/**
 * The pool runs with `multipleStatements` (data-source.ts) so that a transaction's held inserts go in one round trip
 * (common/statement-batch.ts). That also means a value spliced into SQL text could add a statement of its own
 * ("'; DELETE FROM tickets; --"). Values go as parameters everywhere today; this keeps it so: the SQL logger, which
 * TypeORM calls before it sends anything, refuses SQL text holding more than one statement unless it is a batch.
 */

const batchesBeingSent = new WeakSet<object>();

/** Marks the statement-batch sender's query runner while it sends its joined statements. */
export async function sendingBatch<T>(queryRunner: object, send: () => Promise<T>): Promise<T> {
  batchesBeingSent.add(queryRunner);
  try {
    return await send();
  } finally {
    batchesBeingSent.delete(queryRunner);
  }
}

export class SeveralStatementsError extends Error {
  readonly code = 'SQL_SEVERAL_STATEMENTS';
  constructor() {
    // The SQL itself is left out: spliced into it may be a resident's words.
    super('SQL text with more than one statement was refused: values must go as parameters (database/one-statement.ts)');
  }
}

export function refuseSeveralStatements(sql: string, queryRunner: object | undefined): void {
  if (queryRunner !== undefined && batchesBeingSent.has(queryRunner)) return;
  if (holdsSeveralStatements(sql)) throw new SeveralStatementsError();
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';

/**
 * Whether MySQL would read `sql` as more than one statement: a `;` outside quotes, backticks and comments with
 * anything but white space after it. Quotes end as MySQL ends them (a backslash escapes, a doubled quote is one);
 * an executable comment (`/*! … *\/`) is code to MySQL, so it is read as code.
 */
export function holdsSeveralStatements(sql: string): boolean {
  if (!sql.includes(';')) return false;
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const c = sql[i];
    if (c === "'" || c === '"' || c === '`') {
      i = afterQuoted(sql, i);
    } else if ((c === '-' && sql[i + 1] === '-' && (i + 2 >= n || isSpace(sql[i + 2]))) || c === '#') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
    } else if (c === '/' && sql[i + 1] === '*' && sql[i + 2] !== '!') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (c === ';') {
      for (let j = i + 1; j < n; j++) if (!isSpace(sql[j])) return true;
      return false;
    } else {
      i++;
    }
  }
  return false;
}

function afterQuoted(sql: string, start: number): number {
  const quote = sql[start];
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (c === '\\' && quote !== '`') {
      i += 2;
    } else if (c === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i++;
    }
  }
  return sql.length;
}
