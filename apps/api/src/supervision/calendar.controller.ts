import { Body, Controller, Delete, Get, HttpCode, Injectable, Param, Put, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { CalendarDayView, PutCalendarDayInput } from '@jyg12345/shared';
import { DataSource, Like } from 'typeorm';
import { Roles } from '../common/access.js';
import { CalendarDayEntity } from '../database/entities.js';
import { DeadlineRescheduler } from './deadline-rescheduler.service.js';
import { WorkCalendarService } from '../calendar/work-calendar.service.js';
import { CalendarDateParamsDto, CalendarQueryDto, PutCalendarDayDto } from './calendar.dto.js';

const toView = (d: CalendarDayEntity): CalendarDayView => ({ date: d.date, kind: d.kind, name: d.name });

/** Exceptions to the Monday–Friday week: public holidays and make-up workdays. */
@Injectable()
export class CalendarService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly workCalendar: WorkCalendarService,
    private readonly deadlines: DeadlineRescheduler,
  ) {}

  async year(year: number): Promise<CalendarDayView[]> {
    const rows = await this.db.getRepository(CalendarDayEntity).find({ where: { date: Like(`${year}-%`) }, order: { date: 'ASC' } });
    return rows.map(toView);
  }

  async put(date: string, body: PutCalendarDayInput): Promise<CalendarDayView> {
    const before = await this.workCalendar.fresh();
    await this.db.getRepository(CalendarDayEntity).upsert({ date, kind: body.kind, name: body.name }, ['date']);
    this.workCalendar.invalidate();
    await this.deadlines.reschedule(before, date, `工作日历调整：${date} ${body.kind === 'holiday' ? '放假' : '调休上班'}${body.name ? `（${body.name}）` : ''}`);
    return { date, kind: body.kind, name: body.name };
  }

  async remove(date: string): Promise<void> {
    const before = await this.workCalendar.fresh();
    await this.db.getRepository(CalendarDayEntity).delete({ date });
    this.workCalendar.invalidate();
    await this.deadlines.reschedule(before, date, `工作日历调整：${date} 恢复为平常日`);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get()
  @Roles('operator', 'supervisor', 'handler', 'admin')
  list(@Query() q: CalendarQueryDto): Promise<CalendarDayView[]> {
    return this.calendar.year(q.year);
  }

  @Put(':date')
  @Roles('admin')
  @ApiBody({ type: PutCalendarDayDto })
  put(@Param() params: CalendarDateParamsDto, @Body() body: PutCalendarDayDto): Promise<CalendarDayView> {
    return this.calendar.put(params.date, body);
  }

  @Delete(':date')
  @Roles('admin')
  @HttpCode(204)
  remove(@Param() params: CalendarDateParamsDto): Promise<void> {
    return this.calendar.remove(params.date);
  }
}
