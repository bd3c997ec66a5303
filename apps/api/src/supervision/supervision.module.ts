import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module.js';
import { TicketsModule } from '../tickets/tickets.module.js';
import { CalendarController, CalendarService } from './calendar.controller.js';
import { DeadlineRescheduler } from './deadline-rescheduler.service.js';
import { DeadlineScannerService } from './deadline-scanner.service.js';

/** 督: deadlines watched (due soon, overdue, auto-close) and moved when the calendar changes. */
@Module({
  imports: [CalendarModule, TicketsModule],
  controllers: [CalendarController],
  providers: [CalendarService, DeadlineRescheduler, DeadlineScannerService],
})
export class SupervisionModule {}
