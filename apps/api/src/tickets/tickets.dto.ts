import { applyDecorators } from '@nestjs/common';
import {
  CHANNELS,
  type Channel,
  COORD_SYSTEMS,
  type ContactInput,
  type CreateTicketInput,
  LIMITS,
  type ListTicketsQuery,
  PHONE_PATTERN,
  type RegisterTicketInput,
  TICKET_STATUSES,
  TICKET_TYPES,
  type TicketStatus,
  type TicketType,
  ULID_PATTERN,
} from '@jyg12345/shared';
import { ArrayMaxSize, IsArray, IsString, Matches, ValidateBy } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { LocationDto } from '../geo/location.dto.js';
import { Bool, isText, MaxLen, Nested, OneOf, Optional, Pattern, QueryFlag, QueryInt, QueryList, RefId, Str, Text, Trim, Ulid, visibleLength } from '../common/dto.js';

export class ContactDto implements ContactInput {
  @Optional()
  @Text(LIMITS.contactNameMax)
  name?: string;

  @Optional()
  @Pattern(PHONE_PATTERN, '电话号码格式不正确')
  phone?: string;
}

/** At least `min` characters once the white space around them is left out (the text itself is kept as written). */
export function MinTrimmedLength(min: number): PropertyDecorator {
  return applyDecorators(
    ValidateBy({
      name: 'minTrimmedLength',
      constraints: [min],
      validator: { validate: (v: unknown) => typeof v === 'string' && visibleLength(v) >= min, defaultMessage: () => `至少 ${min} 个字符` },
    }),
    JSONSchema({ minLength: min, description: `去掉首尾空白后至少 ${min} 个字符` }),
  );
}

/** What every appeal carries, whoever files or forwards it. */
export class AppealFieldsDto {
  @OneOf(TICKET_TYPES)
  type!: TicketType;

  @Optional()
  @Text(LIMITS.titleMax)
  title?: string;

  @Text(LIMITS.descriptionMax)
  @MinTrimmedLength(LIMITS.descriptionMin)
  description!: string;

  @Optional()
  @Nested(() => LocationDto)
  location?: LocationDto;

  @Optional()
  @Nested(() => ContactDto)
  contact?: ContactDto;

  @Optional()
  @Bool()
  confidential: boolean = false;
}

/** What every appeal filed here carries: the fields, and the photos uploaded with it. */
export class TicketFieldsDto extends AppealFieldsDto {
  /** Photos uploaded with POST /attachments beforehand (at most LIMITS.photosPerTicket, each attached once). */
  @Optional()
  @IsArray()
  @ArrayMaxSize(LIMITS.photosPerTicket)
  @IsString({ each: true })
  @Matches(ULID_PATTERN, { each: true, message: '不是有效的编号' })
  attachmentIds?: string[];
}

/** POST /tickets by a resident: it starts submitted. */
export class CreateTicketDto extends TicketFieldsDto implements CreateTicketInput {
  @Optional()
  @RefId()
  categoryId?: string;
}

/** POST /tickets by an operator, for a caller (phone) or from another channel: it starts accepted. */
export class RegisterTicketDto extends TicketFieldsDto implements RegisterTicketInput {
  @OneOf(['phone', 'web', 'province'])
  channel!: 'phone' | 'web' | 'province';

  @RefId()
  categoryId!: string;

  @Optional()
  @Bool()
  urgent: boolean = false;
}

/**
 * A real day in ISO 8601 with a time and its offset (`Z` or `+08:00`), e.g. 2026-10-09T08:30:00+08:00; with
 * `time: 'optional'` a date alone passes too.
 */
export function IsoDateTime(time: 'required' | 'optional'): PropertyDecorator {
  const shape = new RegExp(`^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))${time === 'required' ? '' : '?'}$`);
  return ValidateBy({
    name: time === 'required' ? 'isDateTimeWithOffset' : 'isoDateOrDateTime',
    validator: {
      validate: (v: unknown) => {
        if (typeof v !== 'string' || !shape.test(v)) return false;
        const day = v.slice(0, 10);
        const t = new Date(`${day}T00:00:00Z`);
        return !Number.isNaN(t.getTime()) && t.toISOString().startsWith(day) && !Number.isNaN(new Date(v).getTime());
      },
      defaultMessage: () => (time === 'required' ? '必须是带时区的 ISO 8601 日期时间' : '必须是 ISO 8601 日期，或带时区的日期时间'),
    },
  });
}

/** GET /tickets */
export class ListTicketsQueryDto implements ListTicketsQuery {
  @Optional()
  @QueryList(TICKET_STATUSES)
  status?: TicketStatus[];

  @Optional()
  @QueryList(TICKET_TYPES)
  type?: TicketType[];

  @Optional()
  @QueryList(CHANNELS)
  channel?: Channel[];

  /** staff: tickets in which this unit (or one below it) takes part */
  @Optional()
  @Ulid()
  unitId?: string;

  @Optional()
  @Ulid()
  categoryId?: string;

  @Optional()
  @Ulid()
  communityId?: string;

  @Optional()
  @QueryFlag()
  dueSoon?: boolean;

  @Optional()
  @QueryFlag()
  overdue?: boolean;

  /** created on or after / before (ISO date or time) */
  @Optional()
  @IsoDateTime('optional')
  from?: string;

  @Optional()
  @IsoDateTime('optional')
  to?: string;

  /** a public number, or words of the title and description (text, never syntax: see search/search-text.ts) */
  @Optional()
  @Trim()
  @Str(1, 50)
  q?: string;

  @Optional()
  /** relevance: with words, tickets holding more (and rarer) of them first; then newest first */
  @OneOf(['time', 'deadline', 'relevance'])
  sort: 'time' | 'deadline' | 'relevance' = 'time';

  @Optional()
  @QueryInt(1, LIMITS.pageSizeMax)
  limit: number = LIMITS.pageSizeDefault;

  @Optional()
  @IsString()
  @MaxLen(200)
  cursor?: string;
}

const own = (o: object, keys: ReadonlySet<string>): boolean => Object.keys(o).every((k) => keys.has(k));
const CREATE_KEYS = new Set(['type', 'title', 'description', 'location', 'contact', 'confidential', 'attachmentIds', 'categoryId']);
const LOCATION_KEYS = new Set(['lat', 'lng', 'coordSystem', 'address']);
const CONTACT_KEYS = new Set(['name', 'phone']);
const num = (v: unknown, min: number, max: number): boolean => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;

/**
 * CreateTicketDto's rules (with LocationDto's and ContactDto's), checked by hand on the transformed instance: the
 * filing's fast path past class-validator (`validateDto`'s `accepts`). True only when class-validator would accept
 * too; anything else (a refusal, or a body this check does not know) goes to class-validator, which gives the
 * answer and its details. `create-ticket-check.test.ts` keeps the two in step (the rule inventory, and random bodies).
 */
export function acceptsCreateTicket(t: CreateTicketDto): boolean {
  if (!own(t, CREATE_KEYS)) return false;
  if (typeof t.type !== 'string' || !(TICKET_TYPES as readonly string[]).includes(t.type)) return false;
  if (t.title !== undefined && !isText(t.title, LIMITS.titleMax)) return false;
  if (!isText(t.description, LIMITS.descriptionMax, LIMITS.descriptionMin)) return false;
  const l: unknown = t.location;
  if (l !== undefined) {
    if (!(l instanceof LocationDto) || !own(l, LOCATION_KEYS)) return false;
    if (!num(l.lat, -90, 90) || !num(l.lng, -180, 180)) return false;
    if (typeof l.coordSystem !== 'string' || !(COORD_SYSTEMS as readonly string[]).includes(l.coordSystem)) return false;
    if (l.address !== undefined && !isText(l.address, LIMITS.addressMax)) return false;
  }
  const c: unknown = t.contact;
  if (c !== undefined) {
    if (!(c instanceof ContactDto) || !own(c, CONTACT_KEYS)) return false;
    if (c.name !== undefined && !isText(c.name, LIMITS.contactNameMax)) return false;
    if (c.phone !== undefined && !(typeof c.phone === 'string' && PHONE_PATTERN.test(c.phone))) return false;
  }
  if (t.confidential !== undefined && typeof t.confidential !== 'boolean') return false;
  const a: unknown = t.attachmentIds;
  if (a !== undefined) {
    if (!Array.isArray(a) || a.length > LIMITS.photosPerTicket) return false;
    if (!a.every((id) => typeof id === 'string' && ULID_PATTERN.test(id))) return false;
  }
  if (t.categoryId !== undefined && !(typeof t.categoryId === 'string' && t.categoryId.length >= 1 && t.categoryId.length <= 40)) return false;
  return true;
}
