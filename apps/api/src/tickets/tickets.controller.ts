import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type CreateTicketInput,
  createTicketSchema,
  type ListTicketsQuery,
  listTicketsQuerySchema,
  type Page,
  type TicketEventView,
  type TicketView,
} from '@jyg12345/shared';
import type { FastifyReply } from 'fastify';
import { Auth } from '../auth/auth.guard.js';
import type { Principal } from '../auth/principal.js';
import { parseIdempotencyKey } from '../common/idempotency.service.js';
import { jsonSchema } from '../common/openapi.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { TicketsService } from './tickets.service.js';

@ApiTags('tickets')
@ApiBearerAuth()
@Controller('tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Post()
  @ApiOperation({ summary: 'File an appeal (resident). A repeated Idempotency-Key returns the first ticket.' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '1-128 of [A-Za-z0-9_.:-], one per appeal draft' })
  @ApiBody({ schema: jsonSchema(createTicketSchema) })
  async file(
    @Auth() p: Principal,
    @Body(new ZodPipe(createTicketSchema)) body: CreateTicketInput,
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
  list(@Auth() p: Principal, @Query(new ZodPipe(listTicketsQuerySchema)) q: ListTicketsQuery): Promise<Page<TicketView>> {
    return this.tickets.list(p, q);
  }

  @Get(':id')
  get(@Auth() p: Principal, @Param('id') id: string): Promise<TicketView> {
    return this.tickets.get(p, id);
  }

  @Get(':id/events')
  @ApiOperation({ summary: 'The ticket timeline (append-only events)' })
  events(@Auth() p: Principal, @Param('id') id: string): Promise<TicketEventView[]> {
    return this.tickets.events(p, id);
  }
}
