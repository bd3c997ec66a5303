import { type BulletinSummary, type BulletinView, type MyRates, percent, type Rates } from '@jyg12345/shared';
import { staffRequest } from './session';

/** The API's assessment figures (shared/src/assessment.ts), as a unit handler reads them. */
export type { BulletinSummary, BulletinView as Bulletin, MyRates } from '@jyg12345/shared';

export type AssessmentPeriod = 'week' | 'xun' | 'month' | 'quarter' | 'year';
export const ASSESSMENT_PERIODS: { key: AssessmentPeriod; label: string }[] = [
  { key: 'xun', label: '旬' },
  { key: 'month', label: '月' },
  { key: 'quarter', label: '季度' },
  { key: 'year', label: '年' },
];

export const assessmentApi = {
  /** The handler's own unit: its rates, score and rank among all ranked units (GET /assessment/me). */
  mine(period: AssessmentPeriod, date: string): Promise<MyRates> {
    return staffRequest<MyRates>('/assessment/me', { query: { period, date } });
  },
  bulletins(): Promise<BulletinSummary[]> {
    return staffRequest<BulletinSummary[]>('/assessment/bulletins');
  },
  bulletin(id: string): Promise<BulletinView> {
    return staffRequest<BulletinView>(`/assessment/bulletins/${encodeURIComponent(id)}`);
  },
};

/** Today in China time (the API's periods are China dates). */
export function chinaToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The China date `days` after `date` (negative: before). */
export function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The four figures of a row, as cells show them: name, rate, and the counts behind it. */
export function figureLines(r: Rates): { label: string; rate: string; counts: string }[] {
  return [
    { label: '响应率', rate: percent(r.response.rate), counts: `及时签收 ${r.response.signedOnTime} / 派单 ${r.response.total}` },
    { label: '办结率', rate: percent(r.completion.rate), counts: `已办结 ${r.completion.replied} / 应办结 ${r.completion.total}` },
    { label: '按时办结率', rate: percent(r.completion.onTimeRate), counts: `按时办结 ${r.completion.onTime} / 应办结 ${r.completion.total}` },
    { label: '满意率', rate: percent(r.satisfaction.rate), counts: `满意 ${r.satisfaction.satisfied} / 评价 ${r.satisfaction.total}` },
  ];
}
