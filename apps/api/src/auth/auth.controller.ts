import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthResult } from '@jyg12345/shared';
import { RateLimit } from '../security/rate-limit.guard.js';
import { DevLoginDto, StaffLoginDto, WechatLoginDto } from './auth.dto.js';
import { Auth, Public } from '../common/access.js';
import { AuthService } from './auth.service.js';
import type { Principal } from './principal.js';

const addressOf = (req: FastifyRequest): string => req.ip.slice(0, 64);

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
  staff(@Body() body: StaffLoginDto, @Req() req: FastifyRequest): Promise<AuthResult> {
    return this.auth.staffLogin(body.username, body.password, addressOf(req));
  }

  @Post('logout')
  @Public(false)
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End every session of the caller’s account (staff and residents)' })
  async logout(@Auth() p: Principal, @Req() req: FastifyRequest): Promise<void> {
    await this.auth.logout(p, addressOf(req));
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
