import { CHINA_UTC_OFFSET_MINUTES } from '@jyg12345/shared';

/**
 * Hot spots as pure computation (docs/hotspots.md): the service feeds in rows from the database, these functions
 * decide. Days are China dates ('YYYY-MM-DD', Asia/Shanghai, no daylight saving).
 */

const DAY_MS = 86_400_000;
const OFFSET_MS = CHINA_UTC_OFFSET_MINUTES * 60_000;

export type Grain = 'day' | 'week' | 'month';
export const GRAINS: readonly Grain[] = ['day', 'week', 'month'];

/** Days since 1970-01-01 of a China date. */
export const dayNumber = (day: string): number => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
export const dayString = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);
/** 00:00 China time of a China date, as a UTC instant. */
export const chinaMidnight = (day: string): Date => new Date(dayNumber(day) * DAY_MS - OFFSET_MS);
export const chinaDayOf = (t: Date): string => dayString(Math.floor((t.getTime() + OFFSET_MS) / DAY_MS));
export const addDays = (day: string, n: number): string => dayString(dayNumber(day) + n);

/** The bucket a day falls in: the day itself, the Monday of its week, or its month ('YYYY-MM'). */
export function bucketOf(day: string, grain: Grain): string {
  if (grain === 'day') return day;
  if (grain === 'month') return day.slice(0, 7);
  const n = dayNumber(day);
  const weekday = (new Date(n * DAY_MS).getUTCDay() + 6) % 7;
  return dayString(n - weekday);
}

/** Appeals of one day, one category, one community (either may be unknown). */
export interface DayCount {
  categoryId: string | null;
  communityId: string | null;
  day: string;
  n: number;
}

export interface BucketCount {
  categoryId: string | null;
  communityId: string | null;
  bucket: string;
  n: number;
}

/** Day counts summed into weeks or months. */
export function rollUp(rows: readonly DayCount[], grain: Grain): BucketCount[] {
  const out = new Map<string, BucketCount>();
  for (const r of rows) {
    const bucket = bucketOf(r.day, grain);
    const key = `${r.categoryId ?? ''}|${r.communityId ?? ''}|${bucket}`;
    const row = out.get(key);
    if (row) row.n += r.n;
    else out.set(key, { categoryId: r.categoryId, communityId: r.communityId, bucket, n: r.n });
  }
  return [...out.values()].sort((a, b) => (a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : b.n - a.n));
}

// ---- the test: current count against the previous N equal periods ----

/** ln Γ(x), Lanczos approximation (g = 7, n = 9): enough for binomial tails. */
function lnGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  x -= 1;
  let a = c[0] as number;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] as number) / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P(X ≥ k) for X ~ Binomial(n, p). */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const lnP = Math.log(p);
  const lnQ = Math.log(1 - p);
  const lnChoose = (j: number) => lnGamma(n + 1) - lnGamma(j + 1) - lnGamma(n - j + 1);
  let sum = 0;
  for (let j = k; j <= n; j++) {
    const term = Math.exp(lnChoose(j) + j * lnP + (n - j) * lnQ);
    sum += term;
    // terms fall geometrically past the mode: stop once they no longer matter
    if (j > n * p && term < sum * 1e-15) break;
  }
  return Math.min(1, sum);
}

export interface RisingOptions {
  /** How many equal periods before the current one make the history. */
  history: number;
  /** A count below this is never a hot spot, however quiet the history. */
  minCount: number;
  /** Family-wise false-alarm rate, shared out over every series tested (Bonferroni). */
  alpha: number;
}

export const DEFAULT_RISING: RisingOptions = { history: 8, minCount: 5, alpha: 0.01 };

export interface Rising {
  categoryId: string;
  /** null: the category city-wide. */
  communityId: string | null;
  count: number;
  /** Mean count of the history's periods. */
  baseline: number;
  ratio: number | null;
  pValue: number;
}

/**
 * Series (a category, and a category in a community) whose count in [from, to] stands significantly above the same
 * series in the `history` periods of equal length just before. Conditional test of two Poisson rates: given the
 * total count over current + history, the current period's share is Binomial(total, 1/(history + 1)) when the rate
 * did not change; a series is rising when its upper tail is below alpha / (number of series tested).
 */
export function risingProblems(rows: readonly DayCount[], from: string, to: string, opts: RisingOptions = DEFAULT_RISING): Rising[] {
  const length = dayNumber(to) - dayNumber(from) + 1;
  const first = dayNumber(from) - opts.history * length;
  const start = dayNumber(from);
  const end = dayNumber(to);
  const series = new Map<string, { categoryId: string; communityId: string | null; current: number; past: number }>();
  const add = (categoryId: string, communityId: string | null, current: boolean, n: number) => {
    const key = `${categoryId}|${communityId ?? ''}`;
    let s = series.get(key);
    if (!s) series.set(key, (s = { categoryId, communityId, current: 0, past: 0 }));
    if (current) s.current += n;
    else s.past += n;
  };
  for (const r of rows) {
    if (r.categoryId === null) continue;
    const d = dayNumber(r.day);
    if (d < first || d > end) continue;
    const current = d >= start;
    add(r.categoryId, null, current, r.n);
    if (r.communityId !== null) add(r.categoryId, r.communityId, current, r.n);
  }
  const tested = series.size;
  if (tested === 0) return [];
  const threshold = opts.alpha / tested;
  const out: Rising[] = [];
  for (const s of series.values()) {
    if (s.current < opts.minCount) continue;
    const baseline = s.past / opts.history;
    if (s.current <= baseline) continue;
    const pValue = binomialUpperTail(s.current, s.current + s.past, 1 / (opts.history + 1));
    if (pValue >= threshold) continue;
    out.push({ categoryId: s.categoryId, communityId: s.communityId, count: s.current, baseline, ratio: baseline > 0 ? s.current / baseline : null, pValue });
  }
  return out.sort((a, b) => a.pValue - b.pValue || b.count - a.count);
}

// ---- the words residents use ----

export interface Term {
  term: string;
  /** Appeals of the period that use the term. */
  count: number;
  previous: number;
  /** Share of this period's appeals over the share of the previous period's (null: the term is new). */
  lift: number | null;
}

/** Appeals using each term (a term counts once per appeal). */
function documentFrequency(texts: readonly string[], tokenize: (text: string) => string[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const text of texts) for (const t of new Set(tokenize(text))) df.set(t, (df.get(t) ?? 0) + 1);
  return df;
}

/** The most used terms of a period's appeals, with how often the previous period's appeals used them. */
export function topTerms(current: readonly string[], previous: readonly string[], tokenize: (text: string) => string[], limit = 30): Term[] {
  const now = documentFrequency(current, tokenize);
  const before = documentFrequency(previous, tokenize);
  return [...now.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([term, count]) => {
      const prev = before.get(term) ?? 0;
      const lift = prev === 0 ? null : count / current.length / (prev / previous.length);
      return { term, count, previous: prev, lift };
    });
}

// ---- places: open appeals of one category close in space and time ----

export interface Point {
  id: string;
  categoryId: string;
  lat: number;
  lng: number;
  at: Date;
}

export interface SpotOptions {
  /** Neighbours lie within this many metres… */
  radiusM: number;
  /** …and this many days of each other. */
  windowDays: number;
  /** A spot needs at least this many appeals (DBSCAN's minPts, the point itself included). */
  minPoints: number;
}

export const DEFAULT_SPOTS: SpotOptions = { radiusM: 300, windowDays: 7, minPoints: 3 };

export interface Spot {
  categoryId: string;
  count: number;
  lat: number;
  lng: number;
  /** Distance from the centre to the farthest appeal, metres. */
  radiusM: number;
  from: string;
  to: string;
  ticketIds: string[];
}

const EARTH_M = 6_371_000;
function metres(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const x = (b.lng - a.lng) * rad * Math.cos(((a.lat + b.lat) / 2) * rad);
  const y = (b.lat - a.lat) * rad;
  return Math.sqrt(x * x + y * y) * EARTH_M;
}

/** DBSCAN per category over (distance, time), with a grid of radius-sized cells so neighbours are found locally. */
export function clusterSpots(points: readonly Point[], opts: SpotOptions = DEFAULT_SPOTS): Spot[] {
  const byCategory = new Map<string, Point[]>();
  for (const p of points) {
    const list = byCategory.get(p.categoryId);
    if (list) list.push(p);
    else byCategory.set(p.categoryId, [p]);
  }
  const windowMs = opts.windowDays * DAY_MS;
  const cellLat = opts.radiusM / 111_320;
  const spots: Spot[] = [];
  for (const [categoryId, list] of byCategory) {
    const cellLng = (p: Point) => opts.radiusM / (111_320 * Math.max(0.1, Math.cos((p.lat * Math.PI) / 180)));
    // one lng cell size for the category (cities are small): the widest, so no neighbour falls outside 3×3 cells
    const lngSize = Math.max(...list.map(cellLng));
    const cellOf = (p: Point) => [Math.floor(p.lat / cellLat), Math.floor(p.lng / lngSize)] as const;
    const grid = new Map<string, number[]>();
    list.forEach((p, i) => {
      const [a, b] = cellOf(p);
      const key = `${a}:${b}`;
      const cell = grid.get(key);
      if (cell) cell.push(i);
      else grid.set(key, [i]);
    });
    const neighbours = (i: number): number[] => {
      const p = list[i] as Point;
      const [a, b] = cellOf(p);
      const out: number[] = [];
      for (let da = -1; da <= 1; da++)
        for (let db = -1; db <= 1; db++)
          for (const j of grid.get(`${a + da}:${b + db}`) ?? []) {
            const q = list[j] as Point;
            if (Math.abs(q.at.getTime() - p.at.getTime()) <= windowMs && metres(p, q) <= opts.radiusM) out.push(j);
          }
      return out;
    };
    const label = new Int32Array(list.length).fill(-1); // -1 unvisited, 0 noise, k > 0 cluster k
    let next = 0;
    for (let i = 0; i < list.length; i++) {
      if (label[i] !== -1) continue;
      const seed = neighbours(i);
      if (seed.length < opts.minPoints) {
        label[i] = 0;
        continue;
      }
      const k = ++next;
      label[i] = k;
      const queue = [...seed];
      while (queue.length > 0) {
        const j = queue.pop() as number;
        if (label[j] === 0) label[j] = k; // border point
        if (label[j] !== -1) continue;
        label[j] = k;
        const more = neighbours(j);
        if (more.length >= opts.minPoints) queue.push(...more);
      }
    }
    for (let k = 1; k <= next; k++) {
      const members = list.filter((_, i) => label[i] === k);
      const lat = members.reduce((s, p) => s + p.lat, 0) / members.length;
      const lng = members.reduce((s, p) => s + p.lng, 0) / members.length;
      const centre: Point = { id: '', categoryId, lat, lng, at: new Date(0) };
      const times = members.map((p) => p.at.getTime());
      spots.push({
        categoryId,
        count: members.length,
        lat,
        lng,
        radiusM: Math.round(Math.max(...members.map((p) => metres(centre, p)))),
        from: chinaDayOf(new Date(Math.min(...times))),
        to: chinaDayOf(new Date(Math.max(...times))),
        ticketIds: members.map((p) => p.id).sort(),
      });
    }
  }
  return spots.sort((a, b) => b.count - a.count);
}
