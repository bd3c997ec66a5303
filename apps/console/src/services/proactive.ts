import type { AttachmentView } from '@jyg12345/shared';
import { ApiError, http } from './http';
import { getSession } from './session';
import { ERROR_MESSAGES_ZH, ErrorCode, type ApiErrorBody } from '@jyg12345/shared';

/** 未诉先办: hot spots, 每月一题 and the big screen (the API's apps/api/src/proactive, docs/hotspots.md). */
export type Grain = 'day' | 'week' | 'month';
export type TopicStatus = 'selected' | 'assigned' | 'answering' | 'evaluated';
export type TopicVerdict = 'solved' | 'partly_solved' | 'unsolved';

export const GRAIN_LABELS: Record<Grain, string> = { day: '日', week: '周', month: '月' };
export const TOPIC_STATUS_LABELS: Record<TopicStatus, string> = { selected: '已选题', assigned: '已交题', answering: '答题中', evaluated: '已评题' };
export const TOPIC_STATUS_COLORS: Record<TopicStatus, string> = { selected: 'default', assigned: 'blue', answering: 'orange', evaluated: 'green' };
export const VERDICT_LABELS: Record<TopicVerdict, string> = { solved: '已解决', partly_solved: '部分解决', unsolved: '未解决' };

interface Named {
  categoryId: string | null;
  communityId: string | null;
  categoryName: string | null;
  communityName: string | null;
}

export interface BucketCount extends Named {
  bucket: string;
  n: number;
}

export interface RisingRow extends Named {
  count: number;
  baseline: number;
  ratio: number | null;
  pValue: number;
}

export interface Term {
  term: string;
  count: number;
  previous: number;
  lift: number | null;
}

export interface SpotRow extends Named {
  count: number;
  lat: number;
  lng: number;
  gcj02: { lat: number; lng: number };
  radiusM: number;
  from: string;
  to: string;
  ticketIds: string[];
}

export interface TopicRule {
  categoryIds: string[];
  words: string[];
  communityIds: string[];
}

export interface Topic {
  id: string;
  title: string;
  problem: string;
  month: string;
  rule: TopicRule;
  status: TopicStatus;
  source: Record<string, string | number | boolean | null> | null;
  leadUnitId: string | null;
  leadUnitName: string | null;
  cooperatingUnitIds: string[];
  cooperatingUnits: { id: string; name: string }[];
  standard: string | null;
  deadline: string | null;
  verdict: TopicVerdict | null;
  verdictNote: string | null;
  version: number;
  taggedTickets: number;
  createdAt: string;
  assignedAt: string | null;
  evaluatedAt: string | null;
}

export interface TopicReport {
  id: string;
  topicId: string;
  unitId: string;
  unitName: string;
  authorId: string;
  content: string;
  createdAt: string;
  photos: { id: string; url: string; thumbnailUrl: string }[];
}

export interface TopicDetail extends Topic {
  reports: TopicReport[];
}

export interface TopicTicket {
  ticketId: string;
  number: string;
  status: string;
  title: string | null;
  description: string;
  createdAt: string;
  source: 'auto' | 'manual';
}

export interface Evaluation {
  topic: Topic;
  months: { month: string; matching: number; tagged: number | null }[];
  reports: TopicReport[];
}

export interface ScreenRates {
  response: { rate: number | null };
  completion: { rate: number | null; onTimeRate: number | null };
  satisfaction: { rate: number | null };
  period: string;
}

export interface ScreenSummary {
  asOf: string;
  today: { date: string; received: number; dispatched: number; replied: number; closed: number };
  rates: ScreenRates | null;
  categories: { level1: { name: string; count: number }[]; top: { id: string | null; name: string; count: number }[] };
  trend: { date: string; count: number }[];
  communities: { id: string; name: string; count: number }[];
  units: { id: string; name: string; rank: number; score: number; response: number | null; completion: number | null; satisfaction: number | null }[];
  points: { lat: number; lng: number; category: string }[];
  topic: Topic | null;
}

export interface Range {
  from: string;
  to: string;
}

export interface CreateTopicBody {
  title: string;
  problem: string;
  month: string;
  rule: TopicRule;
  source?: Record<string, string | number | boolean | null>;
}

export interface AssignTopicBody {
  version: number;
  leadUnitId: string;
  cooperatingUnitIds: string[];
  standard: string;
  deadline: string;
}

export const proactiveKeys = {
  all: ['proactive'] as const,
  counts: (r: Range, grain: Grain) => [...proactiveKeys.all, 'counts', r, grain] as const,
  rising: (r: Range) => [...proactiveKeys.all, 'rising', r] as const,
  terms: (r: Range) => [...proactiveKeys.all, 'terms', r] as const,
  spots: (days: number) => [...proactiveKeys.all, 'spots', days] as const,
  topics: () => [...proactiveKeys.all, 'topics'] as const,
  topic: (id: string) => [...proactiveKeys.all, 'topic', id] as const,
  tickets: (id: string) => [...proactiveKeys.all, 'topic', id, 'tickets'] as const,
  evaluation: (id: string) => [...proactiveKeys.all, 'topic', id, 'evaluation'] as const,
  screen: ['proactive', 'screen'] as const,
};

/** One photo as multipart (the bearer header, so not through `http`); the API's error body becomes an ApiError. */
async function uploadPhoto(file: Blob, name: string): Promise<AttachmentView> {
  const form = new FormData();
  form.append('file', file, name);
  const session = getSession();
  let res: Response;
  try {
    res = await fetch('/api/v1/attachments', { method: 'POST', headers: session ? { authorization: `Bearer ${session.token}` } : {}, body: form });
  } catch {
    throw new ApiError(0, ErrorCode.INTERNAL_ERROR, '网络连接失败，请检查网络后重试');
  }
  const body = (await res.json().catch(() => undefined)) as (AttachmentView & Partial<ApiErrorBody>) | undefined;
  if (!res.ok) {
    const code = body?.code && body.code in ERROR_MESSAGES_ZH ? body.code : ErrorCode.INTERNAL_ERROR;
    throw new ApiError(res.status, code, body?.message || ERROR_MESSAGES_ZH[code], body?.details ?? []);
  }
  return body as AttachmentView;
}

export const proactiveService = {
  counts: (r: Range, grain: Grain) => http.get<{ rows: BucketCount[] }>('/proactive/hotspots/counts', { ...r, grain }),
  rising: (r: Range) => http.get<{ history: Range; rising: RisingRow[] }>('/proactive/hotspots/rising', { ...r }),
  terms: (r: Range) => http.get<{ previous: Range; appeals: number; previousAppeals: number; terms: Term[] }>('/proactive/hotspots/terms', { ...r, limit: 30 }),
  spots: (days: number) => http.get<{ spots: SpotRow[] }>('/proactive/hotspots/spots', { days }),
  topics: () => http.get<Topic[]>('/proactive/topics'),
  topic: (id: string) => http.get<TopicDetail>(`/proactive/topics/${id}`),
  create: (body: CreateTopicBody) => http.post<Topic>('/proactive/topics', body),
  assign: (id: string, body: AssignTopicBody) => http.post<Topic>(`/proactive/topics/${id}/assign`, body),
  report: (id: string, body: { content: string; attachmentIds: string[] }) => http.post<TopicReport>(`/proactive/topics/${id}/reports`, body),
  tickets: (id: string) => http.get<TopicTicket[]>(`/proactive/topics/${id}/tickets`),
  tag: (id: string, ticketId: string) => http.post<void>(`/proactive/topics/${id}/tickets`, { ticketId }),
  untag: (id: string, ticketId: string) => http.delete<void>(`/proactive/topics/${id}/tickets/${ticketId}`),
  retag: (id: string) => http.post<{ matched: number }>(`/proactive/topics/${id}/retag`),
  evaluation: (id: string) => http.get<Evaluation>(`/proactive/topics/${id}/evaluation`),
  evaluate: (id: string, body: { version: number; verdict: TopicVerdict; note: string }) => http.post<Topic>(`/proactive/topics/${id}/evaluate`, body),
  screen: () => http.get<ScreenSummary>('/proactive/screen'),
  uploadPhoto,
};

/** A China date `days` after `date` (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
