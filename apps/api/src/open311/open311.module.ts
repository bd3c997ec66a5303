import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module.js';
import { TicketsModule } from '../tickets/tickets.module.js';
import { Open311Controller } from './open311.controller.js';
import { Open311KeysController } from './open311-keys.controller.js';
import { Open311KeysService } from './open311-keys.service.js';
import { Open311Service } from './open311.service.js';

/** Served at exactly /open311/v2/…: no `/api` prefix (bootstrap.ts). */
export const OPEN311_PREFIX_EXCLUDE = 'open311/v2/{*path}';

/** Open311 GeoReport v2: it files through TicketsService and signs photo URLs with AttachmentUrlSigner. */
@Module({ imports: [AttachmentsModule, TicketsModule], controllers: [Open311Controller, Open311KeysController], providers: [Open311Service, Open311KeysService] })
export class Open311Module {}
