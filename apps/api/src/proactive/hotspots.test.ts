import { describe, expect, it } from '@jest/globals';
import { words } from '../routing/text.js';
import { addDays, binomialUpperTail, bucketOf, chinaDayOf, clusterSpots, type DayCount, type Point, risingProblems, rollUp, topTerms } from './hotspots.js';

/** mulberry32: the same "random" data on every run, so a test that passes passes for good. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function poisson(random: () => number, lambda: number): number {
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= random();
  } while (p > l);
  return k - 1;
}

const CATEGORIES = ['heating', 'noise', 'road', 'water', 'lights', 'parking'];
const COMMUNITIES = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8'];
/** Flat city: every category × community at its own steady daily rate, Poisson noise, 120 days to `last`. */
function flatCity(seed: number, last: string, days = 120): DayCount[] {
  const random = rng(seed);
  const rate = new Map(CATEGORIES.flatMap((c, i) => COMMUNITIES.map((m, j) => [`${c}|${m}`, 0.2 + ((i * 7 + j * 3) % 10) / 5] as const)));
  const rows: DayCount[] = [];
  for (let d = days - 1; d >= 0; d--) {
    const day = addDays(last, -d);
    for (const c of CATEGORIES)
      for (const m of COMMUNITIES) {
        const n = poisson(random, rate.get(`${c}|${m}`) as number);
        if (n > 0) rows.push({ categoryId: c, communityId: m, day, n });
      }
  }
  return rows;
}

describe('binomialUpperTail', () => {
  it('matches hand-computed tails', () => {
    expect(binomialUpperTail(0, 10, 0.3)).toBe(1);
    expect(binomialUpperTail(11, 10, 0.3)).toBe(0);
    expect(binomialUpperTail(10, 10, 0.5)).toBeCloseTo(1 / 1024, 10);
    // P(X ≥ 2 | n = 3, p = 0.5) = 4/8
    expect(binomialUpperTail(2, 3, 0.5)).toBeCloseTo(0.5, 10);
    // large n stays finite and sensible: mean 500, 600 is far out
    expect(binomialUpperTail(600, 1000, 0.5)).toBeLessThan(1e-9);
    expect(binomialUpperTail(500, 1000, 0.5)).toBeGreaterThan(0.5);
  });
});

describe('counts by day, week and month', () => {
  it('buckets China dates', () => {
    expect(bucketOf('2026-12-03', 'week')).toBe('2026-11-30'); // a Thursday → its Monday
    expect(bucketOf('2026-11-30', 'week')).toBe('2026-11-30');
    expect(bucketOf('2026-12-03', 'month')).toBe('2026-12');
    // 23:30 UTC on 30 Nov is 07:30 on 1 Dec in Shanghai
    expect(chinaDayOf(new Date('2026-11-30T23:30:00Z'))).toBe('2026-12-01');
  });

  it('rolls days up into weeks and months', () => {
    const rows: DayCount[] = [
      { categoryId: 'a', communityId: 'x', day: '2026-11-30', n: 2 },
      { categoryId: 'a', communityId: 'x', day: '2026-12-06', n: 3 },
      { categoryId: 'a', communityId: 'x', day: '2026-12-07', n: 1 },
    ];
    expect(rollUp(rows, 'week')).toEqual([
      { categoryId: 'a', communityId: 'x', bucket: '2026-11-30', n: 5 },
      { categoryId: 'a', communityId: 'x', bucket: '2026-12-07', n: 1 },
    ]);
    expect(rollUp(rows, 'month')).toEqual([
      { categoryId: 'a', communityId: 'x', bucket: '2026-11', n: 2 },
      { categoryId: 'a', communityId: 'x', bucket: '2026-12', n: 4 },
    ]);
  });
});

describe('rising problems', () => {
  const last = '2026-11-30';

  it('finds none in flat Poisson data, day after day and week after week', () => {
    let alarms = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const rows = flatCity(seed, last);
      for (let d = 0; d < 10; d++) alarms += risingProblems(rows, addDays(last, -d), addDays(last, -d)).length;
      alarms += risingProblems(rows, addDays(last, -6), last).length;
    }
    // 110 looks at 6 categories + 48 series each, at a 1% family-wise rate: none expected
    expect(alarms).toBe(0);
  });

  it('finds a planted spike of one category in one community, and nothing else', () => {
    const rows = flatCity(42, last);
    rows.push({ categoryId: 'heating', communityId: 'c3', day: last, n: 9 });
    const found = risingProblems(rows, last, last);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((r) => r.categoryId === 'heating' && (r.communityId === 'c3' || r.communityId === null))).toBe(true);
    expect(found.find((r) => r.communityId === 'c3')).toMatchObject({ categoryId: 'heating' });
  });

  it('finds a category rising a little everywhere in a week, which no single community shows', () => {
    const rows = flatCity(7, last);
    for (const m of COMMUNITIES) for (let d = 0; d < 7; d++) rows.push({ categoryId: 'water', communityId: m, day: addDays(last, -d), n: 1 });
    const found = risingProblems(rows, addDays(last, -6), last);
    expect(found.map((r) => [r.categoryId, r.communityId])).toContainEqual(['water', null]);
    expect(found.every((r) => r.categoryId === 'water')).toBe(true);
  });

  it('does not call a single odd day a hot spot when it stays under the minimum count', () => {
    const rows: DayCount[] = [{ categoryId: 'lights', communityId: 'c1', day: last, n: 4 }];
    expect(risingProblems(rows, last, last)).toEqual([]);
    rows[0]!.n = 5;
    expect(risingProblems(rows, last, last).map((r) => r.communityId)).toEqual([null, 'c1']);
  });
});

describe('the words residents use', () => {
  it('counts each term once per appeal, without stop words, against the period before', () => {
    const now = ['小区暖气不热，家里很冷', '暖气不热已经三天', '楼下夜间施工噪音'];
    const before = ['夜间施工噪音扰民', '施工噪音很大', '路灯不亮', '暖气漏水'];
    const terms = topTerms(now, before, words, 50);
    const heating = terms.find((t) => t.term === '暖气');
    expect(heating).toMatchObject({ count: 2, previous: 1 });
    expect(heating!.lift).toBeCloseTo(2 / 3 / (1 / 4), 10);
    expect(terms[0]!.term).toBe('暖气');
    expect(terms.map((t) => t.term)).not.toContain('已经');
    expect(terms.map((t) => t.term)).not.toContain('的');
  });
});

describe('places', () => {
  const at = (day: string) => new Date(`${day}T02:00:00Z`);
  it('finds a planted cluster of one category, and none in scattered appeals', () => {
    const random = rng(3);
    const points: Point[] = [];
    // 200 appeals scattered over ~20 km × 20 km and 60 days
    for (let i = 0; i < 200; i++) {
      points.push({ id: `s${i}`, categoryId: 'noise', lat: 39.7 + random() * 0.18, lng: 98.2 + random() * 0.23, at: at(addDays('2026-10-01', Math.floor(random() * 60))) });
    }
    expect(clusterSpots(points)).toEqual([]);
    // 6 appeals within ~100 m over three days
    for (let i = 0; i < 6; i++) points.push({ id: `k${i}`, categoryId: 'noise', lat: 39.78 + random() * 0.0008, lng: 98.29 + random() * 0.001, at: at(addDays('2026-11-20', i % 3)) });
    // the same place long before, and another category at the same place: neither joins the spot
    points.push({ id: 'old', categoryId: 'noise', lat: 39.7803, lng: 98.2903, at: at('2026-09-01') });
    points.push({ id: 'other', categoryId: 'road', lat: 39.7803, lng: 98.2903, at: at('2026-11-21') });
    const spots = clusterSpots(points);
    expect(spots).toHaveLength(1);
    expect(spots[0]).toMatchObject({ categoryId: 'noise', count: 6, from: '2026-11-20', to: '2026-11-22', ticketIds: ['k0', 'k1', 'k2', 'k3', 'k4', 'k5'] });
    expect(spots[0]!.radiusM).toBeLessThan(150);
  });
});
