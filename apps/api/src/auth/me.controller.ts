import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { wechatLoginSchema } from '@jyg12345/shared';
import type { z } from 'zod';
import { jsonSchema } from '../common/openapi.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { Auth, Roles } from './auth.guard.js';
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
  @ApiBody({ schema: jsonSchema(wechatLoginSchema) })
  bind(@Auth() p: Principal, @Body(new ZodPipe(wechatLoginSchema)) body: z.infer<typeof wechatLoginSchema>): Promise<{ bound: true }> {
    return this.auth.bindStaffWechat(p, body.code);
  }
}
