import type { CategoryView } from '@jyg12345/shared';
import { request } from './http';
import { authed } from './session';

let cache: Promise<CategoryView[]> | null = null;

/** '城乡建设 / 供热 / 供热不达标'. */
export function categoryName(category: CategoryView | undefined): string | null {
  if (!category) return null;
  return [category.level1, category.level2, category.level3].filter(Boolean).join(' / ');
}

export const categoriesService = {
  /** Fetched once per app run; a failure is not cached. */
  list(): Promise<CategoryView[]> {
    cache ??= authed(() => request<CategoryView[]>('/categories')).catch((error: unknown) => {
      cache = null;
      throw error;
    });
    return cache;
  },
};
