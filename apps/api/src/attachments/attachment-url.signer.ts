import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

const TTL_SECONDS = 3600;
export type ImageVariant = 'display' | 'thumbnail';

/**
 * Signed, expiring image URLs. A mini-program's <image> cannot send an Authorization header, so a ticket view
 * hands each viewer URLs signed for them that work for an hour; unsigned requests still need a bearer token.
 */
@Injectable()
export class AttachmentUrlSigner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  url(id: string, variant: ImageVariant, now = Date.now()): string {
    const exp = Math.floor(now / 1000) + TTL_SECONDS;
    const path = variant === 'display' ? `/api/v1/attachments/${id}` : `/api/v1/attachments/${id}/thumbnail`;
    return `${path}?exp=${exp}&sig=${this.sign(id, variant, exp)}`;
  }

  verify(id: string, variant: ImageVariant, exp: string | undefined, sig: string | undefined, now = Date.now()): boolean {
    if (!exp || !sig || !/^\d{1,12}$/.test(exp)) return false;
    if (Number(exp) * 1000 < now) return false;
    const expected = Buffer.from(this.sign(id, variant, Number(exp)));
    const given = Buffer.from(sig);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private sign(id: string, variant: ImageVariant, exp: number): string {
    return createHmac('sha256', this.config.token.secret).update(`attachment:${id}:${variant}:${exp}`).digest('base64url');
  }
}
