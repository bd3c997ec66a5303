// npm run bench:routing — accuracy of the level1 prediction (5-fold cross-validation over the labelled
// messages) and in-process latency of a whole suggestion (segmentation, level1, leaves, units).
// Runs the compiled API code (apps/api/dist), the same the API serves with.
import { performance } from 'node:perf_hooks';
import { SEED_CATEGORIES, labelledMessages, unlabelledFrequencies, unlabelledProjection } from '@jyg12345/seeds';
import { RoutingEngine, trainModel } from '../apps/api/dist/routing/engine.js';
import { appealText } from '../apps/api/dist/routing/text.js';
import { taxonomyDocs } from '../apps/api/dist/routing/trainer.js';

const K = 5;
const messages = labelledMessages();
const docs = messages.map((m) => ({ label: m.category, text: appealText(m.title, m.body), neighbour: true }));
const taxonomy = taxonomyDocs(SEED_CATEGORIES);
// The idf counts the unlabelled posts too, as in production (none of them is a labelled message: corpus.ts).
// ROUTING_NO_CORPUS=1 measures without them.
const corpus = process.env.ROUTING_NO_CORPUS === '1' ? undefined : unlabelledFrequencies();
// …and the SVM reads their latent directions (ROUTING_NO_LATENT=1 measures without).
const projection = process.env.ROUTING_NO_CORPUS === '1' || process.env.ROUTING_NO_LATENT === '1' ? undefined : unlabelledProjection();

// A fixed shuffle (LCG), so every run reports the same folds; ROUTING_FOLD_SEED=7 (99, 1234) measures other folds.
let seed = Number(process.env.ROUTING_FOLD_SEED ?? 42);
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const order = docs.map((_, i) => i);
for (let i = order.length - 1; i > 0; i--) {
  const k = Math.floor(rnd() * (i + 1));
  [order[i], order[k]] = [order[k], order[i]];
}

const categories = SEED_CATEGORIES.map((c) => ({ id: c.code, level1: c.level1, level2: c.level2, level3: c.level3, defaultUnitId: c.defaultUnitCode }));
let top1 = 0;
let top3 = 0;
/** What the operator sees: the right level1 among the classes of the (up to three) suggestions shown. */
let shown3 = 0;
let shownTop1 = 0;
let shownCount = 0;
let shownClasses = 0;
const perClass = new Map();
for (let fold = 0; fold < K; fold++) {
  const test = order.filter((_, i) => i % K === fold).map((i) => docs[i]);
  const train = order.filter((_, i) => i % K !== fold).map((i) => docs[i]);
  const engine = new RoutingEngine(trainModel([...train, ...taxonomy], corpus, projection), categories);
  for (const d of test) {
    const ranked = engine.rankLevel1(d.text).map((r) => r.label);
    const shown = engine.suggest(d.text).categories.map((c) => c.level1);
    if (shown.includes(d.label)) shown3++;
    if (shown[0] === d.label) shownTop1++;
    shownCount += shown.length;
    shownClasses += new Set(shown).size;
    const c = perClass.get(d.label) ?? { n: 0, hit: 0 };
    c.n++;
    if (ranked[0] === d.label) {
      top1++;
      c.hit++;
    }
    if (ranked.slice(0, 3).includes(d.label)) top3++;
    perClass.set(d.label, c);
  }
}

// Latency: the production recipe (all labelled messages + taxonomy), every leaf with its default unit.
const t0 = performance.now();
const model = trainModel([...docs, ...taxonomy], corpus, projection);
const trainMs = performance.now() - t0;
const engine = new RoutingEngine(model, categories);
for (const d of docs.slice(0, 20)) engine.suggest(d.text); // warm-up
const times = [];
for (let round = 0; round < 3; round++) {
  for (const d of docs) {
    const s = performance.now();
    engine.suggest(d.text, { streetId: 'street' });
    times.push(performance.now() - s);
  }
}
times.sort((a, b) => a - b);
const pct = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
const modelBytes = Buffer.byteLength(JSON.stringify(model));

const pc = (n) => `${((100 * n) / docs.length).toFixed(1)}%`;
console.log(
  `labelled messages: ${docs.length} in ${perClass.size} level1 classes; taxonomy leaves: ${taxonomy.length}; idf over ${corpus ? `${corpus.documents} unlabelled posts too` : 'the training documents only'}; ` +
    `${projection ? `${projection.dims} latent directions` : 'no latent features'}; folds of seed ${process.env.ROUTING_FOLD_SEED ?? 42}`,
);
console.log(`level1 accuracy, ${K}-fold cross-validation: top-1 ${pc(top1)} (${top1}/${docs.length}), top-3 ${pc(top3)} (${top3}/${docs.length})`);
console.log(
  `what the operator sees (held-out, ${K}-fold): right class among the suggestions shown ${pc(shown3)} (${shown3}/${docs.length}), ` +
    `first suggestion's class ${pc(shownTop1)}; ${(shownCount / docs.length).toFixed(2)} suggestions shown on average, from ${(shownClasses / docs.length).toFixed(2)} classes`,
);
for (const [label, c] of [...perClass].sort((a, b) => b[1].n - a[1].n)) console.log(`  ${label}: ${c.hit}/${c.n} top-1`);
console.log(`training on everything: ${trainMs.toFixed(0)} ms, model ${model.terms.length} terms, ${(modelBytes / 1024).toFixed(0)} KiB as JSON`);
console.log(`suggestion latency over ${times.length} texts (in-process): p50 ${pct(50).toFixed(2)} ms, p99 ${pct(99).toFixed(2)} ms, max ${times[times.length - 1].toFixed(2)} ms`);
