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

/**
 * WeChat's server API (https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/), behind one client whose
 * base URL comes from WECHAT_API_BASE, so tests run it against a fake server on loopback.
 */
@Injectable()
export class WechatClient {
  private readonly logger = new Logger('WechatClient');

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
}
