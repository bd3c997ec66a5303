import { describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { BackgroundJobs } from './background-jobs.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('BackgroundJobs', () => {
  it('runs a job on its interval, never two passes at once, and waits for the pass in flight on shutdown', async () => {
    const registry = new SchedulerRegistry();
    const sut = new BackgroundJobs(registry);
    let active = 0;
    let most = 0;
    let passes = 0;
    let finished = 0;
    sut.every('slow', 5, async () => {
      active++;
      most = Math.max(most, active);
      passes++;
      await sleep(40);
      active--;
      finished++;
    });
    expect(sut.names()).toEqual(['slow']);
    await sleep(150);
    await sut.onApplicationShutdown();
    expect(passes).toBeGreaterThanOrEqual(2);
    expect(most).toBe(1);
    expect(finished).toBe(passes);
    expect(sut.names()).toEqual([]);
    await sleep(30);
    expect(passes).toBe(finished);
  });

  it('keeps running after a failed pass, says so in the log, and registers nothing for a job that is off', async () => {
    const warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const sut = new BackgroundJobs(new SchedulerRegistry());
    let calls = 0;
    sut.every('flaky', 5, async () => {
      calls++;
      throw new Error('database away');
    });
    sut.every('off', 0, async () => undefined);
    await sleep(60);
    await sut.onApplicationShutdown();
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(warned).toHaveBeenCalledWith({ job: 'flaky', err: 'database away' }, 'background pass failed');
    warned.mockRestore();
  });
});
