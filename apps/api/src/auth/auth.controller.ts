import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthResult, devLoginSchema, staffLoginSchema, wechatLoginSchema } from '@jyg12345/shared';
import type { z } from 'zod';
import { jsonSchema } from '../common/openapi.js';
import { RateLimit } from '../common/rate-limit.guard.js';
import { ZodPipe } from '../common/zod.pipe.js';
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
  @ApiBody({ schema: jsonSchema(staffLoginSchema) })
  staff(@Body(new ZodPipe(staffLoginSchema)) body: z.infer<typeof staffLoginSchema>): Promise<AuthResult> {
    return this.auth.staffLogin(body.username, body.password);
  }

  @Post('wechat')
  @RateLimit('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resident login with a wx.login code (code2Session)' })
  @ApiBody({ schema: jsonSchema(wechatLoginSchema) })
  wechat(@Body(new ZodPipe(wechatLoginSchema)) body: z.infer<typeof wechatLoginSchema>): Promise<AuthResult> {
    return this.auth.wechatLogin(body.code);
  }

  @Post('dev')
  @RateLimit('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Demo resident login by openid (only when AUTH_DEV_LOGIN=true, never in production)' })
  @ApiBody({ schema: jsonSchema(devLoginSchema) })
  dev(@Body(new ZodPipe(devLoginSchema)) body: z.infer<typeof devLoginSchema>): Promise<AuthResult> {
    return this.auth.devLogin(body.openid);
  }
}
