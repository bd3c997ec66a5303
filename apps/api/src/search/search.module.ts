import { Module } from '@nestjs/common';
import { TicketSearchIndex } from './ticket-search.index.js';

@Module({ providers: [TicketSearchIndex], exports: [TicketSearchIndex] })
export class SearchModule {}
