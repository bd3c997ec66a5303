import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiHeader, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Page, TicketEventView, TicketView } from '@jyg12345/shared';
import type { FastifyReply } from 'fastify';
import { Auth } from '../common/access.js';
import type { Principal } from '../auth/principal.js';
import { parseIdempotencyKey } from '../common/idempotency.service.js';
import { RateLimit } from '../security/rate-limit.guard.js';
import { TicketActionsService } from './ticket-actions.service.js';
import { CreateTicketDto, ListTicketsQueryDto, RegisterTicketDto } from './tickets.dto.js';
import { TicketsService } from './tickets.service.js';

@ApiTags('tickets')
@ApiBearerAuth()
@Controller('tickets')
export class TicketsController {
  constructor(
    private readonly tickets: TicketsService,
    private readonly actions: TicketActionsService,
  ) {}

  @Post()
  @RateLimit('file')
  @ApiOperation({
    summary: 'File an appeal (resident), or register one for a caller (operator: channel, categoryId, urgent). A repeated Idempotency-Key returns the first ticket.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '1-128 of [A-Za-z0-9_.:-], one per appeal draft' })
  @ApiExtraModels(CreateTicketDto, RegisterTicketDto)
  @ApiBody({
    description: 'A resident sends CreateTicketDto, an operator RegisterTicketDto',
    schema: { oneOf: [{ $ref: getSchemaPath(CreateTicketDto) }, { $ref: getSchemaPath(RegisterTicketDto) }] },
  })
  async file(
    @Auth() p: Principal,
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TicketView> {
    const result = await this.tickets.file(p, body, parseIdempotencyKey(key));
    void reply.status(result.status);
    if (result.replayed) void reply.header('idempotent-replayed', 'true');
    return result.body;
  }

  @Get()
  @ApiOperation({ summary: 'List tickets: a resident sees their own, a unit its own tree, the centre all' })
  list(@Auth() p: Principal, @Query() q: ListTicketsQueryDto): Promise<Page<TicketView>> {
    return this.tickets.list(p, q);
  }

  @Get(':id')
  get(@Auth() p: Principal, @Param('id') id: string): Promise<TicketView> {
    return this.tickets.get(p, id);
  }

  @Post(':id/actions/:action')
  @ApiOperation({ summary: 'Take a workflow action (see the state machine in shared/src/workflow.ts); the body carries the current version' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async act(
    @Auth() p: Principal,
    @Param('id') id: string,
    @Param('action') action: string,
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TicketView> {
    const result = await this.actions.act(p, id, action, body, parseIdempotencyKey(key));
    void reply.status(result.status);
    if (result.replayed) void reply.header('idempotent-replayed', 'true');
    return result.body;
  }

  @Get(':id/events')
  @ApiOperation({ summary: 'The ticket timeline (append-only events)' })
  events(@Auth() p: Principal, @Param('id') id: string): Promise<TicketEventView[]> {
    return this.tickets.events(p, id);
  }
}
