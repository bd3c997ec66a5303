import fs from 'node:fs';
import { encodeProjection, labelledMessages } from '@jyg12345/seeds';
import { buildCorpus, type UnlabelledMessage, unlabelledTexts } from './corpus.js';
import { buildProjection } from './latent.js';

/**
 * Rebuilds seeds/src/datasets/unlabelled-df.json (the idf corpus) and unlabelled-lsa.bin (the latent projection, latent.ts; a few minutes) from message board exports (JSON lines with
 * id, title, body): `node apps/api/dist/routing/corpus.cli.js replied.jsonl public-messages.jsonl`.
 * Run it again whenever `features` (text.ts) changes, since the file is keyed by its terms.
 */
const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: corpus.cli.js <messages.jsonl>...\n');
  process.exit(2);
}
const rows: UnlabelledMessage[] = files.flatMap((f) =>
  fs
    .readFileSync(f, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const r = JSON.parse(line) as Record<string, unknown>;
      return { id: String(r.id), title: typeof r.title === 'string' ? r.title : null, body: String(r.body ?? '') };
    }),
);
const corpus = buildCorpus(rows, labelledMessages());
const projection = buildProjection(unlabelledTexts(rows, labelledMessages()));
fs.writeFileSync(new URL('../../../../seeds/src/datasets/unlabelled-lsa.bin', import.meta.url), encodeProjection(projection));
process.stdout.write(`unlabelled-lsa.bin: ${projection.terms.length} terms × ${projection.dims} directions\n`);
const out = new URL('../../../../seeds/src/datasets/unlabelled-df.json', import.meta.url);
fs.writeFileSync(out, `${JSON.stringify(corpus)}\n`);
process.stdout.write(`unlabelled-df.json: ${corpus.documents} of ${rows.length} messages, ${Object.keys(corpus.df).length} terms\n`);
