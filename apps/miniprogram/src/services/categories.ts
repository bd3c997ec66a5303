import type { CategoryView } from '@jyg12345/shared';
import { request } from './http';
import { authed } from './session';

let cache: Promise<CategoryView[]> | null = null;

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
