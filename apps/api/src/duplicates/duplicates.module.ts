import { Module } from '@nestjs/common';
import { TicketsModule } from '../tickets/tickets.module.js';
import { DuplicatesController } from './duplicates.controller.js';
import { DuplicatesService } from './duplicates.service.js';

@Module({ imports: [TicketsModule], controllers: [DuplicatesController], providers: [DuplicatesService] })
export class DuplicatesModule {}
