import { hostname } from 'node:os';
import { Inject, Injectable } from '@nestjs/common';
import { PROVINCE_HEADERS } from '@jyg12345/shared';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { provinceSignature } from './province-signature.js';

export type FeedbackResult =
  | { outcome: 'sent' }
  /** The platform refused this message for good (a 4xx other than 401/403/408/429): recorded, never retried. */
  | { outcome: 'rejected'; error: string }
  | { outcome: 'retry'; error: string };

/** Statuses that say "try again": our clock or secret may be fixed, the platform may recover. */
const RETRYABLE = new Set([401, 403, 408, 425, 429]);
/** Which of our processes sent a request, for the platform's operators (and the fault test). */
const USER_AGENT = `jyg12345-api (${hostname()}; pid ${process.pid})`;

/** Sends feedback to `{PROVINCE_API_URL}/feedback`, signed, with a timeout (a hung platform must not hold a worker). */
@Injectable()
export class ProvinceClient {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get configured(): boolean {
    return this.config.province.apiUrl !== null && this.config.province.sharedSecret !== null;
  }

  async sendFeedback(deliveryId: string, body: string): Promise<FeedbackResult> {
    const { apiUrl, sharedSecret, timeoutMs } = this.config.province;
    if (!apiUrl || !sharedSecret) return { outcome: 'retry', error: 'PROVINCE_API_URL is not configured' };
    const timestamp = String(Math.floor(Date.now() / 1000));
    try {
      const signal = AbortSignal.timeout(timeoutMs);
      const res = await fetch(`${apiUrl}/feedback`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': USER_AGENT,
          [PROVINCE_HEADERS.timestamp]: timestamp,
          [PROVINCE_HEADERS.signature]: provinceSignature(sharedSecret, timestamp, body),
          [PROVINCE_HEADERS.deliveryId]: deliveryId,
        },
        body,
        signal,
      });
      // Read the whole answer under the same timeout: a platform that sends headers and then stalls is a hang too.
      const text = await res.text();
      if (res.ok) return { outcome: 'sent' };
      const error = `HTTP ${res.status} ${text.slice(0, 200)}`.trim();
      if (res.status >= 400 && res.status < 500 && !RETRYABLE.has(res.status)) return { outcome: 'rejected', error };
      return { outcome: 'retry', error };
    } catch (err) {
      const e = err as { name?: string; message?: string; cause?: { code?: string } };
      const error = e.name === 'TimeoutError' ? `timeout after ${timeoutMs} ms` : String(e.cause?.code ?? e.message ?? err);
      return { outcome: 'retry', error };
    }
  }
}
