import { describe, expect, it } from '@jest/globals';
import { calendarFrom } from '@jyg12345/shared';
import { SEED_CALENDAR_2026 } from '@jyg12345/seeds';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { exportStream } from './assessment-export.js';
import { type EventFacts, itemsOf, type TicketFacts } from './assessment-facts.js';
import { rank, ratesOf, scoreOf } from './assessment-figures.js';
import { periodOf } from './assessment-periods.js';
import type { FigureRow, Item, Rates } from './assessment.types.js';

const calendar = calendarFrom(SEED_CALENDAR_2026);

describe('periods in China time', () => {
  it('cuts weeks, 旬, months, quarters, years and ranges at China midnight', () => {
    expect(periodOf('week', '2026-03-01')).toMatchObject({ from: '2026-02-23', to: '2026-03-01' });
    expect(periodOf('week', '2026-03-02').start.toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(periodOf('xun', '2026-02-25')).toMatchObject({ from: '2026-02-21', to: '2026-02-28' });
    expect(periodOf('xun', '2026-03-31')).toMatchObject({ from: '2026-03-21', to: '2026-03-31' });
    expect(periodOf('xun', '2026-03-11')).toMatchObject({ from: '2026-03-11', to: '2026-03-20' });
    expect(periodOf('xun', '2026-03-10').end.toISOString()).toBe('2026-03-10T16:00:00.000Z');
    expect(periodOf('month', '2026-12-31')).toMatchObject({ from: '2026-12-01', to: '2026-12-31' });
    expect(periodOf('quarter', '2026-05-05')).toMatchObject({ from: '2026-04-01', to: '2026-06-30' });
    expect(periodOf('year', '2026-05-05')).toMatchObject({ from: '2026-01-01', to: '2026-12-31' });
    expect(periodOf('range', '2026-05-05', '2026-05-05')).toMatchObject({ from: '2026-05-05', to: '2026-05-05' });
    expect(() => periodOf('range', '2026-05-05', '2026-05-04')).toThrow(RangeError);
    expect(() => periodOf('range', '2026-01-01', '2027-01-02')).toThrow(RangeError);
    expect(() => periodOf('month', '2026-02-30')).toThrow(RangeError);
  });
});

describe('scores and ranks', () => {
  const rates = (r: number | null, c: number | null, s: number | null): Rates => ({
    response: { signedOnTime: 0, total: 0, rate: r },
    completion: { replied: 0, onTime: 0, total: 0, rate: c, onTimeRate: null },
    satisfaction: { satisfied: 0, total: 0, rate: s },
    unratedAutoClosed: 0,
    answeredAtIntake: 0,
  });
  it('leaves out the weight of a missing rate and shares ranks on equal scores', () => {
    const w = { response: 0.1, completion: 0.45, satisfaction: 0.45 };
    expect(scoreOf(rates(1, 1, 0.5), w)).toBe(77.5);
    expect(scoreOf(rates(0, 1, null), w)).toBe(81.82);
    expect(scoreOf(rates(null, null, null), w)).toBeNull();
    const row = (key: string, score: number | null): FigureRow => ({ key, name: key, ...rates(null, null, null), score, rank: null });
    expect(rank([row('a', 90), row('b', null), row('c', 95), row('d', 90)]).map((r) => [r.key, r.rank])).toEqual([
      ['c', 1],
      ['a', 2],
      ['d', 2],
      ['b', null],
    ]);
  });
});

async function collect(s: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}

describe('exports', () => {
  const table = {
    title: '测试',
    sheet: '明细',
    columns: [
      { header: '内容', width: 20, kind: 'text' as const },
      { header: '比率', width: 10, kind: 'percent' as const },
    ],
    rows: [
      ['=HYPERLINK("http://evil","点我")', 0.5],
      ['+1', null],
      ['-2', 1],
      ['@SUM(A1)', 0],
      ['普通文本, 含逗号', 0.1234],
    ],
  };

  it('writes cells that start with = + - @ as text in CSV (quote-prefixed) and XLSX (string cells, text format)', async () => {
    const csv = (await collect(exportStream('csv', table))).toString('utf8');
    expect(csv.startsWith('\uFEFF内容,比率\r\n')).toBe(true);
    expect(csv.split('\r\n').slice(1, 6)).toEqual([`"'=HYPERLINK(""http://evil"",""点我"")",50.00%`, "'+1,", "'-2,100.00%", "'@SUM(A1),0.00%", '"普通文本, 含逗号",12.34%']);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await collect(exportStream('xlsx', table))) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const cell = ws.getRow(2).getCell(1);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe('=HYPERLINK("http://evil","点我")');
    expect(cell.numFmt).toBe('@');
    expect(ws.getRow(3).getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(ws.getRow(2).getCell(2).numFmt).toBe('0.00%');

    const html = (await collect(exportStream('html', table))).toString('utf8');
    expect(html).toContain('<td>=HYPERLINK(&#34;http://evil&#34;,&#34;点我&#34;)</td>');
    expect(html).toContain('@page{size:A4 landscape');
  });
});

// ---- property: random ticket histories folded into items

const UNITS = ['U1', 'U2', 'U3'];
const T0 = Date.parse('2026-03-01T00:00:00+08:00');
type Step = { kind: 'dispatch'; unit: number } | { kind: 'sign' | 'return' | 'extend' | 'reply' | 'reopen' | 'auto_close' | 'answer' } | { kind: 'rate'; ok: boolean };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('dispatch' as const), unit: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constantFrom('sign' as const, 'return' as const, 'extend' as const, 'reply' as const, 'reopen' as const, 'auto_close' as const, 'answer' as const) }),
  fc.record({ kind: fc.constant('rate' as const), ok: fc.boolean() }),
);
const historyArb = fc.record({
  steps: fc.array(stepArb, { maxLength: 12 }),
  gaps: fc.array(fc.integer({ min: 1, max: 6 * 86_400_000 }), { minLength: 12, maxLength: 12 }),
  type: fc.constantFrom('consultation' as const, 'complaint' as const),
  urgent: fc.boolean(),
});

function historyToTicket(n: number, h: { steps: Step[]; gaps: number[]; type: 'consultation' | 'complaint'; urgent: boolean }) {
  let t = T0;
  let lead: string | null = null;
  const events: EventFacts[] = [];
  h.steps.forEach((s, i) => {
    t += h.gaps[i]!;
    const id = `E${String(n).padStart(4, '0')}${String(i).padStart(3, '0')}`;
    const at = new Date(t);
    if (s.kind === 'dispatch') {
      lead = UNITS[s.unit]!;
      events.push({ id, action: 'dispatch', payload: { leadUnitId: lead }, createdAt: at });
    } else if (s.kind === 'return') events.push({ id, action: 'approve_return', payload: null, createdAt: at });
    else if (s.kind === 'extend') events.push({ id, action: 'approve_extension', payload: { days: 3 }, createdAt: at });
    else if (s.kind === 'reopen') events.push({ id, action: 'reopen', payload: lead ? { leadUnitId: lead } : null, createdAt: at });
    else if (s.kind === 'rate') events.push({ id, action: 'rate', payload: { satisfaction: s.ok ? 'satisfied' : 'unsatisfied' }, createdAt: at });
    else events.push({ id, action: s.kind, payload: null, createdAt: at });
  });
  const ticket: TicketFacts = {
    id: `T${n}`,
    number: `JYG${n}`,
    type: h.type,
    channel: 'phone',
    urgent: h.urgent,
    categoryId: null,
    communityId: null,
    leadUnitId: lead,
    signDueAt: null,
    replyDueAt: null,
    categoryReplyDays: null,
    satisfaction: null,
  };
  return { ticket, events };
}

const counts = (r: Rates) => [r.response.signedOnTime, r.response.total, r.completion.replied, r.completion.onTime, r.completion.total, r.satisfaction.satisfied, r.satisfaction.total, r.unratedAutoClosed, r.answeredAtIntake];

describe('property: figures add up and are their drill-downs', () => {
  it('units plus intake add up to the totals, the 旬 to the month, and each rate is its items’ share', () => {
    fc.assert(
      fc.property(fc.array(historyArb, { maxLength: 25 }), (histories) => {
        const asOf = new Date('2026-12-01T00:00:00Z');
        const all: Item[] = histories.flatMap((h, n) => {
          const { ticket, events } = historyToTicket(n, h);
          return itemsOf(ticket, events, calendar, asOf);
        });
        const month = periodOf('month', '2026-03-15');
        const inPeriod = (p: { start: Date; end: Date }) => all.filter((i) => i.at >= p.start && i.at < p.end);
        const monthItems = inPeriod(month);
        const totals = ratesOf(monthItems);
        // units + the no-unit row = totals
        const parts = [...UNITS, null].map((u) => counts(ratesOf(monthItems.filter((i) => i.unitId === u))));
        expect(parts.reduce((a, b) => a.map((x, k) => x + b[k]!))).toEqual(counts(totals));
        // the three 旬 partition the month
        const xuns = ['2026-03-05', '2026-03-15', '2026-03-25'].map((d) => counts(ratesOf(inPeriod(periodOf('xun', d)))));
        expect(xuns.reduce((a, b) => a.map((x, k) => x + b[k]!))).toEqual(counts(totals));
        // each unit's rate recomputed from its drill-down
        for (const u of UNITS) {
          const mine = monthItems.filter((i) => i.unitId === u);
          const r = ratesOf(mine);
          for (const [metric, rate] of [['response', r.response.rate], ['completion', r.completion.rate], ['satisfaction', r.satisfaction.rate]] as const) {
            const list = mine.filter((i) => i.metric === metric);
            expect(list.length === 0 ? null : list.filter((i) => i.counted).length / list.length).toBe(rate);
          }
        }
        // items name a unit that was dispatched to, and never more assignments than dispatches
        for (const i of all) if (i.metric === 'response') expect(UNITS).toContain(i.unitId);
        const dispatches = histories.reduce((s, h) => s + h.steps.filter((x) => x.kind === 'dispatch').length, 0);
        expect(all.filter((i) => i.metric === 'response').length).toBeLessThanOrEqual(dispatches);
      }),
      { numRuns: 200 },
    );
  });
});
