import { ratesOfCounts } from '@jyg12345/shared';
import type { FigureDiff, FigureRow, Item, Metric, Rates } from './assessment.types.js';

/** The figures of a set of items (docs/assessment.md). */
export function ratesOf(items: Iterable<Item>): Rates {
  let rOn = 0, rAll = 0, cReplied = 0, cOn = 0, cAll = 0, sOk = 0, sAll = 0, unrated = 0, answered = 0;
  for (const i of items) {
    switch (i.metric) {
      case 'response':
        rAll++;
        if (i.counted) rOn++;
        break;
      case 'completion':
        cAll++;
        if (i.counted) cReplied++;
        if (i.onTime) cOn++;
        break;
      case 'satisfaction':
        sAll++;
        if (i.counted) sOk++;
        break;
      case 'unrated':
        unrated++;
        break;
      case 'answered':
        answered++;
        break;
    }
  }
  return ratesOfCounts([rAll, rOn, cAll, cReplied, cOn, sAll, sOk, unrated, answered]);
}

/** Counts of a set of items per metric: items, in the numerator, on time (what the roll-up's GROUP BY gives). */
export type Tally = Record<Metric, { n: number; counted: number; onTime: number }>;

export const emptyTally = (): Tally => ({
  response: { n: 0, counted: 0, onTime: 0 },
  completion: { n: 0, counted: 0, onTime: 0 },
  satisfaction: { n: 0, counted: 0, onTime: 0 },
  unrated: { n: 0, counted: 0, onTime: 0 },
  answered: { n: 0, counted: 0, onTime: 0 },
});

export function addTo(t: Tally, c: { metric: Metric; n: number; counted: number; onTime: number }): Tally {
  const m = t[c.metric];
  m.n += c.n;
  m.counted += c.counted;
  m.onTime += c.onTime;
  return t;
}

/** The figures of counted items: the same as `ratesOf` of the items themselves. */
export function ratesOfTally(t: Tally): Rates {
  const { response: r, completion: c, satisfaction: sat } = t;
  return ratesOfCounts([r.n, r.counted, c.n, c.counted, c.onTime, sat.n, sat.counted, t.unrated.n, t.answered.n]);
}

/** 100 × the weighted mean of the rates that exist, 2 decimals (shared: the console scores compact rows the same way). */
export { scoreOf } from '@jyg12345/shared';

/** Ranks rows by score, highest first; equal scores share a rank (1, 1, 3); rows without a score get none. */
export function rank(rows: FigureRow[]): FigureRow[] {
  const scored = rows.filter((r) => r.score !== null).sort((a, b) => (b.score as number) - (a.score as number));
  scored.forEach((r, i) => {
    r.rank = i > 0 && scored[i - 1]!.score === r.score ? scored[i - 1]!.rank : i + 1;
  });
  return [...scored, ...rows.filter((r) => r.score === null)];
}

const FIELDS: [string, (r: Rates & { score?: number | null; rank?: number | null }) => number | null][] = [
  ['响应及时数', (r) => r.response.signedOnTime],
  ['派单数', (r) => r.response.total],
  ['响应率', (r) => r.response.rate],
  ['应办结数', (r) => r.completion.total],
  ['办结数', (r) => r.completion.replied],
  ['按时办结数', (r) => r.completion.onTime],
  ['办结率', (r) => r.completion.rate],
  ['按时办结率', (r) => r.completion.onTimeRate],
  ['评价数', (r) => r.satisfaction.total],
  ['满意数', (r) => r.satisfaction.satisfied],
  ['满意率', (r) => r.satisfaction.rate],
  ['未评价自动办结', (r) => r.unratedAutoClosed],
  ['直接办结', (r) => r.answeredAtIntake],
  ['综合得分', (r) => r.score ?? null],
  ['排名', (r) => r.rank ?? null],
];

/** What changed between two versions of the same bulletin: per row (unit, or the totals) and field. */
export function diffFigures(before: { units: FigureRow[]; totals: Rates }, after: { units: FigureRow[]; totals: Rates }): FigureDiff[] {
  const out: FigureDiff[] = [];
  const rows = new Map<string, [FigureRow | undefined, FigureRow | undefined]>();
  for (const r of before.units) rows.set(String(r.key), [r, undefined]);
  for (const r of after.units) rows.set(String(r.key), [rows.get(String(r.key))?.[0], r]);
  const compare = (key: string | null, name: string, a: (Rates & { score?: number | null; rank?: number | null }) | undefined, b: typeof a) => {
    for (const [field, get] of FIELDS) {
      const x = a ? get(a) : null;
      const y = b ? get(b) : null;
      if (x !== y) out.push({ key, name, field, before: x, after: y });
    }
  };
  for (const [a, b] of rows.values()) compare((a ?? b)!.key, (a ?? b)!.name, a, b);
  compare(null, '全市合计', before.totals, after.totals);
  return out;
}
