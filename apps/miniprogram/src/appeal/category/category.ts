import type { CategoryView, RoutingSuggestionView } from '@jyg12345/shared';

export type SuggestedCategory = RoutingSuggestionView['categories'][number];

/** Suggestions are asked for once the text says enough, and after the resident pauses typing. */
export const SUGGEST_MIN_CHARS = 10;
export const SUGGEST_DEBOUNCE_MS = 600;

const VAGUE_LEAVES = new Set(['其他', '其它']);

/**
 * What a chip shows of "城乡建设/城市建设和市政管理/冬季采暖": the leaf, or with its parent when the leaf
 * alone says nothing ("出租车管理·其他", which must not look like the 「其他」 button).
 */
export function leafName(name: string): string {
  const parts = name.split('/').filter((p) => p.length > 0);
  const leaf = parts[parts.length - 1] ?? name;
  const parent = parts[parts.length - 2];
  return VAGUE_LEAVES.has(leaf) && parent ? `${parent}·${leaf}` : leaf;
}


export interface CategoryGroup {
  level2: string;
  leaves: CategoryView[];
}

/** The first level of the picker, in the taxonomy's order. */
export function level1Names(categories: readonly CategoryView[]): string[] {
  const seen = new Set<string>();
  for (const c of categories) if (c.active) seen.add(c.level1);
  return [...seen];
}

/** The leaves under one first-level name, grouped by their second level. */
export function leavesOf(categories: readonly CategoryView[], level1: string): CategoryGroup[] {
  const groups = new Map<string, CategoryView[]>();
  for (const c of categories) {
    if (!c.active || c.level1 !== level1) continue;
    const list = groups.get(c.level2) ?? [];
    list.push(c);
    groups.set(c.level2, list);
  }
  return [...groups].map(([level2, leaves]) => ({ level2, leaves }));
}
