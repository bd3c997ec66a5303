import {
  type BulletinKind,
  type BulletinSummary,
  type BulletinView,
  type CommunityCategoryRates,
  expandCommunityCategories,
  type ItemsPage,
  type Metric,
  type PeriodKind,
  type RatesResult,
} from '@jyg12345/shared';
import { http, request } from './http';
import { getSession } from './session';

export {
  BULLETIN_TITLE as BULLETIN_LABELS,
  type BulletinKind,
  type BulletinSummary,
  type BulletinView as Bulletin,
  type FigureDiff,
  type FigureRow,
  type ItemsPage,
  type ItemView,
  type Metric,
  PERIOD_KINDS,
  type PeriodKind,
  percent,
  type Rates,
  type RatesResult,
} from '@jyg12345/shared';

export type BulletinPeriod = 'week' | 'xun' | 'month' | 'year';
export type ExportFormat = 'xlsx' | 'csv';
/** The ways the rates are grouped: units (ranked), categories, communities, community × category. */
export type RateView = 'units' | 'categories' | 'communities' | 'community-categories';

export const PERIOD_LABELS: Record<PeriodKind, string> = { week: '周', xun: '旬', month: '月', quarter: '季度', year: '年', range: '自定义' };
export const BULLETIN_PERIODS: readonly BulletinPeriod[] = ['xun', 'month', 'week', 'year'];
export const BULLETIN_OF_PERIOD: Record<BulletinPeriod, BulletinKind> = { week: 'weekly', xun: 'xun', month: 'monthly', year: 'yearly' };
export const VIEW_LABELS: Record<RateView, string> = { units: '按单位', categories: '按分类', communities: '按社区', 'community-categories': '社区 × 分类' };
/** What a row of each view is, and which drill-down group its figures open. */
export const VIEW_ROW: Record<RateView, { title: string; by: 'unit' | 'category' | 'community' | 'community-category' }> = {
  units: { title: '单位', by: 'unit' },
  categories: { title: '分类', by: 'category' },
  communities: { title: '社区', by: 'community' },
  'community-categories': { title: '社区 / 分类', by: 'community-category' },
};

/** A period: its kind and a day in it (China dates); a range also has its last day. */
export interface PeriodQuery {
  period: PeriodKind;
  date: string;
  to?: string;
}

/** The rates' query: the period, and for units whether each unit counts its sub-units too. */
export type RatesQuery = PeriodQuery & { includeSubUnits?: 'true' };

/** One figure's tickets: on the live rates (`by` + `key`) or frozen in a bulletin (`bulletinId` + `unitId`). */
export type FigureRef = { metric: Metric; counted?: 'true' | 'false'; title: string } & (
  | { source: 'live'; q: RatesQuery; by: 'unit' | 'category' | 'community' | 'community-category' | 'centre'; key?: string }
  | { source: 'bulletin'; bulletinId: string; unitId?: string }
);

export const assessmentKeys = {
  all: ['assessment'] as const,
  rates: (view: RateView | 'centre', q: RatesQuery) => [...assessmentKeys.all, 'rates', view, q] as const,
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
  /** Community × category comes compact (each community and category named once) and is expanded into the same rows. */
  rates: async (view: RateView | 'centre', q: RatesQuery): Promise<RatesResult> =>
    view === 'community-categories'
      ? expandCommunityCategories(await http.get<CommunityCategoryRates>(`/assessment/rates/${view}`, { ...q }))
      : http.get<RatesResult>(`/assessment/rates/${view}`, { ...q }),
  items: (ref: FigureRef) =>
    ref.source === 'live'
      ? http.get<ItemsPage>('/assessment/items', { ...ref.q, metric: ref.metric, by: ref.by, key: ref.key, counted: ref.counted, limit: ITEMS_LIMIT })
      : http.get<ItemsPage>(`/assessment/bulletins/${ref.bulletinId}/items`, { metric: ref.metric, unitId: ref.unitId, counted: ref.counted, limit: ITEMS_LIMIT }),
  exportRates: (view: RateView, q: RatesQuery, format: ExportFormat) => download(`/assessment/rates/${view}/export`, { ...q, format }, `三率.${format}`),
  /** A live figure's whole ticket list (streamed by the API). */
  exportItems: (ref: FigureRef & { source: 'live' }, format: ExportFormat) =>
    download('/assessment/items/export', { ...ref.q, metric: ref.metric, by: ref.by, ...(ref.key ? { key: ref.key } : {}), format }, `明细.${format}`),
  correct: (id: string, reason: string) => http.post<BulletinView>(`/assessment/bulletins/${id}/corrections`, { reason }),
  exportBulletin: (b: BulletinView, format: ExportFormat) => download(`/assessment/bulletins/${b.id}/export`, { format }, `${b.title}.${format}`),
  bulletins: () => http.get<BulletinSummary[]>('/assessment/bulletins'),
  bulletin: (id: string) => http.get<BulletinView>(`/assessment/bulletins/${id}`),
  publish: (kind: BulletinKind, date: string) => http.post<BulletinView>('/assessment/bulletins', { kind, date }),
};

/** Today in China time (the API's periods are China dates). */
export function chinaToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}
