import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FailingDeliveryView, TicketView } from '@jyg12345/shared';
import { Auth, Roles } from '../common/access.js';
import type { Principal } from '../auth/principal.js';
import { CallerParamsDto } from './console.dto.js';
import { ConsoleService } from './console.service.js';

/** Reads only the centre's web console needs (apps/console). */
@ApiTags('console')
@ApiBearerAuth()
@Controller('console')
export class ConsoleController {
  constructor(private readonly console: ConsoleService) {}

  @Get('callers/:phone/tickets')
  @Roles('operator', 'supervisor')
  @ApiOperation({ summary: "A caller's earlier appeals by contact phone, newest first (at most 20)" })
  callerTickets(@Auth() p: Principal, @Param() params: CallerParamsDto): Promise<TicketView[]> {
    return this.console.callerTickets(p, params.phone);
  }

  @Get('province/failing-deliveries')
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'Feedback to the provincial platform still undelivered after 3 attempts, or refused' })
  failingDeliveries(): Promise<FailingDeliveryView[]> {
    return this.console.failingDeliveries();
  }
}
