import { Body, Controller, Get, Header, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, Roles } from '../common/access.js';
import type { Principal } from '../auth/principal.js';
import { BlockResidentDto, SecurityEventsQuery } from './security.dto.js';
import { ResidentBlocksService } from './residents.service.js';
import { type SecurityEventView, SecurityEventsService } from './security-events.service.js';

@ApiTags('admin')
@ApiBearerAuth()
@Controller()
@Roles('admin')
export class SecurityController {
  constructor(
    private readonly events: SecurityEventsService,
    private readonly residents: ResidentBlocksService,
  ) {}

  @Get('security/events')
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Staff security events (logins, failures, disabling, role changes, password resets, logouts), newest first' })
  list(@Query() q: SecurityEventsQuery): Promise<SecurityEventView[]> {
    return this.events.list(q.limit ?? 50, q.before);
  }

  @Patch('residents/:id')
  @ApiOperation({ summary: 'Block or unblock a resident account' })
  @ApiBody({ type: BlockResidentDto })
  block(@Auth() p: Principal, @Param('id') id: string, @Body() body: BlockResidentDto): Promise<{ id: string; blocked: boolean }> {
    return this.residents.setBlocked(p, id, body.blocked);
  }
}
