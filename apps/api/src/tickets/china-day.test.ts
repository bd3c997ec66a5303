import { describe, expect, it } from '@jest/globals';
import { chinaDay } from './ticket-number.allocator.js';

describe('chinaDay', () => {
  it('cuts days at midnight in China (16:00 UTC), whatever order it is asked in', () => {
    // The last answer is kept for its day's range: asking across the boundary, and back, must not reuse it.
    const asked: [string, string][] = [
      ['2026-12-03T15:59:59.999Z', '20261203'],
      ['2026-12-03T16:00:00.000Z', '20261204'],
      ['2026-12-03T15:59:59.999Z', '20261203'],
      ['2026-12-02T16:00:00.000Z', '20261203'],
      ['2026-12-02T15:59:59.999Z', '20261202'],
      ['2026-12-04T15:59:59.999Z', '20261204'],
      ['1969-12-31T16:00:00.000Z', '19700101'],
      ['1969-12-31T15:59:59.999Z', '19691231'],
      ['2024-02-28T16:00:00.000Z', '20240229'],
    ];
    for (const [at, day] of asked) expect([at, chinaDay(new Date(at))]).toEqual([at, day]);
  });
});
