import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WechatLoginDto } from './auth.dto.js';
import { Auth, Roles } from '../common/access.js';
import { AuthService } from './auth.service.js';
import type { Principal } from './principal.js';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly auth: AuthService) {}

  /** Staff bind their WeChat account (a wx.login code) to receive dispatch and urge notifications. */
  @Post('wechat')
  @HttpCode(200)
  @Roles('operator', 'supervisor', 'handler', 'admin')
  @ApiOperation({ summary: 'Bind the caller’s WeChat account for subscribe messages (staff)' })
  @ApiBody({ type: WechatLoginDto })
  bind(@Auth() p: Principal, @Body() body: WechatLoginDto): Promise<{ bound: true }> {
    return this.auth.bindStaffWechat(p, body.code);
  }
}
