import type { TopicRule } from './proactive.entities.js';

export interface RuleTicket {
  categoryId: string | null;
  communityId: string | null;
  title: string | null;
  description: string;
}

/**
 * Whether an appeal is one of a topic's: in any of its categories, using any of its words, within any of its
 * communities; an empty list sets no condition. The same rule as ProactiveRepository.matching in SQL.
 */
export function matchesRule(rule: TopicRule, t: RuleTicket): boolean {
  if (rule.categoryIds.length > 0 && (t.categoryId === null || !rule.categoryIds.includes(t.categoryId))) return false;
  if (rule.communityIds.length > 0 && (t.communityId === null || !rule.communityIds.includes(t.communityId))) return false;
  if (rule.words.length > 0) {
    const text = `${t.title ?? ''} ${t.description}`;
    if (!rule.words.some((w) => text.includes(w))) return false;
  }
  return true;
}

/** A rule must say what the appeals are about: a category or a word (an area alone would take in everything there). */
export const ruleIsSpecific = (rule: TopicRule): boolean => rule.categoryIds.length > 0 || rule.words.length > 0;
