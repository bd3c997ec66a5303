import { createHmac, timingSafeEqual } from 'node:crypto';
import { PROVINCE_MAX_SKEW_SECONDS } from '@jyg12345/shared';

/** Lowercase hex HMAC-SHA256 of `timestamp + "\n" + body` (both directions of the provincial protocol). */
export function provinceSignature(secret: string, timestamp: string, body: Buffer | string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n`).update(body).digest('hex');
}

export type SignatureCheck = 'ok' | 'invalid' | 'stale';

/** Constant-time check of a request's signature; the timestamp (Unix seconds) must be within 5 minutes of `now`. */
export function checkProvinceSignature(
  secret: string,
  timestamp: string | undefined,
  signature: string | undefined,
  body: Buffer,
  now = Date.now(),
): SignatureCheck {
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp) || !/^[0-9a-fA-F]{64}$/.test(signature)) return 'invalid';
  const expected = Buffer.from(provinceSignature(secret, timestamp, body), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return 'invalid';
  // Checked after the signature, so an unsigned caller learns nothing about our clock.
  if (Math.abs(now / 1000 - Number(timestamp)) > PROVINCE_MAX_SKEW_SECONDS) return 'stale';
  return 'ok';
}
