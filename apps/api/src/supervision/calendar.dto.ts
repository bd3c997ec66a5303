import { CALENDAR_DAY_KINDS, type CalendarDayKind, type PutCalendarDayInput } from '@jyg12345/shared';
import { ValidateBy } from 'class-validator';
import { OneOf, QueryInt, Text } from '../common/dto.js';

/** PUT /calendar/:date */
export class PutCalendarDayDto implements PutCalendarDayInput {
  @OneOf(CALENDAR_DAY_KINDS)
  kind!: CalendarDayKind;

  @Text(50, { min: 1 })
  name!: string;
}

/** GET /calendar?year= */
export class CalendarQueryDto {
  @QueryInt(2000, 2100)
  year!: number;
}

/** A calendar day as `YYYY-MM-DD`, a day that exists (no 2026-02-30). */
function IsCalendarDate(): PropertyDecorator {
  return ValidateBy({
    name: 'isCalendarDate',
    validator: {
      validate: (s: unknown) => {
        if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
        const day = new Date(`${s}T00:00:00Z`);
        return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(s);
      },
      defaultMessage: () => '必须是存在的日期，格式 YYYY-MM-DD',
    },
  });
}

/** The `:date` in PUT and DELETE /calendar/:date */
export class CalendarDateParamsDto {
  @IsCalendarDate()
  date!: string;
}
