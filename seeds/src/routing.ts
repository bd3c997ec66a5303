import fs from 'node:fs';

/**
 * Real citizen messages labelled with their top-level category (places anonymised as "A市"): the
 * starting data of the dispatch-suggestion model. Read from the source tree (seeds/src/datasets), which
 * both seeds/src and seeds/dist reach as ../src/datasets.
 */
export interface LabelledMessage {
  id: string;
  title: string;
  body: string;
  /** A level1 name of the taxonomy, e.g. '城乡建设'. */
  category: string;
}

let cached: LabelledMessage[] | null = null;

export function labelledMessages(): LabelledMessage[] {
  if (cached) return cached;
  const file = new URL('../src/datasets/labelled.jsonl', import.meta.url);
  const rows: LabelledMessage[] = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const row = JSON.parse(line) as Record<string, unknown>;
      return { id: String(row.id), title: String(row.title ?? ''), body: String(row.body ?? ''), category: String(row.category) };
    });
  cached = rows;
  return rows;
}

/**
 * Document frequencies of the classifier's terms over 6,872 unlabelled posts of the same message board (none
 * of them a labelled message): the idf of the dispatch-suggestion model. Built by
 * `apps/api/src/routing/corpus.cli.ts`; keyed by the model's terms, so it is rebuilt when they change.
 */
export interface UnlabelledFrequencies {
  documents: number;
  df: Record<string, number>;
}

let cachedFrequencies: UnlabelledFrequencies | null = null;

export function unlabelledFrequencies(): UnlabelledFrequencies {
  if (cachedFrequencies) return cachedFrequencies;
  const file = new URL('../src/datasets/unlabelled-df.json', import.meta.url);
  const row = JSON.parse(fs.readFileSync(file, 'utf8')) as UnlabelledFrequencies;
  cachedFrequencies = { documents: Number(row.documents), df: row.df };
  return cachedFrequencies;
}
