import type { CategoryView } from '@jyg12345/shared';
import { http } from './http';

export const categoryKeys = {
  all: ['categories'] as const,
  list: () => [...categoryKeys.all, 'list'] as const,
};

export interface CategoryBody {
  code?: string;
  level1: string;
  level2: string;
  level3: string;
  defaultUnitId: string | null;
  replyDays: number | null;
  active?: boolean;
}

export const categoryName = (c: CategoryView) => `${c.level1} / ${c.level2} / ${c.level3}`;

export const categoryService = {
  list: () => http.get<CategoryView[]>('/categories'),
  create: (body: CategoryBody) => http.post<CategoryView>('/categories', body),
  update: (id: string, body: Partial<CategoryBody>) => http.patch<CategoryView>(`/categories/${id}`, body),
};
