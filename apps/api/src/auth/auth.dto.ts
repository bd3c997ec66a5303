import { type DevLoginInput, LIMITS, type StaffLoginInput, type WechatLoginInput } from '@jyg12345/shared';
import { Pattern, Str } from '../common/dto.js';

export class StaffLoginDto implements StaffLoginInput {
  @Str(1, LIMITS.usernameMax)
  username!: string;

  @Str(1, LIMITS.passwordMax)
  password!: string;
}

/** A wx.login code (resident login, and staff binding their WeChat account). */
export class WechatLoginDto implements WechatLoginInput {
  @Str(1, 128)
  code!: string;
}

export class DevLoginDto implements DevLoginInput {
  @Pattern(/^[A-Za-z0-9_-]{1,64}$/, 'openid 为 1–64 个字母、数字、_ 或 -')
  openid!: string;
}
