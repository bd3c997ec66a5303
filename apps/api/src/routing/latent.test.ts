import { describe, expect, it } from '@jest/globals';
import { decodeProjection, encodeProjection, unlabelledProjection } from '@jyg12345/seeds';
import { Level1Classifier, trainModel } from './engine.js';
import { LATENT_DIMS, buildProjection } from './latent.js';
import { features } from './text.js';

// A small fixed board: heating words share posts, bus words share posts, street-light words too, never together.
const topics = ['小区暖气不热 供暖公司 室温很低', '公交线路调整 公交站台 末班车太早', '路灯不亮 晚上出行不便'];
const posts = Array.from({ length: 60 }, (_, i) => `${topics[i % 3] as string} 第${i}天`);

describe('latent projection of the unlabelled posts', () => {
  it('puts terms that share posts on the same directions, the same every build', () => {
    const p = buildProjection(posts, 3);
    expect(p.dims).toBe(3);
    const row = (t: string) => {
      const r = p.terms.indexOf(t);
      expect(r).toBeGreaterThanOrEqual(0);
      return Array.from(p.codes.slice(r * 3, r * 3 + 3), (c, j) => c * (p.scale[j] as number));
    };
    const cos = (a: number[], b: number[]) => a.reduce((s, x, j) => s + x * (b[j] as number), 0) / Math.hypot(...a) / Math.hypot(...b);
    expect(cos(row('暖气'), row('供暖'))).toBeGreaterThan(0.9);
    expect(Math.abs(cos(row('暖气'), row('公交')))).toBeLessThan(0.3);
    expect(encodeProjection(buildProjection(posts, 3)).equals(encodeProjection(p))).toBe(true);
  });

  it('survives its file format (4-bit codes, two a byte)', () => {
    const p = { dims: 3, terms: ['暖气', '#公交', 'x'], scale: Float32Array.of(0.5, 0.25, 2), codes: Int8Array.of(-7, 0, 7, 1, -1, 3, 6, -3, -8) };
    const back = decodeProjection(encodeProjection(p));
    expect(back.terms).toEqual(p.terms);
    expect(Array.from(back.codes)).toEqual(Array.from(p.codes));
    expect(Array.from(back.scale)).toEqual(Array.from(p.scale));
  });

  it('ships with the seeds, keyed by the classifier’s terms', () => {
    const p = unlabelledProjection();
    expect(p.dims).toBe(LATENT_DIMS);
    expect(p.terms.length).toBeGreaterThan(10_000);
    // the file is keyed by features(): a change of the terms (text.ts) without rebuilding it fails here
    for (const t of features('学校拖欠工资，社保').filter((t) => ['学校', '社保', '#拖欠', '#工资'].includes(t))) expect(p.terms).toContain(t);
  });

  it('feeds the SVM (model version 4) and answers the same from the stored JSON', () => {
    const docs = [
      { label: '城乡建设', text: '小区暖气不热 室温很低' },
      { label: '城乡建设', text: '供暖公司 暖气' },
      { label: '交通运输', text: '公交线路调整 末班车' },
      { label: '交通运输', text: '公交站台 公交' },
    ];
    const model = trainModel(docs, undefined, buildProjection(posts, 3));
    expect(model.version).toBe(4);
    expect(model.latent?.dims).toBe(3);
    expect(model.svm?.latent).toHaveLength(2);
    const stored = new Level1Classifier(JSON.parse(JSON.stringify(model)));
    expect(stored.rank('供暖 室温很低')[0]?.label).toBe('城乡建设');
    expect(stored.rank('末班车 公交站台')).toEqual(new Level1Classifier(model).rank('末班车 公交站台'));
    expect(trainModel(docs).version).toBe(3);
  });

  it('answers without the shipped projection: the file replaced by one of no terms (docs/design.md, its licence)', () => {
    const empty = decodeProjection(encodeProjection({ dims: LATENT_DIMS, terms: [], scale: new Float32Array(LATENT_DIMS), codes: new Int8Array(0) }));
    expect(empty.terms).toEqual([]);
    const docs = [
      { label: '城乡建设', text: '小区暖气不热 室温很低' },
      { label: '城乡建设', text: '供暖公司 暖气' },
      { label: '交通运输', text: '公交线路调整 末班车' },
      { label: '交通运输', text: '公交站台 公交' },
    ];
    const classifier = new Level1Classifier(JSON.parse(JSON.stringify(trainModel(docs, undefined, empty))));
    const ranked = classifier.rank('供暖 室温很低');
    expect(ranked[0]?.label).toBe('城乡建设');
    expect(classifier.rank('末班车 公交站台')[0]?.label).toBe('交通运输');
    for (const r of [...ranked, ...classifier.rank('毫不相干的话')]) expect(Number.isFinite(r.score)).toBe(true);
  });
});
