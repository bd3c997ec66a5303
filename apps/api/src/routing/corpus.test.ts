import { describe, expect, it } from '@jest/globals';
import { unlabelledFrequencies } from '@jyg12345/seeds';
import { CORPUS_BODY_CHARS, buildCorpus, unlabelledTexts } from './corpus.js';
import { trainModel } from './engine.js';
import { appealText, features } from './text.js';

const labelled = [{ id: '6', body: '小区暖气不热，室温只有十二度' }];

describe('idf corpus of unlabelled posts', () => {
  it('leaves out labelled messages by id and by text (other ids, other spacing), and repeated posts', () => {
    const texts = unlabelledTexts(
      [
        { id: '6', title: '另一个标题', body: '完全不同的正文' },
        { id: '900', title: '暖气', body: ' 小区暖气不热，\n室温只有十二度 ' },
        { id: '901', title: '公交', body: '希望增加公交线路' },
        { id: '902', title: '公交线路', body: '希望增加公交线路' },
        { id: '903', title: '空', body: '  ' },
      ],
      labelled,
    );
    expect(texts).toEqual([appealText('公交', '希望增加公交线路')]);
  });

  it('reads bodies up to CORPUS_BODY_CHARS and keeps terms of at least three posts', () => {
    const long = `${'路灯不亮'.repeat(CORPUS_BODY_CHARS / 4)}噪音扰民`;
    expect(unlabelledTexts([{ id: '1', body: long }], [])[0]).not.toContain('噪音');
    const corpus = buildCorpus(
      [
        { id: '1', body: '路灯不亮，晚上出行不便' },
        { id: '2', body: '路灯坏了很久' },
        { id: '3', body: '小区路灯不亮' },
        { id: '4', body: '噪音扰民' },
      ],
      [],
    );
    expect(corpus.documents).toBe(4);
    expect(corpus.df).toEqual({ '#路灯': 3 });
  });

  it('ships with the seeds, keyed by the classifier’s terms', () => {
    const corpus = unlabelledFrequencies();
    expect(corpus.documents).toBeGreaterThan(6000);
    // the file is keyed by features(): a change of the terms (text.ts) without rebuilding it fails here
    const terms = features('学校拖欠工资，社保');
    expect(terms).toEqual(expect.arrayContaining(['学校', '社保', '#拖欠', '#工资']));
    for (const t of ['学校', '社保', '#拖欠', '#工资']) expect(corpus.df[t]).toBeGreaterThan(100);
    expect(Math.max(...Object.values(corpus.df))).toBeLessThan(corpus.documents);
  });

  it('counts in the idf only, for terms the training documents hold', () => {
    const docs = [
      { label: '教育文体', text: '学校 教师 工资' },
      { label: '城乡建设', text: '小区 暖气 不热' },
    ];
    const plain = trainModel(docs);
    const withCorpus = trainModel(docs, { documents: 100, df: { 工资: 90, 暖气: 2, 地铁: 50 } });
    expect(withCorpus.terms).toEqual(plain.terms);
    const idf = (m: typeof plain, t: string) => m.idf[m.terms.indexOf(t)] as number;
    // equal without the corpus; a word most posts use then weighs less than a rare one
    expect(idf(plain, '工资')).toBe(idf(plain, '暖气'));
    expect(idf(withCorpus, '工资')).toBeLessThan(idf(withCorpus, '暖气'));
  });
});
