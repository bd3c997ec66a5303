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

/**
 * A latent semantic projection learnt from the same unlabelled posts (a truncated SVD of their TF-IDF
 * term × post matrix, `apps/api/src/routing/latent.ts`): for each term of at least `LATENT_SHIP_DF` posts, its
 * coordinates on the `dims` strongest directions, stored as 4-bit codes (−7…7) times a per-direction scale.
 * Derived data only (no post's text); built with the frequencies by `corpus.cli.ts`.
 */
export interface LatentProjection {
  dims: number;
  terms: string[];
  /** per direction: code × scale is the coordinate */
  scale: Float32Array;
  /** row-major, terms × dims */
  codes: Int8Array;
}

const LATENT_MAGIC = 'LSA1';

/** 4-bit codes (−7…7) two a byte, low nibble first, two's complement: the file's and a stored model's layout. */
export function packNibbles(codes: ArrayLike<number>): Buffer {
  const out = Buffer.alloc(Math.ceil(codes.length / 2));
  for (let k = 0; k < codes.length; k++) out[k >> 1] = (out[k >> 1] as number) | (((codes[k] as number) & 0x0f) << (k & 1 ? 4 : 0));
  return out;
}

export function unpackNibbles(bytes: Uint8Array, count: number): Int8Array {
  const codes = new Int8Array(count);
  for (let k = 0; k < count; k++) {
    const nibble = ((bytes[k >> 1] as number) >> (k & 1 ? 4 : 0)) & 0x0f;
    codes[k] = nibble >= 8 ? nibble - 16 : nibble;
  }
  return codes;
}

/** File layout: "LSA1", u32 dims, u32 terms, f32 × dims scales, u32 byte length of the '\n'-joined terms, the terms (UTF-8), then two codes a byte (low nibble first, two's complement). */
export function encodeProjection(p: LatentProjection): Buffer {
  const terms = Buffer.from(p.terms.join('\n'), 'utf8');
  const packed = packNibbles(p.codes);
  const head = Buffer.alloc(4 + 4 + 4 + 4 * p.dims + 4);
  head.write(LATENT_MAGIC, 0, 'latin1');
  head.writeUInt32LE(p.dims, 4);
  head.writeUInt32LE(p.terms.length, 8);
  p.scale.forEach((s, j) => head.writeFloatLE(s, 12 + 4 * j));
  head.writeUInt32LE(terms.length, 12 + 4 * p.dims);
  return Buffer.concat([head, terms, packed]);
}

export function decodeProjection(buf: Buffer): LatentProjection {
  if (buf.toString('latin1', 0, 4) !== LATENT_MAGIC) throw new Error('not a latent projection file');
  const dims = buf.readUInt32LE(4);
  const count = buf.readUInt32LE(8);
  const scale = Float32Array.from({ length: dims }, (_, j) => buf.readFloatLE(12 + 4 * j));
  const termsAt = 12 + 4 * dims + 4;
  const termsEnd = termsAt + buf.readUInt32LE(12 + 4 * dims);
  const terms = count === 0 ? [] : buf.toString('utf8', termsAt, termsEnd).split('\n');
  return { dims, terms, scale, codes: unpackNibbles(buf.subarray(termsEnd), count * dims) };
}

let cachedProjection: LatentProjection | null = null;

export function unlabelledProjection(): LatentProjection {
  cachedProjection ??= decodeProjection(fs.readFileSync(new URL('../src/datasets/unlabelled-lsa.bin', import.meta.url)));
  return cachedProjection;
}
