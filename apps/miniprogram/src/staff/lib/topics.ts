import { staffRequest } from './session';

/** 每月一题 as a unit handler sees it: the topics their unit leads or cooperates on (GET /proactive/topics). */
export type TopicStatus = 'selected' | 'assigned' | 'answering' | 'evaluated';
export type TopicVerdict = 'solved' | 'partly_solved' | 'unsolved';

export const TOPIC_STATUS_TEXT: Record<TopicStatus, string> = { selected: '已选题', assigned: '待答题', answering: '答题中', evaluated: '已评题' };
export const VERDICT_TEXT: Record<TopicVerdict, string> = { solved: '已解决', partly_solved: '部分解决', unsolved: '未解决' };

export interface TopicPhoto {
  id: string;
  url: string;
  thumbnailUrl: string;
}

export interface TopicReport {
  id: string;
  unitId: string;
  unitName: string;
  content: string;
  createdAt: string;
  photos: TopicPhoto[];
}

export interface Topic {
  id: string;
  title: string;
  problem: string;
  month: string;
  status: TopicStatus;
  leadUnitId: string | null;
  leadUnitName: string | null;
  cooperatingUnits: { id: string; name: string }[];
  standard: string | null;
  deadline: string | null;
  verdict: TopicVerdict | null;
  verdictNote: string | null;
  taggedTickets: number;
}

export interface TopicDetail extends Topic {
  reports: TopicReport[];
}

/** Reports are taken while the topic is assigned or being answered. */
export const mayReport = (t: Topic): boolean => t.status === 'assigned' || t.status === 'answering';

export const topicsApi = {
  list: () => staffRequest<Topic[]>('/proactive/topics'),
  get: (id: string) => staffRequest<TopicDetail>(`/proactive/topics/${encodeURIComponent(id)}`),
  report: (id: string, content: string, attachmentIds: string[]) =>
    staffRequest<TopicReport>(`/proactive/topics/${encodeURIComponent(id)}/reports`, { method: 'POST', body: { content, ...(attachmentIds.length > 0 ? { attachmentIds } : {}) } }),
};
