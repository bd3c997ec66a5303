import jiebaModule from '@node-rs/jieba';
// Native ESM needs the file name: @node-rs/jieba has no `exports` map (see TOOLCHAIN.md).
import dictModule from '@node-rs/jieba/dict.js';

type JiebaModule = typeof import('@node-rs/jieba');
const { Jieba } = ((jiebaModule as unknown as { default?: JiebaModule }).default ?? jiebaModule) as JiebaModule;
const { dict } = ((dictModule as unknown as { default?: { dict: Buffer } }).default ?? dictModule) as { dict: Buffer };

let jieba: InstanceType<typeof Jieba> | null = null;
/** One segmenter per process: loading the dictionary takes a few hundred milliseconds. */
export function segmenter(): InstanceType<typeof Jieba> {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

/** Words that say nothing about what an appeal is about (and the anonymised place names "A市", "A2区"). */
const STOP_WORDS = new Set(
  (
    '的 了 是 在 我 有 和 就 不 人 都 一 一个 上 也 很 到 说 要 去 你 会 着 没有 看 好 自己 这 那 他 她 们 我们 什么 为什么 ' +
    '请问 您好 你好 领导 市 区 能否 希望 问题 相关 部门 已经 现在 可以 但是 因为 这个 没 还 又 对 被 把 给 让 与 及 等 并 而 ' +
    '或 如果 所以 以及 其他 其它 反映 情况 请 谢谢'
  ).split(' '),
);
const PLACEHOLDER = /[A-Za-z]\d*[市区县镇村]/g;
const NOT_A_WORD = /^[\p{P}\p{S}\s\d]+$/u;

/** Content words of a text (jieba, precise mode): two characters or more, no stop words, no punctuation or numbers. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const w of segmenter().cut(text.replace(PLACEHOLDER, ' '), false)) {
    const t = w.trim();
    if (t.length < 2 || STOP_WORDS.has(t) || NOT_A_WORD.test(t)) continue;
    out.push(t);
  }
  return out;
}

/** Adjacent pairs of Chinese characters: catch what segmentation splits differently ("供暖" in "冬季供暖期"). */
export function bigrams(text: string): string[] {
  const chars = [...text.replace(PLACEHOLDER, ' ').replace(/[^\u4e00-\u9fff]+/g, '|')];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) {
    const a = chars[i] as string;
    const b = chars[i + 1] as string;
    if (a !== '|' && b !== '|') out.push(a + b);
  }
  return out;
}

/** The features the classifier sees: words, plus character bigrams marked with '#'. */
export function features(text: string): string[] {
  return [...words(text), ...bigrams(text).map((b) => `#${b}`)];
}

/** The text of an appeal as the model reads it: the title counts twice (it is the caller's own summary). */
export const appealText = (title: string | null | undefined, description: string) => (title ? `${title} ${title} ${description}` : description);
