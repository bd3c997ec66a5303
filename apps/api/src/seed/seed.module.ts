import { Module } from '@nestjs/common';
import { TicketsModule } from '../tickets/tickets.module.js';
import { SeedService } from './seed.service.js';

/** Demo data goes in through the same services a user's request would (TicketsService, TicketActionsService). */
@Module({ imports: [TicketsModule], providers: [SeedService] })
export class SeedModule {}
