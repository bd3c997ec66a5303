import { type LatentProjection, keywordsOf, packNibbles, unpackNibbles } from '@jyg12345/seeds';
import { bigrams, features } from './text.js';

/**
 * The dispatch-suggestion model, pure (no database), so the API and the benchmark run the same code.
 *
 * Level1: TF-IDF (sublinear tf, smoothed idf, L2) over jieba words and character bigrams, the idf counting
 * unlabelled posts too (CorpusFrequencies), one centroid per
 * level1 class (Rocchio); a text's class scores are its cosine similarities to the centroids, turned into
 * shares by a softmax, blended (version 2) with a vote of its nearest real appeals (the labelled messages,
 * operators' classifications at accept or dispatch, closed tickets): an operator's correction of a text
 * changes the answer for that text and the ones like it at the next training. Trained from the labelled messages, every leaf's taxonomy names (a small document
 * per leaf, so classes without messages still exist) and closed tickets.
 * Leaves: within the likely level1 classes, the character-bigram overlap between the text and the leaf's
 * level3/level2 names, then how often closed tickets used the leaf.
 */
export interface TrainingDoc {
  label: string;
  text: string;
  /** How much the document counts in its class centroid and as a neighbour (default 1). */
  weight?: number;
  /** A real appeal (a labelled message, an operator's classification, a closed ticket): kept as a neighbour. */
  neighbour?: boolean;
}

/** A stored neighbour: an appeal's text (as appealText makes it) with its level1 and weight. */
export interface Neighbour {
  label: string;
  text: string;
  weight?: number;
}

export interface RoutingModelJson {
  /** 1: centroids only; 2: centroids and neighbours; 3: also a linear SVM (`svm`); 4: the SVM also reads latent features (`latent`) */
  version: 1 | 2 | 3 | 4;
  labels: string[];
  terms: string[];
  /** idf per term, same order as terms */
  idf: number[];
  /** per label: [termIndex, weight] pairs of its unit-length centroid */
  centroids: [number, number][][];
  docsPerLabel: number[];
  /** version 2: the real appeals the nearest-neighbour vote reads (vectorised at load with this model's idf) */
  neighbours?: Neighbour[];
  /** version 3: one-vs-rest linear SVM over the same vectors: per label, [termIndex, weight] pairs and a bias */
  svm?: { weights: [number, number][][]; bias: number[]; /** version 4: per label, the weight of each latent direction */ latent?: number[][] };
  /**
   * version 4: the latent projection (seeds' unlabelledProjection) of this model's terms: `terms` (term indices,
   * ascending) with `dims` 4-bit codes each (base64, two a byte, low nibble first), a code × `scale[j]` being the
   * coordinate on direction j. A text's projection, unit length × `weight`, is `dims` more features of the SVM.
   */
  latent?: { weight: number; dims: number; scale: number[]; terms: number[]; codes: string };
}

/** At most this many neighbours are stored (labelled messages and operators' classifications first). */
export const MAX_NEIGHBOURS = 5_000;
/** The neighbour vote: the k most similar appeals, each voting similarity^POWER × its weight. */
const NEIGHBOURS_K = 15;
const NEIGHBOURS_POWER = 2;
/**
 * The final share: LINEAR_SHARE × the linear models' softmax + the rest × the neighbours' vote (5-fold CV: 0.6
 * with the centroids alone; with the SVM 0.8: top-1 85.1%, right class shown 98.1%; 0.9 85.4% / 97.8%; 1 86.0% /
 * 96.9%, under the 97% aim).
 */
const LINEAR_SHARE = 0.8;
/**
 * The linear SVM (version 3): C (the cost of a margin violation, × the document's weight) and the softmax
 * temperature of its margins. Its shares and the centroids' are averaged (5-fold CV: top-1 84.2% centroids,
 * 84.8% SVM, 85.7% both; C 3–30 did the same, 0.3–1 worse).
 */
const SVM_C = 10;
const SVM_TEMPERATURE = 0.3;
/**
 * Coordinate-descent passes over the documents, at most 40 (it stops earlier once no coordinate moves much),
 * fewer for a large history so that `train:routing` over 70,000 appeals stays within about a minute.
 */
const SVM_PASSES = 40;
const SVM_WORK = 1e9;
/** Stop when no projected gradient exceeds this (LIBLINEAR's default; 0.03 gave the same folds, twice the time). */
const SVM_TOLERANCE = 0.1;
/**
 * The SVM keeps the weights of terms in at least two training documents (a term of one document is that
 * document, which the neighbours remember; 5-fold CV: the same top-1, half the model), at most the 30,000
 * most frequent, so the stored model stays a few megabytes however long the history.
 */
const SVM_MIN_DF = 2;
const SVM_MAX_TERMS = 30_000;
/**
 * The latent features' length against the term vector's (unit): 5-fold CV over four fold shuffles, top-1 of 322
 * 0.3: 285 / 277 / 275 / 280, 0.4: 284 / 280 / 276 / 280, 0.5: 282 / 279 / 276 / 279, 0.7: 282 / 278 / 273 / 279,
 * without: 281 / 278 / 269 / 280 (unquantised projection); the shipped 4-bit file at 0.4: 285 / 278 / 274 / 279 (README).
 */
export const LATENT_WEIGHT = 0.4;
/**
 * NBSVM's interpolation (nbScale); 0 is the plain SVM. 5-fold CV, four fold
 * shuffles, with the latent directions: top-1 285 / 278 / 274 / 279 → 286 / 286 / 272 / 282 of 322 (README).
 */
const NB_MIX: number = 0.5;

const round = (n: number, digits = 5) => Number(n.toFixed(digits));

function termCounts(text: string): Map<string, number> {
  const tf = new Map<string, number>();
  for (const t of features(text)) tf.set(t, (tf.get(t) ?? 0) + 1);
  return tf;
}

/**
 * Document frequencies over unlabelled appeals: they count only in the idf, so a word every appeal uses
 * weighs little even when the labelled messages seldom show it.
 */
export interface CorpusFrequencies {
  documents: number;
  /** term → how many of the documents hold it (terms of at least `minDf` documents) */
  df: Record<string, number>;
}

export function corpusFrequencies(texts: string[], minDf = 2): CorpusFrequencies {
  const df = new Map<string, number>();
  for (const text of texts) for (const t of new Set(features(text))) df.set(t, (df.get(t) ?? 0) + 1);
  const kept: Record<string, number> = {};
  for (const t of [...df.keys()].sort()) if ((df.get(t) as number) >= minDf) kept[t] = df.get(t) as number;
  return { documents: texts.length, df: kept };
}

/** A model's latent projection, decoded: per term index its row (or −1), the rows' coordinates. */
class Latent {
  readonly rowOf: Int32Array;
  readonly coords: Float32Array;
  constructor(
    termCount: number,
    readonly spec: NonNullable<RoutingModelJson['latent']>,
  ) {
    this.rowOf = new Int32Array(termCount).fill(-1);
    spec.terms.forEach((t, r) => {
      this.rowOf[t] = r;
    });
    const codes = unpackNibbles(Buffer.from(spec.codes, 'base64'), spec.terms.length * spec.dims);
    this.coords = Float32Array.from(codes, (c, k) => c * (spec.scale[k % spec.dims] as number));
  }

  /** The text's projection, unit length × the weight (all zeros when none of its terms is projected). */
  project(vec: Map<number, number>): Float64Array {
    const dims = this.spec.dims;
    const z = new Float64Array(dims);
    for (const [i, x] of vec) {
      const r = this.rowOf[i] as number;
      if (r < 0) continue;
      const o = r * dims;
      for (let j = 0; j < dims; j++) z[j] = (z[j] as number) + (this.coords[o + j] as number) * x;
    }
    let norm = 0;
    for (const x of z) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < dims; j++) z[j] = ((z[j] as number) * this.spec.weight) / norm;
    return z;
  }
}

function latentOf(terms: string[], projection: LatentProjection): NonNullable<RoutingModelJson['latent']> {
  const rowOf = new Map(projection.terms.map((t, r) => [t, r]));
  const kept: number[] = [];
  const codes: number[] = [];
  terms.forEach((t, i) => {
    const r = rowOf.get(t);
    if (r === undefined) return;
    kept.push(i);
    for (let j = 0; j < projection.dims; j++) codes.push(projection.codes[r * projection.dims + j] as number);
  });
  return { weight: LATENT_WEIGHT, dims: projection.dims, scale: Array.from(projection.scale), terms: kept, codes: packNibbles(codes).toString('base64') };
}

/**
 * Trains the level1 model. `corpus`: the unlabelled posts' frequencies (the idf counts them); `projection`: their
 * latent directions (the SVM reads a text's projection too, model version 4).
 */
export function trainModel(docs: TrainingDoc[], corpus?: CorpusFrequencies, projection?: LatentProjection): RoutingModelJson {
  const counted = docs.map((d) => ({ label: d.label, tf: termCounts(d.text), weight: d.weight ?? 1 }));
  const df = new Map<string, number>();
  for (const d of counted) for (const t of d.tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const terms = [...df.keys()].sort();
  const index = new Map(terms.map((t, i) => [t, i]));
  const svmDf = new Map(df);
  // only the training documents' terms: a term no class was trained on carries no weight
  if (corpus) for (const [t, k] of Object.entries(corpus.df)) if (df.has(t)) df.set(t, (df.get(t) as number) + k);
  const n = counted.length + (corpus?.documents ?? 0);
  const idf = terms.map((t) => round(Math.log((n + 1) / ((df.get(t) ?? 0) + 1) + 1)));
  const labels = [...new Set(counted.map((d) => d.label))].sort();
  const sums = labels.map(() => new Map<number, number>());
  const docsPerLabel = labels.map(() => 0);
  for (const d of counted) {
    const li = labels.indexOf(d.label);
    docsPerLabel[li] = (docsPerLabel[li] ?? 0) + 1;
    const vec = vectorize(d.tf, index, idf);
    const sum = sums[li] as Map<number, number>;
    for (const [i, x] of vec) sum.set(i, (sum.get(i) ?? 0) + x * d.weight);
  }
  const centroids = sums.map((sum) => {
    let norm = 0;
    for (const x of sum.values()) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    const pairs: [number, number][] = [];
    for (const [i, x] of sum) {
      const w = x / norm;
      if (w >= 1e-4) pairs.push([i, round(w)]);
    }
    return pairs.sort((a, b) => a[0] - b[0]);
  });
  const latent = projection ? latentOf(terms, projection) : undefined;
  const decoded = latent ? new Latent(terms.length, latent) : null;
  const vectors = counted.map((d) => vectorize(d.tf, index, idf));
  const svm = trainSvm(
    vectors,
    counted.map((d) => labels.indexOf(d.label)),
    counted.map((d) => d.weight),
    labels.length,
    svmTerms(terms, svmDf),
    decoded ? vectors.map((v) => decoded.project(v)) : null,
  );
  const neighbours = docs
    .filter((d) => d.neighbour && labels.includes(d.label))
    .slice(0, MAX_NEIGHBOURS)
    .map((d) => (d.weight === undefined || d.weight === 1 ? { label: d.label, text: d.text } : { label: d.label, text: d.text, weight: d.weight }));
  return { version: latent ? 4 : 3, labels, terms, idf, centroids, docsPerLabel, ...(neighbours.length > 0 ? { neighbours } : {}), svm, ...(latent ? { latent } : {}) };
}

function svmTerms(terms: string[], df: Map<string, number>): boolean[] {
  const often = terms.filter((t) => (df.get(t) ?? 0) >= SVM_MIN_DF);
  const kept = new Set(often.sort((a, b) => (df.get(b) ?? 0) - (df.get(a) ?? 0) || (a < b ? -1 : 1)).slice(0, SVM_MAX_TERMS));
  return terms.map((t) => kept.has(t));
}

/**
 * One-vs-rest linear SVM (L1 hinge loss, L2 regulariser, a bias as a constant feature), trained by dual
 * coordinate descent (Hsieh et al. 2008, LIBLINEAR's solver): exact, no learning rate, a few passes over
 * the documents. A fixed shuffle per pass, so the same data gives the same model.
 */
function trainSvm(
  vectors: Map<number, number>[],
  ys: number[],
  weights: number[],
  labelCount: number,
  kept: boolean[],
  latent: Float64Array[] | null,
): NonNullable<RoutingModelJson['svm']> {
  // only the kept terms take part, so the model trained is the model stored; latent direction j is feature terms + j
  const termCount = kept.length;
  const docs = vectors.map((v, n) => {
    const pairs = [...v].filter(([i]) => kept[i]);
    latent?.[n]?.forEach((x, j) => pairs.push([termCount + j, x]));
    return { idx: Int32Array.from(pairs, ([i]) => i), val: Float64Array.from(pairs, ([, x]) => x) };
  });
  const nonZeros = docs.reduce((a, d) => a + d.idx.length, 0);
  const passes = Math.max(3, Math.min(SVM_PASSES, Math.floor(SVM_WORK / Math.max(1, nonZeros * labelCount))));
  let dims = 0;
  for (const d of docs) for (const i of d.idx) dims = Math.max(dims, i + 1);
  const out: NonNullable<RoutingModelJson['svm']> = { weights: [], bias: [], ...(latent ? { latent: [] } : {}) };
  // NBSVM's feature scale (Wang & Manning 2012) is per class, over all the features' positions
  const width = Math.max(dims, termCount + (latent?.[0]?.length ?? 0));
  for (let c = 0; c < labelCount; c++) {
    const scale = nbScale(docs, ys, c, width);
    // scaled on the fly, not copied: a long history's documents take hundreds of megabytes
    const qii = docs.map((d) => d.val.reduce((a, x, j) => a + (x * (scale[d.idx[j] as number] as number)) ** 2, 1));
    const alpha = new Float64Array(docs.length);
    const w = new Float64Array(dims);
    let bias = 0;
    const order = docs.map((_, n) => n);
    let seed = 11 + c;
    for (let pass = 0; pass < passes; pass++) {
      for (let i = order.length - 1; i > 0; i--) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        const k = Math.floor((seed / 0x7fffffff) * (i + 1));
        [order[i], order[k]] = [order[k] as number, order[i] as number];
      }
      let moved = 0;
      for (const n of order) {
        const d = docs[n] as { idx: Int32Array; val: Float64Array };
        const y = ys[n] === c ? 1 : -1;
        const cap = SVM_C * (weights[n] as number);
        let g = bias;
        for (let j = 0; j < d.idx.length; j++) {
          const i = d.idx[j] as number;
          g += (w[i] as number) * ((d.val[j] as number) * (scale[i] as number));
        }
        g = y * g - 1;
        const a = alpha[n] as number;
        const pg = a === 0 ? Math.min(g, 0) : a === cap ? Math.max(g, 0) : g;
        if (Math.abs(pg) < 1e-9) continue;
        const next = Math.min(Math.max(a - g / (qii[n] as number), 0), cap);
        alpha[n] = next;
        const delta = (next - a) * y;
        for (let j = 0; j < d.idx.length; j++) {
          const i = d.idx[j] as number;
          w[i] = (w[i] as number) + delta * ((d.val[j] as number) * (scale[i] as number));
        }
        bias += delta;
        moved = Math.max(moved, Math.abs(pg));
      }
      if (moved < SVM_TOLERANCE) break;
    }
    // stored against the unscaled features, so the classifier needs no scale
    for (let i = 0; i < dims; i++) w[i] = (w[i] as number) * (scale[i] as number);
    const pairs: [number, number][] = [];
    w.forEach((x, i) => {
      if (i < termCount && Math.abs(x) >= 1e-4) pairs.push([i, round(x, 4)]);
    });
    out.weights.push(pairs);
    if (latent) out.latent?.push(Array.from({ length: latent[0]?.length ?? 0 }, (_, j) => round(w[termCount + j] ?? 0, 4)));
    out.bias.push(round(bias, 5));
  }
  return out;
}

/**
 * NBSVM (Wang & Manning 2012): each feature scaled, for class c, by (1 − NB_MIX) + NB_MIX × its log-count ratio
 * (how much likelier the feature is present in class c's documents than in the others', add-one smoothed).
 */
function nbScale(docs: { idx: Int32Array }[], ys: number[], c: number, width: number): Float64Array {
  const scale = new Float64Array(width).fill(1);
  if (NB_MIX === 0) return scale;
  const inClass = new Float64Array(width).fill(1);
  const outside = new Float64Array(width).fill(1);
  docs.forEach((d, n) => {
    const counts = ys[n] === c ? inClass : outside;
    for (const i of d.idx) counts[i] = (counts[i] as number) + 1;
  });
  let p = 0;
  let q = 0;
  for (let i = 0; i < width; i++) {
    p += inClass[i] as number;
    q += outside[i] as number;
  }
  for (let i = 0; i < width; i++) scale[i] = 1 - NB_MIX + NB_MIX * Math.log(((inClass[i] as number) / p) / ((outside[i] as number) / q));
  return scale;
}

function vectorize(tf: Map<string, number>, index: Map<string, number>, idf: ArrayLike<number>): Map<number, number> {
  const vec = new Map<number, number>();
  let norm = 0;
  for (const [t, c] of tf) {
    const i = index.get(t);
    if (i === undefined) continue;
    const x = (1 + Math.log(c)) * (idf[i] as number);
    vec.set(i, x);
    norm += x * x;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [i, x] of vec) vec.set(i, x / norm);
  return vec;
}

/** Softmax temperature over cosine similarities (which are small numbers). */
const TEMPERATURE = 0.03;

function softmax(scores: Float64Array, temperature: number): Float64Array {
  let max = -Infinity;
  for (const s of scores) max = Math.max(max, s);
  const out = Float64Array.from(scores, (s) => Math.exp((s - max) / temperature));
  const z = out.reduce((a, b) => a + b, 0);
  for (let c = 0; c < out.length; c++) out[c] = (out[c] as number) / z;
  return out;
}

export class Level1Classifier {
  private readonly index: Map<string, number>;
  private readonly idf: Float64Array;
  /** term-major weights: weights[term * labels + label] */
  private readonly weights: Float32Array;
  /** the SVM's, the same layout (null for a model before version 3) */
  private readonly svm: Float32Array | null = null;
  private readonly svmBias: Float64Array | null = null;
  /** version 4: the latent projection and the SVM's weights of its directions (label-major) */
  private readonly latent: Latent | null = null;
  private readonly svmLatent: Float64Array | null = null;

  /** term index → the neighbours holding it: [neighbour, weight in its unit vector] */
  private readonly postings = new Map<number, [number, number][]>();
  private readonly neighbourLabel: Int32Array;
  private readonly neighbourWeight: Float64Array;

  constructor(readonly model: RoutingModelJson) {
    this.index = new Map(model.terms.map((t, i) => [t, i]));
    this.idf = Float64Array.from(model.idf);
    const l = model.labels.length;
    this.weights = new Float32Array(model.terms.length * l);
    model.centroids.forEach((pairs, li) => {
      for (const [i, w] of pairs) this.weights[i * l + li] = w;
    });
    if (model.svm) {
      const svm = new Float32Array(model.terms.length * l);
      model.svm.weights.forEach((pairs, li) => {
        for (const [i, w] of pairs) svm[i * l + li] = w;
      });
      this.svm = svm;
      this.svmBias = Float64Array.from(model.svm.bias);
      if (model.latent && model.svm.latent) {
        this.latent = new Latent(model.terms.length, model.latent);
        this.svmLatent = Float64Array.from(model.svm.latent.flat());
      }
    }
    const neighbours = model.neighbours ?? [];
    this.neighbourLabel = Int32Array.from(neighbours, (n) => model.labels.indexOf(n.label));
    this.neighbourWeight = Float64Array.from(neighbours, (n) => n.weight ?? 1);
    neighbours.forEach((n, d) => {
      for (const [i, x] of vectorize(termCounts(n.text), this.index, this.idf)) {
        const list = this.postings.get(i);
        if (list) list.push([d, x]);
        else this.postings.set(i, [[d, x]]);
      }
    });
  }

  /** The neighbours' vote per label (summing to 1) and the nearest one's similarity, or null without neighbours. */
  private vote(vec: Map<number, number>): { votes: Float64Array; nearest: number } | null {
    if (this.neighbourLabel.length === 0) return null;
    const sims = new Float64Array(this.neighbourLabel.length);
    for (const [i, x] of vec) for (const [d, w] of this.postings.get(i) ?? []) sims[d] = (sims[d] as number) + w * x;
    const near: number[] = [];
    sims.forEach((v, d) => {
      if (v > 0) near.push(d);
    });
    const best = near.sort((a, b) => (sims[b] as number) - (sims[a] as number)).slice(0, NEIGHBOURS_K);
    const votes = new Float64Array(this.model.labels.length);
    let total = 0;
    for (const d of best) {
      const v = (sims[d] as number) ** NEIGHBOURS_POWER * (this.neighbourWeight[d] as number);
      const c = this.neighbourLabel[d] as number;
      if (c < 0 || v <= 0) continue;
      votes[c] = (votes[c] as number) + v;
      total += v;
    }
    if (total === 0) return null;
    for (let c = 0; c < votes.length; c++) votes[c] = (votes[c] as number) / total;
    return { votes, nearest: sims[best[0] as number] as number };
  }

  /** Every level1 label with its share (summing to 1), best first. */
  rank(text: string): { label: string; score: number }[] {
    const labels = this.model.labels;
    const l = labels.length;
    const sims = new Float64Array(l);
    const vec = vectorize(termCounts(text), this.index, this.idf);
    for (const [i, x] of vec) {
      for (let c = 0; c < l; c++) sims[c] = (sims[c] as number) + (this.weights[i * l + c] as number) * x;
    }
    const linear = softmax(sims, TEMPERATURE);
    if (this.svm && this.svmBias) {
      const margins = Float64Array.from(this.svmBias);
      for (const [i, x] of vec) {
        for (let c = 0; c < l; c++) margins[c] = (margins[c] as number) + (this.svm[i * l + c] as number) * x;
      }
      if (this.latent && this.svmLatent) {
        const z = this.latent.project(vec);
        const dims = z.length;
        for (let c = 0; c < l; c++) for (let j = 0; j < dims; j++) margins[c] = (margins[c] as number) + (this.svmLatent[c * dims + j] as number) * (z[j] as number);
      }
      const svm = softmax(margins, SVM_TEMPERATURE);
      for (let c = 0; c < l; c++) linear[c] = ((linear[c] as number) + (svm[c] as number)) / 2;
    }
    const vote = this.vote(vec);
    // A text (nearly) the same as a known appeal is classed as that appeal was: the vote's part grows with the
    // nearest similarity (0.9 → 0.66, 1 → all), so an operator's correction holds for the text it corrected.
    const part = vote ? Math.max(1 - LINEAR_SHARE, vote.nearest ** 4) : 0;
    const share = (c: number) => (1 - part) * (linear[c] as number) + (vote ? part * (vote.votes[c] as number) : 0);
    return labels.map((label, c) => ({ label, score: share(c) })).sort((a, b) => b.score - a.score);
  }
}

export interface EngineCategory {
  id: string;
  level1: string;
  level2: string;
  level3: string;
  defaultUnitId: string | null;
}

export interface EngineHistory {
  /** categoryId → (lead unitId of closed tickets → count) */
  leadUnits: Map<string, Map<string, number>>;
}

export interface Suggestion {
  categories: { id: string; name: string; level1: string; score: number }[];
  units: { id: string; score: number }[];
}

const GENERIC = new Set(['其他', '其它']);
/** The model is sure of a class at this share: the suggestions may then all be its leaves. */
export const SURE_SHARE = 0.9;
/** A class this likely is spoken for by the text's words as a whole: its best leaf may be shown without a name match. */
export const LIKELY_SHARE = 0.1;
const r3 = (n: number) => Math.round(n * 1000) / 1000;

/** Leaves whose names are compared by character bigrams; computed once per category list. */
interface Leaf extends EngineCategory {
  l3: string[];
  /** level3's characters: a weaker match ("供暖" shares 暖 with "冬季采暖") */
  c3: string[];
  l2: string[];
  /** words residents use for this leaf (seeds/src/category-keywords.ts) */
  keywords: readonly string[];
  generic: boolean;
}

/**
 * Suggests categories and units for a text. Categories: the leaves of the three likeliest level1 classes,
 * scored P(level1) × (0.4 + 0.45 × name match + 0.15 × use), the name match being the share of the leaf's
 * level3 bigrams (and, less, its characters and its level2 bigrams) found in the text, the use how often
 * closed tickets took the leaf relative to the most used leaf of its level1; shown one per likely class first
 * and only when the text speaks for them (see `pick`).
 * Units: for each suggested category, the lead units of its closed tickets (weighted by their share and by
 * how much history there is) and its default unit (for the rest of the weight); plus the street and community
 * of the location.
 */
export class RoutingEngine {
  private readonly classifier: Level1Classifier;
  private readonly leavesByLevel1 = new Map<string, Leaf[]>();
  private readonly usage = new Map<string, number>();

  constructor(
    model: RoutingModelJson | Level1Classifier,
    categories: EngineCategory[],
    private readonly history: EngineHistory = { leadUnits: new Map() },
  ) {
    this.classifier = model instanceof Level1Classifier ? model : new Level1Classifier(model);
    for (const c of categories) {
      const leaf: Leaf = {
        ...c,
        l3: [...new Set(bigrams(c.level3))],
        c3: [...new Set(c.level3)],
        l2: [...new Set(bigrams(c.level2))],
        keywords: keywordsOf(c.level2, c.level3),
        generic: GENERIC.has(c.level3),
      };
      const list = this.leavesByLevel1.get(c.level1) ?? [];
      list.push(leaf);
      this.leavesByLevel1.set(c.level1, list);
    }
    for (const [categoryId, units] of history.leadUnits) {
      let n = 0;
      for (const k of units.values()) n += k;
      this.usage.set(categoryId, n);
    }
  }

  /**
   * The suggestions shown. Unless the model is sure of one class, the first of each likely class comes first
   * (best class first), so three leaves of one class cannot crowd out the right class; the rest by score. A leaf
   * is shown only when the text speaks for it: its names or keywords are in the text, or it is the best leaf of a
   * class the text's words make likely (LIKELY_SHARE); otherwise fewer than `limit` are shown.
   */
  private pick<T extends { leaf: Leaf; score: number; said: boolean }>(level1: { label: string; score: number }[], byClass: T[][], limit: number): T[] {
    const shown: T[] = [];
    const firsts: T[] = [];
    byClass.forEach((leaves, c) => {
      const p = level1[c]?.score ?? 0;
      const first = leaves.find((s) => s.said) ?? (p >= LIKELY_SHARE ? leaves[0] : undefined);
      if (first) firsts.push(first);
    });
    const sure = (level1[0]?.score ?? 0) >= SURE_SHARE;
    if (!sure) shown.push(...firsts.slice(0, limit));
    const rest = byClass
      .flat()
      .filter((s) => !shown.includes(s) && (s.said || firsts.includes(s)))
      .sort((a, b) => b.score - a.score);
    for (const s of rest) {
      if (shown.length >= limit) break;
      shown.push(s);
    }
    // Best first: which three are shown is decided above, their order is their score.
    return shown.sort((a, b) => b.score - a.score);
  }

  get level1(): Level1Classifier {
    return this.classifier;
  }

  rankLevel1(text: string): { label: string; score: number }[] {
    return this.classifier.rank(text);
  }

  suggest(text: string, place: { streetId?: string | null; communityId?: string | null } = {}, limit = 3): Suggestion {
    const level1 = this.classifier.rank(text).filter((l) => this.leavesByLevel1.has(l.label)).slice(0, 3);
    const grams = new Set(bigrams(text));
    const chars = new Set(text);
    const share = (names: string[], seen: Set<string>) => (names.length === 0 ? 0 : names.filter((g) => seen.has(g)).length / names.length);
    type Scored = { leaf: Leaf; score: number; said: boolean };
    const byClass: Scored[][] = [];
    for (const { label, score: p } of level1) {
      const leaves = this.leavesByLevel1.get(label) ?? [];
      const mostUsed = Math.max(1, ...leaves.map((l) => this.usage.get(l.id) ?? 0));
      const scored: Scored[] = [];
      for (const leaf of leaves) {
        const keyword = leaf.keywords.some((k) => text.includes(k));
        const l3 = leaf.generic ? 0 : share(leaf.l3, grams);
        const l2 = share(leaf.l2, grams);
        const m3 = leaf.generic ? 0 : Math.max(keyword ? 1 : 0, l3 + 0.3 * share(leaf.c3, chars));
        const match = Math.min(1, m3 + 0.3 * l2);
        const used = (this.usage.get(leaf.id) ?? 0) / mostUsed;
        // A single shared character is no evidence ("工" made a pothole look like 希望工程): a word or a pair is.
        scored.push({ leaf, score: p * (0.4 + 0.45 * match + 0.15 * used), said: keyword || l3 > 0 || l2 > 0 });
      }
      scored.sort((a, b) => b.score - a.score || Number(b.leaf.generic) - Number(a.leaf.generic) || a.leaf.id.localeCompare(b.leaf.id));
      byClass.push(scored);
    }
    const top = this.pick(level1, byClass, limit);
    const categories = top.map((s) => ({
      id: s.leaf.id,
      name: `${s.leaf.level1}/${s.leaf.level2}/${s.leaf.level3}`,
      level1: s.leaf.level1,
      score: r3(s.score),
    }));

    const units = new Map<string, number>();
    const add = (id: string | null | undefined, s: number) => {
      if (id) units.set(id, (units.get(id) ?? 0) + s);
    };
    for (const c of top) {
      const lead = this.history.leadUnits.get(c.leaf.id);
      const n = this.usage.get(c.leaf.id) ?? 0;
      const w = n / (n + 1);
      if (lead) for (const [unitId, k] of lead) add(unitId, c.score * w * (k / n));
      add(c.leaf.defaultUnitId, c.score * (1 - w));
    }
    add(place.streetId, 0.25);
    add(place.communityId, 0.2);
    return {
      categories,
      units: [...units]
        .map(([id, s]) => ({ id, score: r3(Math.min(1, s)) }))
        .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
        .slice(0, limit),
    };
  }
}
