import { http, request } from './http';
import { getSession } from './session';

/** The period kinds the console offers, and how each is named on a bulletin (the API's assessment.types.ts). */
export type PeriodKind = 'week' | 'xun' | 'month';
export type BulletinKind = 'weekly' | 'xun' | 'monthly' | 'yearly';
export type Metric = 'response' | 'completion' | 'satisfaction' | 'unrated' | 'answered';
export type ExportFormat = 'xlsx' | 'csv';

export const PERIOD_LABELS: Record<PeriodKind, string> = { xun: '旬', month: '月', week: '周' };
export const BULLETIN_OF_PERIOD: Record<PeriodKind, BulletinKind> = { week: 'weekly', xun: 'xun', month: 'monthly' };
export const BULLETIN_LABELS: Record<BulletinKind, string> = { weekly: '周专报', xun: '旬通报', monthly: '月排名', yearly: '年考核' };

export interface Rates {
  response: { signedOnTime: number; total: number; rate: number | null };
  completion: { replied: number; onTime: number; total: number; rate: number | null; onTimeRate: number | null };
  satisfaction: { satisfied: number; total: number; rate: number | null };
  unratedAutoClosed: number;
  answeredAtIntake: number;
}

export interface FigureRow extends Rates {
  key: string | null;
  name: string;
  score: number | null;
  rank: number | null;
}

export interface RatesResult {
  period: { kind: string; from: string; to: string; label: string };
  asOf: string;
  weights: { response: number; completion: number; satisfaction: number };
  rows: FigureRow[];
}

export interface ItemView {
  key: string;
  ticketId: string;
  ticketNumber: string;
  unitId: string | null;
  unitName: string | null;
  at: string;
  counted: boolean;
  onTime: boolean | null;
}

export interface ItemsPage {
  items: ItemView[];
  nextCursor: string | null;
}

/** A published bulletin as listed (the list leaves out the figures). */
export interface BulletinSummary {
  id: string;
  kind: BulletinKind;
  periodStart: string;
  periodEnd: string;
  title: string;
  version: number;
  correctsId: string | null;
  reason: string | null;
  publishedAt: string;
  asOf: string;
}

export interface Bulletin extends BulletinSummary {
  figures: { period: { kind: string; from: string; to: string }; units: FigureRow[]; intake: Rates; totals: Rates };
}

export interface PeriodQuery {
  period: PeriodKind;
  date: string;
}

/** One figure's tickets: on the live rates (`by` + `key`) or frozen in a bulletin (`bulletinId` + `unitId`). */
export type FigureRef = { metric: Metric; counted?: 'true' | 'false'; title: string } & (
  | { source: 'live'; q: PeriodQuery; by: 'unit' | 'centre'; key?: string }
  | { source: 'bulletin'; bulletinId: string; unitId?: string }
);

export const assessmentKeys = {
  all: ['assessment'] as const,
  rates: (view: 'units' | 'centre', q: PeriodQuery) => [...assessmentKeys.all, 'rates', view, q] as const,
  items: (ref: FigureRef) => [...assessmentKeys.all, 'items', ref] as const,
  bulletins: () => [...assessmentKeys.all, 'bulletins'] as const,
  bulletin: (id: string) => [...assessmentKeys.all, 'bulletin', id] as const,
};

const ITEMS_LIMIT = 500;

/** Exports need the bearer header, so they are fetched as a blob and saved through a temporary link. */
async function download(path: string, query: Record<string, string>, fallbackName: string): Promise<void> {
  const session = getSession();
  const res = await fetch(`/api/v1${path}?${new URLSearchParams(query).toString()}`, {
    headers: session ? { authorization: `Bearer ${session.token}` } : {},
  });
  if (!res.ok) {
    // Let the JSON path turn the error body into an ApiError with its code and message.
    await request('GET', path, { query });
    return;
  }
  const disposition = res.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const name = encoded ? decodeURIComponent(encoded) : fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const assessmentService = {
  rates: (view: 'units' | 'centre', q: PeriodQuery) => http.get<RatesResult>(`/assessment/rates/${view}`, { ...q }),
  items: (ref: FigureRef) =>
    ref.source === 'live'
      ? http.get<ItemsPage>('/assessment/items', { ...ref.q, metric: ref.metric, by: ref.by, key: ref.key, counted: ref.counted, limit: ITEMS_LIMIT })
      : http.get<ItemsPage>(`/assessment/bulletins/${ref.bulletinId}/items`, { metric: ref.metric, unitId: ref.unitId, counted: ref.counted, limit: ITEMS_LIMIT }),
  exportRates: (q: PeriodQuery, format: ExportFormat) => download('/assessment/rates/units/export', { ...q, format }, `三率.${format}`),
  exportBulletin: (b: Bulletin, format: ExportFormat) => download(`/assessment/bulletins/${b.id}/export`, { format }, `${b.title}.${format}`),
  bulletins: () => http.get<BulletinSummary[]>('/assessment/bulletins'),
  bulletin: (id: string) => http.get<Bulletin>(`/assessment/bulletins/${id}`),
  publish: (kind: BulletinKind, date: string) => http.post<Bulletin>('/assessment/bulletins', { kind, date }),
};

/** "93.5%", or "—" when a rate has nothing to count. */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** Today in China time (the API's periods are China dates). */
export function chinaToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}
