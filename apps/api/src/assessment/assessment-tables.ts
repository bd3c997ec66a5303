import type { AssessmentBulletinItemEntity } from './assessment.entities.js';
import type { Cell, ExportColumn, ExportTable } from './assessment-export.js';
import type { FigureRow, Item, Metric } from './assessment.types.js';

const CHINA_OFFSET_MS = 8 * 3_600_000;
/** 'YYYY-MM-DD HH:mm' in China time. */
export const chinaTime = (t: Date): string => new Date(t.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');

export const RATE_COLUMNS: ExportColumn[] = [
  { header: '排名', width: 6, kind: 'int' },
  { header: '名称', width: 28, kind: 'text' },
  { header: '综合得分', width: 10, kind: 'number' },
  { header: '派单数', width: 8, kind: 'int' },
  { header: '及时响应数', width: 10, kind: 'int' },
  { header: '响应率', width: 10, kind: 'percent' },
  { header: '应办结数', width: 10, kind: 'int' },
  { header: '办结数', width: 8, kind: 'int' },
  { header: '办结率', width: 10, kind: 'percent' },
  { header: '按时办结数', width: 10, kind: 'int' },
  { header: '按时办结率', width: 11, kind: 'percent' },
  { header: '评价数', width: 8, kind: 'int' },
  { header: '满意数', width: 8, kind: 'int' },
  { header: '满意率', width: 10, kind: 'percent' },
  { header: '未评价自动办结', width: 14, kind: 'int' },
  { header: '直接办结', width: 10, kind: 'int' },
];

export function rateCells(r: FigureRow): Cell[] {
  return [
    r.rank,
    r.name,
    r.score,
    r.response.total,
    r.response.signedOnTime,
    r.response.rate,
    r.completion.total,
    r.completion.replied,
    r.completion.rate,
    r.completion.onTime,
    r.completion.onTimeRate,
    r.satisfaction.total,
    r.satisfaction.satisfied,
    r.satisfaction.rate,
    r.unratedAutoClosed,
    r.answeredAtIntake,
  ];
}

export function ratesTable(title: string, sheet: string, rows: FigureRow[]): ExportTable {
  return { title, sheet, columns: RATE_COLUMNS, rows: rows.map(rateCells) };
}

export const METRIC_NAMES: Record<Metric, string> = {
  response: '响应',
  completion: '办结',
  satisfaction: '满意度',
  unrated: '未评价自动办结',
  answered: '直接办结',
};
const COUNTED_NAMES: Record<Metric, string> = {
  response: '按时签收',
  completion: '已办结',
  satisfaction: '满意或基本满意',
  unrated: '是',
  answered: '是',
};

export const ITEM_COLUMNS: ExportColumn[] = (
  [['工单编号', 20], ['指标', 10], ['承办单位', 24], ['计入时间', 17], ['计入分子', 14], ['按时', 6], ['工单ID', 28]] as const
).map(([header, width]) => ({ header, width, kind: 'text' }));

export interface PlainItem {
  ticketNumber: string;
  metric: Metric;
  unitId: string | null;
  at: Date;
  counted: boolean;
  onTime: boolean | null;
  ticketId: string;
}

export function itemCells(i: PlainItem, names: Map<string, string>): Cell[] {
  return [
    i.ticketNumber,
    METRIC_NAMES[i.metric],
    i.unitId ? (names.get(i.unitId) ?? i.unitId) : '（无承办单位）',
    chinaTime(i.at),
    i.counted ? COUNTED_NAMES[i.metric] : '否',
    i.onTime === null ? '' : i.onTime ? '是' : '否',
    i.ticketId,
  ];
}

export const fromItem = (i: Item): PlainItem => i;
export const fromBulletinItem = (r: AssessmentBulletinItemEntity): PlainItem => ({
  ticketNumber: r.ticketNumber,
  metric: r.metric as Metric,
  unitId: r.unitKey === '-' ? null : r.unitKey,
  at: new Date(r.at),
  counted: Boolean(r.counted),
  onTime: r.onTime === null ? null : Boolean(r.onTime),
  ticketId: r.ticketId,
});
