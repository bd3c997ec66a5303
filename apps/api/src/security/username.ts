import { createHash } from 'node:crypto';

/**
 * The one spelling of a username, applied when an account is created and when someone logs in: compatibility
 * forms folded (full-width ｏｐｅｒａｔｏｒ → operator), case folded, padding removed.
 */
export const normalizeUsername = (raw: string): string => raw.normalize('NFKC').trim().toLowerCase();

/**
 * What the rate limits count a login under: the normalised name with accents also removed, so every spelling a
 * database collation might treat as equal (opérator, OPERATOR, ｏｐｅｒａｔｏｒ) shares one bucket.
 */
export const loginBucketOf = (raw: string): string =>
  normalizeUsername(raw)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .normalize('NFKC');

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** Bounded key of a login subject, for the rate-limit table. */
export const loginSubjectKey = (raw: string): string => sha(loginBucketOf(raw)).slice(0, 40);

/** Key of a (username, client address) pair that has logged in before (table login_addresses). */
export const loginAddressKey = (raw: string, address: string): string => sha(`${loginBucketOf(raw)}|${address}`);
