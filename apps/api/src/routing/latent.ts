import type { LatentProjection } from '@jyg12345/seeds';
import { features } from './text.js';

/**
 * Latent semantic analysis of the unlabelled posts: a truncated SVD (randomized range finder with power
 * iterations, Halko et al. 2011) of their TF-IDF term × post matrix, so words the 322 labelled messages seldom
 * show still land near the words they share posts with. The engine projects a text's TF-IDF vector on these
 * directions and gives the SVM the unit-length result as `dims` extra features (engine.ts, LATENT_WEIGHT).
 * 5-fold CV, four fold shuffles: top-1 281 / 278 / 269 / 280 → 285 / 278 / 274 / 279 of 322 (README).
 */
export const LATENT_DIMS = 200;
/** Terms of at least this many posts enter the SVD (and at most LATENT_MAX_SHARE of them). */
export const LATENT_MIN_DF = 5;
const LATENT_MAX_SHARE = 0.5;
/** Only terms of at least this many posts are shipped (11,948 terms: 1.2 MB at 4 bits; 5-fold CV the same as all of them). */
export const LATENT_SHIP_DF = 20;
const OVERSAMPLE = 20;
const POWER_ITERATIONS = 3;

export function buildProjection(texts: string[], dims = LATENT_DIMS): LatentProjection {
  const docs = texts.map((t) => features(t));
  const df = new Map<string, number>();
  for (const f of docs) for (const t of new Set(f)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = docs.length;
  const terms = [...df.keys()].filter((t) => (df.get(t) as number) >= LATENT_MIN_DF && (df.get(t) as number) / n < LATENT_MAX_SHARE).sort();
  const index = new Map(terms.map((t, i) => [t, i]));
  const m = terms.length;
  const k = Math.min(dims, m, n);
  const l = Math.min(k + OVERSAMPLE, m, n);
  const idf = terms.map((t) => Math.log((n + 1) / ((df.get(t) as number) + 1) + 1));
  // posts as sparse unit-length columns (sublinear tf × idf, as the engine weighs terms)
  const cols = docs.map((f) => {
    const tf = new Map<number, number>();
    for (const t of f) {
      const i = index.get(t);
      if (i !== undefined) tf.set(i, (tf.get(i) ?? 0) + 1);
    }
    let norm = 0;
    const idx: number[] = [];
    const val: number[] = [];
    for (const [i, c] of tf) {
      const x = (1 + Math.log(c)) * (idf[i] as number);
      idx.push(i);
      val.push(x);
      norm += x * x;
    }
    norm = Math.sqrt(norm) || 1;
    return { idx: Int32Array.from(idx), val: Float64Array.from(val, (x) => x / norm) };
  });
  // A · Ω (m × l) and Aᵀ · Q (n × l), row-major
  const times = (right: Float64Array) => {
    const y = new Float64Array(m * l);
    cols.forEach((c, d) => {
      for (let j = 0; j < c.idx.length; j++) {
        const yo = (c.idx[j] as number) * l;
        const v = c.val[j] as number;
        for (let q = 0; q < l; q++) y[yo + q] = (y[yo + q] as number) + v * (right[d * l + q] as number);
      }
    });
    return y;
  };
  const timesT = (q: Float64Array) => {
    const z = new Float64Array(n * l);
    cols.forEach((c, d) => {
      for (let j = 0; j < c.idx.length; j++) {
        const qo = (c.idx[j] as number) * l;
        const v = c.val[j] as number;
        for (let r = 0; r < l; r++) z[d * l + r] = (z[d * l + r] as number) + v * (q[qo + r] as number);
      }
    });
    return z;
  };
  const orthonormal = (y: Float64Array, rows: number) => {
    for (let a = 0; a < l; a++) {
      for (let b = 0; b < a; b++) {
        let dot = 0;
        for (let r = 0; r < rows; r++) dot += (y[r * l + a] as number) * (y[r * l + b] as number);
        for (let r = 0; r < rows; r++) y[r * l + a] = (y[r * l + a] as number) - dot * (y[r * l + b] as number);
      }
      let norm = 0;
      for (let r = 0; r < rows; r++) norm += (y[r * l + a] as number) ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let r = 0; r < rows; r++) y[r * l + a] = (y[r * l + a] as number) / norm;
    }
    return y;
  };
  // a fixed LCG, so the same posts give the same file
  let seed = 12345;
  const omega = Float64Array.from({ length: n * l }, () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff - 0.5;
  });
  let q = orthonormal(times(omega), m);
  for (let it = 0; it < POWER_ITERATIONS; it++) q = orthonormal(times(orthonormal(timesT(q), n)), m);
  // B = Qᵀ A; the eigenvectors of B Bᵀ (l × l, Jacobi) turn Q into the left singular vectors
  const z = timesT(q);
  const g = new Float64Array(l * l);
  for (let d = 0; d < n; d++)
    for (let a = 0; a < l; a++) {
      const za = z[d * l + a] as number;
      if (za === 0) continue;
      for (let b = 0; b < l; b++) g[a * l + b] = (g[a * l + b] as number) + za * (z[d * l + b] as number);
    }
  const v = new Float64Array(l * l);
  for (let i = 0; i < l; i++) v[i * l + i] = 1;
  for (let sweep = 0; sweep < 30; sweep++) {
    let off = 0;
    for (let p = 0; p < l; p++)
      for (let r = p + 1; r < l; r++) {
        const apr = g[p * l + r] as number;
        off += apr * apr;
        if (Math.abs(apr) < 1e-14) continue;
        const th = ((g[r * l + r] as number) - (g[p * l + p] as number)) / (2 * apr);
        const t = Math.sign(th || 1) / (Math.abs(th) + Math.sqrt(th * th + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let i = 0; i < l; i++) {
          const gp = g[i * l + p] as number;
          const gr = g[i * l + r] as number;
          g[i * l + p] = c * gp - s * gr;
          g[i * l + r] = s * gp + c * gr;
        }
        for (let i = 0; i < l; i++) {
          const gp = g[p * l + i] as number;
          const gr = g[r * l + i] as number;
          g[p * l + i] = c * gp - s * gr;
          g[r * l + i] = s * gp + c * gr;
        }
        for (let i = 0; i < l; i++) {
          const vp = v[i * l + p] as number;
          const vr = v[i * l + r] as number;
          v[i * l + p] = c * vp - s * vr;
          v[i * l + r] = s * vp + c * vr;
        }
      }
    if (off < 1e-20) break;
  }
  const top = [...Array(l).keys()].sort((a, b) => (g[b * l + b] as number) - (g[a * l + a] as number)).slice(0, k);
  // ship the rows of terms of at least LATENT_SHIP_DF posts, 4-bit codes per direction's largest magnitude
  const shipped = terms.map((t, i) => [t, i] as const).filter(([t]) => (df.get(t) as number) >= LATENT_SHIP_DF);
  const u = new Float32Array(shipped.length * k);
  shipped.forEach(([, row], s) => {
    for (let j = 0; j < k; j++) {
      let x = 0;
      const col = top[j] as number;
      for (let a = 0; a < l; a++) x += (q[row * l + a] as number) * (v[a * l + col] as number);
      u[s * k + j] = Number(x.toFixed(5));
    }
  });
  const scale = new Float32Array(k);
  const codes = new Int8Array(u.length);
  for (let j = 0; j < k; j++) {
    let max = 0;
    for (let s = 0; s < shipped.length; s++) max = Math.max(max, Math.abs(u[s * k + j] as number));
    const step = max / 7 || 1;
    scale[j] = step;
    for (let s = 0; s < shipped.length; s++) codes[s * k + j] = Math.round((u[s * k + j] as number) / (scale[j] as number));
  }
  return { dims: k, terms: shipped.map(([t]) => t), scale, codes };
}
