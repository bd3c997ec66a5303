import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthResult } from '@jyg12345/shared';
import { RateLimit } from '../common/rate-limit.guard.js';
import { DevLoginDto, StaffLoginDto, WechatLoginDto } from './auth.dto.js';
import { Public } from './auth.guard.js';
import { AuthService } from './auth.service.js';

@ApiTags('auth')
@Controller('auth')
@Public()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('staff')
  @RateLimit('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Staff login with username and password' })
  @ApiBody({ type: StaffLoginDto })
  staff(@Body() body: StaffLoginDto): Promise<AuthResult> {
    return this.auth.staffLogin(body.username, body.password);
  }

  @Post('wechat')
  @RateLimit('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resident login with a wx.login code (code2Session)' })
  @ApiBody({ type: WechatLoginDto })
  wechat(@Body() body: WechatLoginDto): Promise<AuthResult> {
    return this.auth.wechatLogin(body.code);
  }

  @Post('dev')
  @RateLimit('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Demo resident login by openid (only when AUTH_DEV_LOGIN=true, never in production)' })
  @ApiBody({ type: DevLoginDto })
  dev(@Body() body: DevLoginDto): Promise<AuthResult> {
    return this.auth.devLogin(body.openid);
  }
}
