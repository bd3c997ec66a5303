import { Module } from '@nestjs/common';
import { AssessmentModule } from '../assessment/assessment.module.js';
import { AttachmentsModule } from '../attachments/attachments.module.js';
import { CalendarModule } from '../calendar/calendar.module.js';
import { GeoModule } from '../geo/geo.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { SearchModule } from '../search/search.module.js';
import { SecurityModule } from '../security/security.module.js';
import { UnitsModule } from '../units/units.module.js';
import { AttachmentsController } from './attachments.controller.js';
import { TicketAccessService } from './ticket-access.service.js';
import { TicketActionsService } from './ticket-actions.service.js';
import { TicketNumberAllocator } from './ticket-number.allocator.js';
import { TicketPhotosService } from './ticket-photos.service.js';
import { TicketWriter } from './ticket.writer.js';
import { TicketsController } from './tickets.controller.js';
import { TicketsRepository } from './tickets.repository.js';
import { TicketsService } from './tickets.service.js';
import { TicketPartsBackfill } from './ticket-parts.js';

/** The ticket workflow: filing, reading, every action, and the one writer all of them go through. */
@Module({
  imports: [AssessmentModule, AttachmentsModule, CalendarModule, GeoModule, NotificationsModule, SearchModule, SecurityModule, UnitsModule],
  controllers: [TicketsController, AttachmentsController],
  providers: [
    TicketNumberAllocator,
    TicketsRepository,
    TicketsService,
    TicketPhotosService,
    TicketAccessService,
    TicketWriter,
    TicketActionsService,
    TicketPartsBackfill,
  ],
  exports: [TicketsService, TicketAccessService, TicketActionsService, TicketWriter, TicketNumberAllocator],
})
export class TicketsModule {}
