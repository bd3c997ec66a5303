import { Body, Controller, Delete, Get, HttpCode, Injectable, Param, Put, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { type CalendarDayView, calendarDateParamSchema, calendarQuerySchema, putCalendarDaySchema } from '@jyg12345/shared';
import { DataSource, Like } from 'typeorm';
import type { z } from 'zod';
import { Roles } from '../auth/auth.guard.js';
import { jsonSchema } from '../common/openapi.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { CalendarDayEntity } from '../database/entities.js';
import { WorkCalendarService } from './work-calendar.service.js';

const toView = (d: CalendarDayEntity): CalendarDayView => ({ date: d.date, kind: d.kind, name: d.name });

/** Exceptions to the Monday–Friday week: public holidays and make-up workdays. */
@Injectable()
export class CalendarService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly workCalendar: WorkCalendarService,
  ) {}

  async year(year: number): Promise<CalendarDayView[]> {
    const rows = await this.db.getRepository(CalendarDayEntity).find({ where: { date: Like(`${year}-%`) }, order: { date: 'ASC' } });
    return rows.map(toView);
  }

  async put(date: string, body: z.infer<typeof putCalendarDaySchema>): Promise<CalendarDayView> {
    await this.db.getRepository(CalendarDayEntity).upsert({ date, kind: body.kind, name: body.name }, ['date']);
    this.workCalendar.invalidate();
    return { date, ...body };
  }

  async remove(date: string): Promise<void> {
    await this.db.getRepository(CalendarDayEntity).delete({ date });
    this.workCalendar.invalidate();
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get()
  @Roles('operator', 'supervisor', 'handler', 'admin')
  list(@Query(new ZodPipe(calendarQuerySchema)) q: z.infer<typeof calendarQuerySchema>): Promise<CalendarDayView[]> {
    return this.calendar.year(q.year);
  }

  @Put(':date')
  @Roles('admin')
  @ApiBody({ schema: jsonSchema(putCalendarDaySchema) })
  put(
    @Param('date', new ZodPipe(calendarDateParamSchema)) date: string,
    @Body(new ZodPipe(putCalendarDaySchema)) body: z.infer<typeof putCalendarDaySchema>,
  ): Promise<CalendarDayView> {
    return this.calendar.put(date, body);
  }

  @Delete(':date')
  @Roles('admin')
  @HttpCode(204)
  remove(@Param('date', new ZodPipe(calendarDateParamSchema)) date: string): Promise<void> {
    return this.calendar.remove(date);
  }
}
