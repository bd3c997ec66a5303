import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import { normalizeUsername } from './username.js';

/** zxcvbn scores 0–4; 3 is "safely unguessable: moderate protection from offline slow-hash scenario". */
export const MIN_PASSWORD_SCORE = 3;

let estimator: ZxcvbnFactory | null = null;
const zxcvbn = (): ZxcvbnFactory =>
  (estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
  }));

/**
 * Why a staff password is refused, in Chinese, or null when it is strong enough: it must not contain the username
 * (or the display name) and must score at least MIN_PASSWORD_SCORE with zxcvbn (common passwords, keyboard walks,
 * dates, repeats and sequences such as 12345678 score low).
 */
export function passwordWeakness(password: string, username: string, extra: string[] = []): string | null {
  const name = normalizeUsername(username);
  const lower = password.normalize('NFKC').toLowerCase();
  if (name.length >= 3 && lower.includes(name)) return '密码不能包含用户名';
  const result = zxcvbn().check(password, [name, ...extra.filter((s) => s.length >= 3)]);
  if (result.score < MIN_PASSWORD_SCORE) return '密码过于简单，容易被猜中：请使用更长、不含常见词语或连续字符的密码';
  return null;
}
