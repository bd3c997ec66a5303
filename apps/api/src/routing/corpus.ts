import { type CorpusFrequencies, corpusFrequencies } from './engine.js';
import { appealText } from './text.js';

/** A message board post: only its text is read. */
export interface UnlabelledMessage {
  id: string;
  title?: string | null;
  body: string;
}

/** Bodies are read up to this many characters (as long as a typical appeal; the tail adds little to the idf). */
export const CORPUS_BODY_CHARS = 600;
/** Terms of fewer documents are left out of the stored frequencies (the same 5-fold figures as 1 and 2, a third of the file). */
export const CORPUS_MIN_DF = 3;

/** Whitespace-free body start: the same post reaches different exports with different ids and spacing. */
const key = (body: string) => body.replace(/\s+/g, '').slice(0, 100);

/**
 * The unlabelled posts whose text may shape the idf: every labelled message is left out, by id and by text
 * (the same post appears under other ids in the public exports), so cross-validation over the labelled
 * messages never sees a held-out message's text; repeated posts count once.
 */
export function unlabelledTexts(rows: UnlabelledMessage[], labelled: { id: string; body: string }[]): string[] {
  const ids = new Set(labelled.map((m) => m.id));
  const seen = new Set(labelled.map((m) => key(m.body)));
  const texts: string[] = [];
  for (const r of rows) {
    const k = key(r.body);
    if (ids.has(r.id) || k === '' || seen.has(k)) continue;
    seen.add(k);
    texts.push(appealText(r.title, r.body.slice(0, CORPUS_BODY_CHARS)));
  }
  return texts;
}

export function buildCorpus(rows: UnlabelledMessage[], labelled: { id: string; body: string }[]): CorpusFrequencies {
  return corpusFrequencies(unlabelledTexts(rows, labelled), CORPUS_MIN_DF);
}
