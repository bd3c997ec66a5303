import { LIMITS, PHONE_PATTERN, SATISFACTIONS, type Satisfaction, TICKET_TYPES, type TicketAction, type TicketType } from '@jyg12345/shared';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Every action names the version of the ticket it was decided on: a stale one answers 409 VERSION_CONFLICT. */
export class VersionedDto {
  @IsInt()
  @Min(1)
  version!: number;
}

function Note(required: boolean): PropertyDecorator {
  return (target, key) => {
    Transform(trim)(target, key);
    if (!required) IsOptional()(target, key);
    IsString()(target, key);
    MinLength(1)(target, key);
    MaxLength(LIMITS.noteMax)(target, key);
  };
}

function Id(optional = false): PropertyDecorator {
  return (target, key) => {
    if (optional) IsOptional()(target, key);
    IsString()(target, key);
    MinLength(1)(target, key);
    MaxLength(40)(target, key);
  };
}

function PhotoIds(): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    IsArray()(target, key);
    ArrayMaxSize(LIMITS.photosPerTicket)(target, key);
    IsString({ each: true })(target, key);
    MaxLength(40, { each: true })(target, key);
  };
}

export class WithdrawDto extends VersionedDto {
  @Note(false) reason?: string;
}

export class SupplementDto extends VersionedDto {
  @Note(false) text?: string;
  @PhotoIds() attachmentIds?: string[];
}

export class RateDto extends VersionedDto {
  @IsIn(SATISFACTIONS) satisfaction!: Satisfaction;
  @IsBoolean() resolved!: boolean;
  @IsOptional() @Transform(trim) @IsString() @MaxLength(LIMITS.noteMax) comment?: string;
}

export class AcceptDto extends VersionedDto {
  @IsOptional() @IsIn(TICKET_TYPES) type?: TicketType;
  @Id() categoryId!: string;
  @IsOptional() @IsBoolean() urgent?: boolean;
}

export class AnswerDto extends VersionedDto {
  @Note(true) content!: string;
  @Id(true) knowledgeId?: string;
}

export class RejectDto extends VersionedDto {
  @Note(true) reason!: string;
}

export class DispatchDto extends VersionedDto {
  @Id() leadUnitId!: string;
  @IsOptional() @IsArray() @ArrayMaxSize(10) @IsString({ each: true }) @MaxLength(40, { each: true }) cooperatingUnitIds?: string[];
  @Note(false) note?: string;
  /** The category, when the operator corrects it as they dispatch (it then feeds the routing model's training). */
  @Id(true) categoryId?: string;
}

export class MergeDto extends VersionedDto {
  @Id() intoTicketId!: string;
}

export class SignDto extends VersionedDto {}

export class PassDownDto extends VersionedDto {
  @Id() unitId!: string;
  @Note(false) note?: string;
}

export class RequestReturnDto extends VersionedDto {
  @Note(true) reason!: string;
}

export class RequestExtensionDto extends VersionedDto {
  @Note(true) reason!: string;
  @IsInt() @Min(1) @Max(30) days!: number;
}

export class ReplyDto extends VersionedDto {
  @Note(true) content!: string;
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(50) handlerName!: string;
  @IsString() @Matches(PHONE_PATTERN, { message: '请填写手机号或带区号的固定电话' }) handlerPhone!: string;
  @PhotoIds() attachmentIds?: string[];
}

export class OptionalNoteDto extends VersionedDto {
  @Note(false) note?: string;
}

export class RequiredNoteDto extends VersionedDto {
  @Note(true) note!: string;
}

export class RecordVisitDto extends RateDto {}

/** The system moves running deadlines after a calendar change (computed by the calendar service). */
export class RescheduleDto extends VersionedDto {
  @IsISO8601() replyDueAt!: string;
  @IsOptional() @IsISO8601() signDueAt?: string;
  @IsOptional() @IsISO8601() dueSoonFrom?: string;
  @Note(true) reason!: string;
}

/** The body each action takes. */
export const ACTION_BODIES = {
  withdraw: WithdrawDto,
  supplement: SupplementDto,
  rate: RateDto,
  accept: AcceptDto,
  answer: AnswerDto,
  reject: RejectDto,
  dispatch: DispatchDto,
  merge: MergeDto,
  sign: SignDto,
  pass_down: PassDownDto,
  request_return: RequestReturnDto,
  request_extension: RequestExtensionDto,
  reply: ReplyDto,
  approve_return: OptionalNoteDto,
  refuse_return: RequiredNoteDto,
  approve_extension: OptionalNoteDto,
  refuse_extension: RequiredNoteDto,
  urge: RequiredNoteDto,
  reopen: RequiredNoteDto,
  close: OptionalNoteDto,
  record_visit: RecordVisitDto,
  auto_close: VersionedDto,
  reschedule: RescheduleDto,
} satisfies Record<TicketAction, new () => VersionedDto>;

export type ActionBody<A extends TicketAction> = InstanceType<(typeof ACTION_BODIES)[A]>;
