import type { KnowledgeEntryView } from '@jyg12345/shared';
import { http } from './http';

export const knowledgeKeys = {
  all: ['knowledge'] as const,
  search: (q: string, includeInactive = false) => [...knowledgeKeys.all, 'search', q, includeInactive] as const,
};

export interface KnowledgeBody {
  title: string;
  content: string;
  categoryId?: string | null;
  keywords?: string;
  active?: boolean;
}

export const knowledgeService = {
  search: (q: string, includeInactive = false) =>
    http.get<KnowledgeEntryView[]>('/knowledge', { q: q.trim() || undefined, includeInactive: includeInactive || undefined, limit: 50 }),
  create: (body: KnowledgeBody) => http.post<KnowledgeEntryView>('/knowledge', body),
  update: (id: string, body: Partial<KnowledgeBody>) => http.patch<KnowledgeEntryView>(`/knowledge/${id}`, body),
};
