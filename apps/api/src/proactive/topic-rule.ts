import type { TopicRule } from './proactive.entities.js';

export interface RuleTicket {
  categoryId: string | null;
  communityId: string | null;
  title: string | null;
  description: string;
}

/**
 * Whether an appeal is one of a topic's: in any of its categories or using any of its words, and within any of its
 * communities (an empty community list: anywhere). Words catch what residents file before an operator classifies it.
 * The same rule as ProactiveRepository.matching in SQL.
 */
export function matchesRule(rule: TopicRule, t: RuleTicket): boolean {
  if (rule.communityIds.length > 0 && (t.communityId === null || !rule.communityIds.includes(t.communityId))) return false;
  if (t.categoryId !== null && rule.categoryIds.includes(t.categoryId)) return true;
  const text = `${t.title ?? ''} ${t.description}`;
  return rule.words.some((w) => text.includes(w));
}

/** A rule must say what the appeals are about: a category or a word (an area alone would take in everything there). */
export const ruleIsSpecific = (rule: TopicRule): boolean => rule.categoryIds.length > 0 || rule.words.length > 0;
