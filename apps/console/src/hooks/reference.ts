import { useQuery } from '@tanstack/react-query';
import type { CategoryView, UnitView } from '@jyg12345/shared';
import { useMemo } from 'react';
import { categoryKeys, categoryService } from '../services/categories';
import { unitKeys, unitService } from '../services/units';

/** Units and categories change rarely: read once a few minutes, shared by every page. */
export function useUnits() {
  return useQuery({ queryKey: unitKeys.list(), queryFn: unitService.list, staleTime: 300_000 });
}

export function useCategories() {
  return useQuery({ queryKey: categoryKeys.list(), queryFn: categoryService.list, staleTime: 300_000 });
}

export function useUnitNames(): (id: string | null | undefined) => string {
  const { data } = useUnits();
  const byId = useMemo(() => new Map((data ?? []).map((u: UnitView) => [u.id, u.name])), [data]);
  return (id) => (id ? (byId.get(id) ?? '…') : '—');
}

export function useCategoryNames(): (id: string | null | undefined) => string {
  const { data } = useCategories();
  const byId = useMemo(() => new Map((data ?? []).map((c: CategoryView) => [c.id, `${c.level1} / ${c.level2} / ${c.level3}`])), [data]);
  return (id) => (id ? (byId.get(id) ?? '…') : '未分类');
}
