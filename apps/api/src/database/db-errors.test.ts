import { describe, expect, it } from '@jest/globals';
import { isDatabaseUnavailable, isDeadlock, retryingDeadlocks } from './db-errors.js';

// As TypeORM hands mysql2's errors on: a QueryFailedError carrying the driver's error.
const deadlock = () => Object.assign(new Error('Deadlock found when trying to get lock'), { driverError: { code: 'ER_LOCK_DEADLOCK', errno: 1213 } });

describe('deadlock victims', () => {
  it('are recognised through the driver error, and answered as unavailable (retry), not as a failure', () => {
    expect(isDeadlock(deadlock())).toBe(true);
    expect(isDatabaseUnavailable(deadlock())).toBe(true);
    expect(isDeadlock(Object.assign(new Error('dup'), { code: 'ER_DUP_ENTRY' }))).toBe(false);
  });

  it('run their transaction again until it commits', async () => {
    let calls = 0;
    const result = await retryingDeadlocks(async () => {
      calls++;
      if (calls < 3) throw deadlock();
      return 'committed';
    });
    expect({ result, calls }).toEqual({ result: 'committed', calls: 3 });
  });

  it('give up after the last attempt with the deadlock itself', async () => {
    let calls = 0;
    await expect(
      retryingDeadlocks(async () => {
        calls++;
        throw deadlock();
      }, 3),
    ).rejects.toThrow('Deadlock found');
    expect(calls).toBe(3);
  });

  it('never run again a transaction that failed for another reason', async () => {
    let calls = 0;
    await expect(
      retryingDeadlocks(async () => {
        calls++;
        throw Object.assign(new Error('Duplicate entry'), { code: 'ER_DUP_ENTRY' });
      }),
    ).rejects.toThrow('Duplicate entry');
    expect(calls).toBe(1);
  });
});
