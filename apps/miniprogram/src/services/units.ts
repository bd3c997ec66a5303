import type { UnitView } from '@jyg12345/shared';
import { request } from './http';
import { authed } from './session';

let cache: Promise<UnitView[]> | null = null;

export const unitsService = {
  /** The organisation (to name who handles an appeal); fetched once per app run, a failure is not cached. */
  list(): Promise<UnitView[]> {
    cache ??= authed(() => request<UnitView[]>('/units')).catch((error: unknown) => {
      cache = null;
      throw error;
    });
    return cache;
  },
};
