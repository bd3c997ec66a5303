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

// ---------------------------------------------------------------------------------------------------------------
// Postings (docs/adr/0004-search.md, "Postings"): the ticket index is a B-tree table `ticket_words (token, ticketId)`,
// one row per distinct token of a ticket. A token is a Han character, two Han characters in a row, or a word of
// other letters and digits (lower case), stored as itself. A Han word of the query is found as its pairs, so
// "盖丢" finds "井盖丢失" however a segmenter would have cut it; a single character as itself.

/** A token is at most this many characters (the column is varchar(32)); longer Latin words are not indexed. */
export const MAX_TOKEN_CHARS = 32;
const HAN_RUN = /\p{Script=Han}+/gu;
const OTHER_WORD = /[\p{L}\p{N}]+/gu;

/** The Latin (non-Han) words of a text, lower case. */
const otherWords = (text: string): string[] =>
  (text.replace(HAN_RUN, ' ').match(OTHER_WORD) ?? []).map((w) => w.toLowerCase()).filter((w) => w.length <= MAX_TOKEN_CHARS);

/** The tokens of one Han run as a query term: its pairs (a phrase of pairs), or the character itself. */
const runTokens = (run: string): string[] => {
  const chars = [...run];
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push((chars[i] as string) + (chars[i + 1] as string));
  return [...new Set(out)];
};

/**
 * The token whose postings drive a search: the one held by the fewest tickets. Counts stop at a cap, so two common
 * tokens can tie there; then the longer one drives (a pair of characters is held by fewer tickets than a single
 * one, a longer word than a shorter), and the query's order only after that.
 */
export function rarestToken(tokens: readonly string[], count: (token: string) => number): string {
  const length = (t: string) => [...t].length;
  return tokens.reduce((a, b) => (count(b) < count(a) || (count(b) === count(a) && length(b) > length(a)) ? b : a));
}

/** The distinct tokens stored for a text: every Han character, every pair of Han characters in a row, every other word. */
export function postingTokens(text: string): string[] {
  const out = new Set<string>();
  for (const run of text.match(HAN_RUN) ?? []) {
    const chars = [...run];
    chars.forEach((ch, i) => {
      out.add(ch);
      if (i + 1 < chars.length) out.add(ch + (chars[i + 1] as string));
    });
  }
  for (const w of otherWords(text)) out.add(w);
  return [...out];
}

/** A word of the query: the tokens a ticket must all hold (a Han word's pairs, a character, a Latin word). */
export type WordTerm = string[];

/**
 * A query is text, never syntax: a part in double quotes is a phrase (its Han characters in a row: their pairs;
 * other text: its words), the rest is segmented (jieba, precise) into words, each a term every ticket found must
 * hold; single characters the segmenter leaves side by side ("丢了") are read together as one run. Nothing but
 * tokens reaches the database, as bound parameters. Empty when the text has no word in it.
 */
export function queryWords(q: string): WordTerm[] {
  const terms: WordTerm[] = [];
  const addRun = (run: string) => {
    if (run) terms.push(runTokens(run));
  };
  const loose = (text: string) => {
    for (const chunk of text.split(/\s+/)) {
      let singles = '';
      for (const w of segmenter().cut(chunk, true)) {
        const han = w.match(HAN_RUN)?.join('') ?? '';
        const hanOnly = han.length > 0 && han === w;
        if (hanOnly && [...w].length === 1) {
          singles += w;
          continue;
        }
        addRun(singles);
        singles = '';
        for (const run of w.match(HAN_RUN) ?? []) addRun(run);
        for (const o of otherWords(w)) terms.push([o]);
      }
      addRun(singles);
    }
  };
  let last = 0;
  for (const m of q.matchAll(/"([^"]*)"/g)) {
    loose(q.slice(last, m.index));
    last = (m.index as number) + m[0].length;
    const phrase = m[1] as string;
    const han = phrase.replace(/\s+/g, '');
    if (han.length > 0 && [...han].every((ch) => HAN.test(ch))) addRun(han);
    else {
      const tokens = [...(phrase.match(HAN_RUN) ?? []).flatMap(runTokens), ...otherWords(phrase)];
      if (tokens.length > 0) terms.push([...new Set(tokens)]);
    }
  }
  loose(q.slice(last));
  const seen = new Set<string>();
  return terms.filter((t) => t.length > 0 && !seen.has(t.join(' ')) && seen.add(t.join(' '))).slice(0, MAX_TERMS);
}
