import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, Roles } from '../common/access.js';
import type { Principal } from '../auth/principal.js';
import { CreateOpen311KeyDto } from './open311.dto.js';
import { Open311KeysService, type Open311KeyView } from './open311-keys.service.js';

@ApiTags('open311')
@ApiBearerAuth()
@Controller('open311/keys')
@Roles('admin')
export class Open311KeysController {
  constructor(private readonly keys: Open311KeysService) {}

  @Post()
  @ApiOperation({ summary: 'Create an Open311 API key; the key (apiKey) is shown in this answer only' })
  @ApiBody({ type: CreateOpen311KeyDto })
  create(@Auth() p: Principal, @Body() body: CreateOpen311KeyDto): Promise<Open311KeyView & { apiKey: string }> {
    return this.keys.create(p, body);
  }

  @Get()
  @ApiOperation({ summary: 'Every Open311 key with its owner, limit and last use (never the key itself)' })
  list(): Promise<Open311KeyView[]> {
    return this.keys.list();
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke a key: its next call is refused with 403' })
  revoke(@Param('id') id: string): Promise<Open311KeyView> {
    return this.keys.revoke(id);
  }
}
