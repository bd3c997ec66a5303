import { Inject, Injectable, Logger } from '@nestjs/common';
import { ErrorCode } from '@jyg12345/shared';
import { AppError } from '../common/app-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

export interface WechatSession {
  openid: string;
  unionid: string | null;
}

interface Code2SessionResponse {
  openid?: string;
  session_key?: string;
  unionid?: string;
  errcode?: number;
  errmsg?: string;
}

/** The outcome of one subscribe-message send, as the outbox worker needs it. */
export type SubscribeSendResult =
  | { outcome: 'sent' }
  /** 43101: the user has not subscribed (or used up) this template: recorded, never retried. */
  | { outcome: 'refused'; errcode: number; errmsg: string }
  | { outcome: 'retry'; error: string };

export interface SubscribeMessage {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
}

/**
 * WeChat's server API (https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/), behind one client whose
 * base URL comes from WECHAT_API_BASE, so tests run it against a fake server on loopback.
 */
@Injectable()
export class WechatClient {
  private readonly logger = new Logger('WechatClient');

  private token: { value: string; expiresAt: number } | null = null;
  private tokenRequest: Promise<string> | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get configured(): boolean {
    return this.config.wechat.appId !== null && this.config.wechat.secret !== null;
  }

  async code2Session(code: string): Promise<WechatSession> {
    const { appId, secret, apiBase, timeoutMs } = this.config.wechat;
    if (!appId || !secret) throw new AppError(ErrorCode.WECHAT_UNAVAILABLE, '未配置微信小程序登录（WECHAT_APPID / WECHAT_SECRET）');
    const url = new URL(`${apiBase}/sns/jscode2session`);
    url.search = new URLSearchParams({ appid: appId, secret, js_code: code, grant_type: 'authorization_code' }).toString();
    let body: Code2SessionResponse;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      body = (await res.json()) as Code2SessionResponse;
    } catch (err) {
      this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'code2Session request failed');
      throw new AppError(ErrorCode.WECHAT_UNAVAILABLE);
    }
    if (body.errcode && body.errcode !== 0) {
      switch (body.errcode) {
        case 40029: // invalid code
        case 40163: // code been used
          throw new AppError(ErrorCode.WECHAT_CODE_INVALID);
        case 45011: // API minute-quota reached
          throw new AppError(ErrorCode.WECHAT_RATE_LIMITED, undefined, undefined, { 'retry-after': '60' });
        default:
          this.logger.warn({ errcode: body.errcode, errmsg: body.errmsg }, 'code2Session refused');
          throw new AppError(ErrorCode.WECHAT_UNAVAILABLE);
      }
    }
    if (!body.openid) throw new AppError(ErrorCode.WECHAT_UNAVAILABLE);
    return { openid: body.openid, unionid: body.unionid ?? null };
  }

  /**
   * The stable access token (cgi-bin/stable_token), cached until shortly before it expires; one request at a
   * time per process. `force` asks WeChat for a fresh one after a 40001.
   */
  async accessToken(force = false): Promise<string> {
    const now = Date.now();
    if (!force && this.token && this.token.expiresAt > now) return this.token.value;
    if (this.tokenRequest) return this.tokenRequest;
    this.tokenRequest = this.fetchToken(force).finally(() => (this.tokenRequest = null));
    return this.tokenRequest;
  }

  private async fetchToken(force: boolean): Promise<string> {
    const { appId, secret, apiBase, timeoutMs } = this.config.wechat;
    if (!appId || !secret) throw new Error('WeChat is not configured');
    const res = await fetch(`${apiBase}/cgi-bin/stable_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credential', appid: appId, secret, force_refresh: force }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) throw new Error(`stable_token HTTP ${res.status}`);
    const body = (await res.json()) as { access_token?: string; expires_in?: number; errcode?: number; errmsg?: string };
    if (!body.access_token) throw new Error(`stable_token errcode ${body.errcode ?? '?'}: ${body.errmsg ?? ''}`);
    // Renew five minutes early so a token never expires in flight.
    const ttl = Math.max(60, (body.expires_in ?? 7200) - 300);
    this.token = { value: body.access_token, expiresAt: Date.now() + ttl * 1000 };
    return body.access_token;
  }

  /** subscribeMessage.send; refreshes the token once on errcode 40001 (invalid or expired access token). */
  async sendSubscribeMessage(msg: SubscribeMessage): Promise<SubscribeSendResult> {
    const { apiBase, timeoutMs } = this.config.wechat;
    for (let attempt = 0; attempt < 2; attempt++) {
      let token: string;
      try {
        token = await this.accessToken(attempt > 0);
      } catch (err) {
        return { outcome: 'retry', error: err instanceof Error ? err.message : String(err) };
      }
      let body: { errcode?: number; errmsg?: string };
      try {
        const res = await fetch(`${apiBase}/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ touser: msg.touser, template_id: msg.templateId, page: msg.page, data: msg.data, lang: 'zh_CN' }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (!res.ok) return { outcome: 'retry', error: `HTTP ${res.status}` };
        body = (await res.json()) as { errcode?: number; errmsg?: string };
      } catch (err) {
        return { outcome: 'retry', error: err instanceof Error ? err.message : String(err) };
      }
      const code = body.errcode ?? 0;
      if (code === 0) return { outcome: 'sent' };
      if (code === 40001 && attempt === 0) {
        this.token = null;
        continue;
      }
      if (code === 43101) return { outcome: 'refused', errcode: code, errmsg: body.errmsg ?? '' };
      return { outcome: 'retry', error: `errcode ${code}: ${body.errmsg ?? ''}` };
    }
    return { outcome: 'retry', error: 'access token refused twice' };
  }
}
