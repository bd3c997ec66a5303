import { Module } from '@nestjs/common';
import { WorkCalendarService } from './work-calendar.service.js';

/** The working-day calendar deadlines are counted on (its admin API is in supervision/, it moves running deadlines). */
@Module({ providers: [WorkCalendarService], exports: [WorkCalendarService] })
export class CalendarModule {}
