import { LIMITS, PROVINCE_NUMBER_PATTERN, type ProvinceForwardInput, TICKET_TYPES, type TicketType } from '@jyg12345/shared';
import { ValidateBy } from 'class-validator';
import { Bool, Nested, OneOf, Optional, Pattern, Text } from '../common/dto.js';
import { LocationDto } from '../geo/location.dto.js';
import { ContactDto, MinTrimmedLength } from '../tickets/tickets.dto.js';

/** A date and time with its offset (`Z` or `+08:00`), e.g. 2026-10-09T08:30:00+08:00. */
function IsDateTimeWithOffset(): PropertyDecorator {
  const shape = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
  return ValidateBy({
    name: 'isDateTimeWithOffset',
    validator: {
      validate: (v: unknown) => {
        if (typeof v !== 'string' || !shape.test(v)) return false;
        const day = v.slice(0, 10);
        return new Date(`${day}T00:00:00Z`).toISOString().startsWith(day) && !Number.isNaN(new Date(v).getTime());
      },
      defaultMessage: () => '必须是带时区的 ISO 8601 日期时间',
    },
  });
}

/** POST /api/v1/province/tickets: an appeal the provincial platform forwards to the city. */
export class ProvinceForwardDto implements ProvinceForwardInput {
  @Pattern(PROVINCE_NUMBER_PATTERN, '省平台工单号为 1–40 个字母、数字、_ 或 -，以字母或数字开头')
  provinceNumber!: string;

  @OneOf(TICKET_TYPES)
  type!: TicketType;

  @Optional()
  @Text(LIMITS.titleMax)
  title?: string;

  @Text(LIMITS.descriptionMax)
  @MinTrimmedLength(LIMITS.descriptionMin)
  description!: string;

  @Optional()
  @Nested(() => ContactDto)
  contact?: ContactDto;

  @Optional()
  @Bool()
  confidential: boolean = false;

  @Optional()
  @Nested(() => LocationDto)
  location?: LocationDto;

  @Optional()
  @Bool()
  urgent: boolean = false;

  /** When the platform forwarded it. */
  @IsDateTimeWithOffset()
  forwardedAt!: string;
}
