import { describe, expect, it } from '@jest/globals';
import { holdsSeveralStatements, refuseSeveralStatements, sendingBatch, SeveralStatementsError } from './one-statement.js';

describe('holdsSeveralStatements', () => {
  it.each([
    'SELECT 1',
    'SELECT 1;',
    'SELECT 1;  \n',
    "SELECT * FROM t WHERE a = 'x; DROP TABLE t'",
    'SELECT * FROM t WHERE a = "x; y"',
    'SELECT `we;ird` FROM t',
    "SELECT 'it''s; fine'",
    "SELECT 'back\\'slash; still a string'",
    'SELECT 1 -- a comment; DROP TABLE t\n',
    'SELECT 1 # a comment; DROP TABLE t',
    'SELECT 1 /* a comment; DROP TABLE t */',
    "SELECT 'never closed; DROP TABLE t",
  ])('one statement: %s', (sql) => {
    expect(holdsSeveralStatements(sql)).toBe(false);
  });

  it.each([
    'SELECT 1; SELECT 2',
    "SELECT * FROM t WHERE a = 'x'; DELETE FROM tickets; -- '",
    "SELECT 'it''s'; DROP TABLE t",
    "SELECT 'back\\\\'; DROP TABLE t",
    'SELECT 1 /*! ; DROP TABLE t */',
    'SELECT 1 --x; DROP TABLE t',
    'START TRANSACTION;\nINSERT INTO t VALUES (?);\nCOMMIT',
  ])('several statements: %s', (sql) => {
    expect(holdsSeveralStatements(sql)).toBe(true);
  });
});

describe('refuseSeveralStatements', () => {
  const runner = {};

  it('refuses several statements with a stable code, and lets one through', () => {
    expect(() => refuseSeveralStatements('SELECT 1; SELECT 2', runner)).toThrow(SeveralStatementsError);
    expect(() => refuseSeveralStatements('SELECT 1; SELECT 2', undefined)).toThrow(expect.objectContaining({ code: 'SQL_SEVERAL_STATEMENTS' }));
    expect(() => refuseSeveralStatements('SELECT 1', runner)).not.toThrow();
  });

  it('lets a batch through only while its own query runner sends it', async () => {
    const other = {};
    await sendingBatch(runner, async () => {
      expect(() => refuseSeveralStatements('START TRANSACTION;\nCOMMIT', runner)).not.toThrow();
      expect(() => refuseSeveralStatements('START TRANSACTION;\nCOMMIT', other)).toThrow(SeveralStatementsError);
    });
    expect(() => refuseSeveralStatements('START TRANSACTION;\nCOMMIT', runner)).toThrow(SeveralStatementsError);
  });
});
