import { segmenter } from '../routing/text.js';

/**
 * How text becomes index tokens, the same on MySQL/MariaDB (InnoDB FULLTEXT) and SQLite (FTS5): the segmenter's
 * words (search mode, so long words also yield their parts) plus every Han character on its own, each written as
 * `w` + the hex of its UTF-8 bytes. A hex token is one plain ASCII word to every parser: no engine splits it, no
 * operator character or quote of the user's ever reaches the engine, and at three characters or more it is above
 * InnoDB's `innodb_ft_min_token_size` (3), so single characters are found too (docs/adr/0004-search.md).
 */
const MAX_WORD_BYTES = 40; // InnoDB's innodb_ft_max_token_size is 84 characters: 'w' + 2 × 40 hex digits fits
const HAN = /\p{Script=Han}/u;
const WORD = /[\p{L}\p{N}]/u;

export function token(word: string): string | null {
  const bytes = Buffer.from(word.toLowerCase(), 'utf8');
  return bytes.length === 0 || bytes.length > MAX_WORD_BYTES ? null : `w${bytes.toString('hex')}`;
}

const wordsOf = (text: string, forSearch: boolean): string[] =>
  (forSearch ? segmenter().cutForSearch(text, true) : segmenter().cut(text, true)).map((w) => w.trim()).filter((w) => WORD.test(w));

const SEPARATOR = 'wzz'; // never a hex token: keeps Han runs apart, so a phrase of characters never spans a gap

/** The words of a query as the index reads them (precise mode), for ranking by where they occur. */
export const segmentedWords = (text: string): string[] => wordsOf(text, false);

/** The space-separated tokens stored for a text: its words, then its Han characters in order, run by run. */
export function indexText(text: string): string {
  const out: string[] = [];
  for (const w of wordsOf(text, true)) {
    const t = token(w);
    if (t) out.push(t);
  }
  let inRun = false;
  for (const ch of text) {
    if (HAN.test(ch)) {
      if (!inRun) out.push(SEPARATOR);
      out.push(token(ch) as string);
      inRun = true;
    } else inRun = false;
  }
  return out.join(' ');
}

/** More terms than this are ignored (the query DTO already caps the text's length). */
const MAX_TERMS = 16;

/** A term that must occur: any of its alternatives, each a phrase of tokens (one token: a word). */
export type Term = string[][];

const hanOnly = (w: string) => [...w].every((ch) => HAN.test(ch));
const chars = (w: string): string[] => [...w].map((ch) => token(ch) as string);

/** A Han word matches as the segmenter's word or as its characters in a row (found however the text was segmented). */
function wordTerm(w: string): Term | null {
  const t = token(w);
  if (!t) return hanOnly(w) ? [chars(w)] : null;
  return hanOnly(w) && [...w].length > 1 ? [[t], chars(w)] : [[t]];
}

/**
 * A query is text, never syntax: it is segmented like the tickets, and every word must occur. A part in double
 * quotes is a phrase (Han text: those characters in a row; other text: its words in order); a lone quote is just a
 * character. Empty when nothing in the text is a word (only punctuation or operators): such a query finds nothing.
 */
export function queryTerms(q: string): Term[] {
  const terms: Term[] = [];
  let last = 0;
  const loose = (text: string) => {
    for (const w of wordsOf(text, false)) {
      const term = wordTerm(w);
      if (term) terms.push(term);
    }
  };
  for (const m of q.matchAll(/"([^"]*)"/g)) {
    loose(q.slice(last, m.index));
    last = (m.index as number) + m[0].length;
    const phrase = (m[1] as string).replace(/\s+/g, '');
    if (phrase.length > 0 && hanOnly(phrase)) terms.push([chars(phrase)]);
    else {
      const tokens = wordsOf(m[1] as string, false)
        .map(token)
        .filter((t): t is string => t !== null);
      if (tokens.length > 0) terms.push([tokens]);
    }
  }
  loose(q.slice(last));
  const seen = new Set<string>();
  return terms.filter((t) => !seen.has(JSON.stringify(t)) && seen.add(JSON.stringify(t))).slice(0, MAX_TERMS);
}

const phrase = (p: string[]) => (p.length === 1 ? (p[0] as string) : `"${p.join(' ')}"`);

/** InnoDB boolean mode: every term required (`+`), alternatives in parentheses, phrases in double quotes. */
export const mysqlMatch = (terms: Term[]): string => terms.map((t) => (t.length === 1 ? `+${phrase(t[0] as string[])}` : `+(${t.map(phrase).join(' ')})`)).join(' ');

/** FTS5: terms side by side are ANDed, alternatives ORed; every token quoted (tokens are [0-9a-fwz] only). */
export const fts5Match = (terms: Term[]): string => terms.map((t) => `(${t.map((p) => `"${p.join(' ')}"`).join(' OR ')})`).join(' AND ');
