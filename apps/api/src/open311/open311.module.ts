import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module.js';
import { TicketsModule } from '../tickets/tickets.module.js';
import { OPEN311_CONTROLLERS, OPEN311_PROVIDERS } from './open311.providers.js';

@Module({ imports: [AttachmentsModule, TicketsModule], controllers: OPEN311_CONTROLLERS, providers: OPEN311_PROVIDERS })
export class Open311Module {}
