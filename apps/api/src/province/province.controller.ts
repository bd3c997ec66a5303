import { Body, Controller, Headers, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PROVINCE_HEADERS, type ProvinceForwardResult } from '@jyg12345/shared';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/access.js';
import { ProvinceIntakeService } from './province-intake.service.js';
import { ProvinceForwardDto } from './province.dto.js';
import type { RequestWithRawBody } from './province-raw-body.js';

/** The provincial 12345 platform's side of docs/adr/0002-province-protocol.md. Authenticated by signature, not by token. */
@ApiTags('province')
@Controller('province')
export class ProvinceController {
  constructor(private readonly intake: ProvinceIntakeService) {}

  @Post('tickets')
  @Public()
  @ApiOperation({
    summary: 'The provincial platform forwards an appeal: 201 with our ticket; the same provincial number again: 200, the same ticket, nothing written',
  })
  @ApiHeader({ name: PROVINCE_HEADERS.timestamp, required: true, description: 'Unix seconds, within 5 minutes of our clock' })
  @ApiHeader({ name: PROVINCE_HEADERS.signature, required: true, description: 'hex HMAC-SHA256(PROVINCE_SHARED_SECRET, timestamp + "\\n" + body)' })
  @ApiBody({ type: ProvinceForwardDto })
  async forward(
    @Req() req: RequestWithRawBody,
    @Body() body: unknown,
    @Headers(PROVINCE_HEADERS.timestamp) timestamp: string | undefined,
    @Headers(PROVINCE_HEADERS.signature) signature: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProvinceForwardResult> {
    const result = await this.intake.receive({ timestamp, signature, raw: req.provinceRawBody, body });
    void reply.status(result.status);
    return result.body;
  }
}
