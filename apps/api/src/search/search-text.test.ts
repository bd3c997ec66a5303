import { describe, expect, it } from '@jest/globals';
import { fts5Match, indexText, mysqlMatch, postingTokens, queryTerms, queryWords, rarestToken, token } from './search-text.js';

describe('search text', () => {
  it('indexes words and every Han character as hex tokens, runs kept apart', () => {
    const tokens = indexText('井盖丢失，A3路').split(' ');
    expect(tokens).toContain(token('井盖'));
    expect(tokens).toContain(token('丢'));
    expect(tokens).toContain(token('a3'));
    expect(tokens.every((t) => /^w([0-9a-f]{2})+$|^wzz$/.test(t))).toBe(true);
    // ，breaks the run: 失 and 路 are not adjacent
    const chars = tokens.slice(tokens.indexOf('wzz'));
    expect(chars.join(' ')).toContain(`${token('失')} wzz ${token('路')}`);
  });

  it.each(['+井盖 -暖气*', '"井盖', '井盖"', 'NEAR(井盖)', '(井盖) ~<>@', "井盖' OR 1=1 --"])('reads %j as text: only tokens and the API’s own syntax reach the engine', (q) => {
    const terms = queryTerms(q);
    expect(terms.length).toBeGreaterThan(0);
    expect(mysqlMatch(terms)).toMatch(/^[+"() w0-9a-fz]+$/);
    expect(fts5Match(terms)).toMatch(/^[ "()w0-9a-fzORAND]+$/);
    expect(terms.flat(2)).toContain(token('井盖'));
  });

  it('finds no word in operators, punctuation or emoji', () => {
    for (const q of ['+', '"', '""', '*', '()', '~<>', '😡', '，。！', '-- ;']) expect(queryTerms(q)).toEqual([]);
  });

  it('matches a Han word as the word or its characters in a row; a quoted Han phrase as characters', () => {
    expect(queryTerms('楼道')).toEqual([[[token('楼道')], [token('楼'), token('道')]]]);
    expect(queryTerms('"井盖丢失"')).toEqual([[['井', '盖', '丢', '失'].map((c) => token(c))]]);
    expect(mysqlMatch(queryTerms('楼道'))).toBe(`+(${token('楼道')} "${token('楼')} ${token('道')}")`);
  });

  it('stores a ticket’s characters, their pairs within a run, and other words in lower case, each once', () => {
    const tokens = postingTokens('井盖丢失，A3路井盖');
    expect(tokens.sort()).toEqual(['a3', '丢', '丢失', '井', '井盖', '失', '盖', '盖丢', '路', '路井'].sort());
    // ， breaks the run: 失 and A3 are not a pair, nor 失路
    expect(tokens).not.toContain('失路');
  });

  it('reads a query as pairs, characters and words: text, never syntax', () => {
    expect(queryWords('井盖丢失')).toEqual([['井盖'], ['丢失']]);
    expect(queryWords('"井盖丢失"')).toEqual([['井盖', '盖丢', '丢失']]);
    expect(queryWords('灯')).toEqual([['灯']]);
    expect(queryWords('盖丢')).toEqual([['盖丢']]);
    expect(queryWords('+井盖 -暖气* OR 1=1')).toEqual([['井盖'], ['暖气'], ['or'], ['1']]);
    for (const q of ['+', '"', '""', '*', '()', '~<>', '😡', '，。！', '-- ;']) expect(queryWords(q)).toEqual([]);
  });

  it('drives a search by the rarest token; tied at the count cap, by the longer one', () => {
    const counts = (c: Record<string, number>) => (t: string) => c[t] ?? 0;
    expect(rarestToken(['路', '井盖'], counts({ 路: 900, 井盖: 40 }))).toBe('井盖');
    expect(rarestToken(['井盖', '路'], counts({ 路: 30, 井盖: 40 }))).toBe('路');
    // both counted to the cap of 1,000: the pair, whichever comes first in the query
    expect(rarestToken(['路', '井盖'], counts({ 路: 1000, 井盖: 1000 }))).toBe('井盖');
    expect(rarestToken(['井盖', '路'], counts({ 路: 1000, 井盖: 1000 }))).toBe('井盖');
    expect(rarestToken(['a3', '路', 'b12x'], counts({ a3: 5, 路: 5, b12x: 5 }))).toBe('b12x');
    // equal length and count: the query's order
    expect(rarestToken(['暖气', '井盖'], counts({ 暖气: 1000, 井盖: 1000 }))).toBe('暖气');
  });
});
