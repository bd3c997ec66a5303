import { describe, expect, it } from '@jest/globals';
import { matchesRule, ruleIsSpecific } from './topic-rule.js';

const ticket = (over: Partial<{ categoryId: string | null; communityId: string | null; title: string | null; description: string }> = {}) => ({
  categoryId: null,
  communityId: null,
  title: null,
  description: '',
  ...over,
});

describe('matchesRule', () => {
  const rule = { categoryIds: ['heating'], words: ['暖气', '不热'], communityIds: [] };

  it('takes an appeal in one of the categories, or one using one of the words', () => {
    expect(matchesRule(rule, ticket({ categoryId: 'heating', description: '家里很冷' }))).toBe(true);
    expect(matchesRule(rule, ticket({ description: '暖气片一直是凉的' }))).toBe(true);
    expect(matchesRule(rule, ticket({ title: '屋里不热', description: '已经三天了' }))).toBe(true);
    expect(matchesRule(rule, ticket({ categoryId: 'noise', description: '楼下施工太吵' }))).toBe(false);
    expect(matchesRule(rule, ticket({ description: '路灯坏了' }))).toBe(false);
  });

  it('keeps to the communities when it names some', () => {
    const local = { ...rule, communityIds: ['c1', 'c2'] };
    expect(matchesRule(local, ticket({ categoryId: 'heating', communityId: 'c2' }))).toBe(true);
    expect(matchesRule(local, ticket({ categoryId: 'heating', communityId: 'c3' }))).toBe(false);
    expect(matchesRule(local, ticket({ categoryId: 'heating', communityId: null }))).toBe(false);
  });

  it('needs a category or a word to say what the appeals are about', () => {
    expect(ruleIsSpecific({ categoryIds: [], words: [], communityIds: ['c1'] })).toBe(false);
    expect(matchesRule({ categoryIds: [], words: [], communityIds: [] }, ticket({ description: '任何内容' }))).toBe(false);
    expect(ruleIsSpecific({ categoryIds: [], words: ['噪音'], communityIds: [] })).toBe(true);
  });
});
