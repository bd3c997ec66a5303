import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ULID_PATTERN } from '@jyg12345/shared';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, IsString, Matches, MaxLength, MinLength, ValidateBy } from 'class-validator';
import { applyDecorators } from '@nestjs/common';
import { Int, Nested, OneOf, Optional, Pattern, QueryInt, QueryNum, RefId, Text, Ulid } from '../common/dto.js';
import { GRAINS, type Grain } from './hotspots.js';
import { TOPIC_VERDICTS, type TopicSource, type TopicVerdict } from './proactive.entities.js';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DateText = () => Pattern(DATE, '必须是日期（YYYY-MM-DD）');
/** An object of at most 20 plain values (strings up to 200 characters, numbers, booleans, null). */
const IsFlat = () =>
  ValidateBy({
    name: 'isFlat',
    validator: {
      validate: (v: unknown) =>
        typeof v === 'object' &&
        v !== null &&
        Object.keys(v).length <= 20 &&
        Object.values(v).every((x) => x === null || typeof x === 'number' || typeof x === 'boolean' || (typeof x === 'string' && x.length <= 200)),
      defaultMessage: () => '只能包含最多 20 个简单值',
    },
  });
/** A list of row ids (ULIDs). */
const Ids = (max: number) => applyDecorators(IsArray(), ArrayMaxSize(max), Matches(ULID_PATTERN, { each: true, message: '不是有效的编号' }));
/** A list of short words, each trimmed. */
const Words = (max: number) =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((v: unknown) => (typeof v === 'string' ? v.trim() : v)) : value)),
    IsArray(),
    ArrayMaxSize(max),
    IsString({ each: true }),
    MinLength(1, { each: true }),
    MaxLength(20, { each: true }),
  );

/** A range of China dates, both ends included (at most 366 days: checked by the service). */
export class DateRangeQueryDto {
  @ApiProperty({ example: '2026-11-01' }) @DateText() from!: string;
  @ApiProperty({ example: '2026-11-30' }) @DateText() to!: string;
}

export class HotspotCountsQueryDto extends DateRangeQueryDto {
  @ApiProperty({ enum: GRAINS }) @OneOf(GRAINS) grain!: Grain;
  @ApiPropertyOptional() @Optional() @RefId() categoryId?: string;
  @ApiPropertyOptional() @Optional() @RefId() communityId?: string;
}

export class RisingQueryDto extends DateRangeQueryDto {
  @ApiPropertyOptional({ description: 'equal periods before `from` that make the history (default 8)' }) @Optional() @QueryInt(2, 52) history?: number;
  @ApiPropertyOptional({ description: 'smallest count that can be a hot spot (default 5)' }) @Optional() @QueryInt(1, 1000) minCount?: number;
  @ApiPropertyOptional({ description: 'family-wise false-alarm rate (default 0.01)' }) @Optional() @QueryNum(0.000001, 0.2) alpha?: number;
}

export class TermsQueryDto extends DateRangeQueryDto {
  @ApiPropertyOptional() @Optional() @QueryInt(1, 200) limit?: number;
}

export class SpotsQueryDto {
  @ApiPropertyOptional() @Optional() @RefId() categoryId?: string;
  @ApiPropertyOptional({ description: 'open appeals filed in the last N days (default 14)' }) @Optional() @QueryInt(1, 90) days?: number;
  @ApiPropertyOptional({ description: 'neighbour distance in metres (default 300)' }) @Optional() @QueryInt(20, 5000) radiusM?: number;
  @ApiPropertyOptional({ description: 'neighbour time window in days (default 7)' }) @Optional() @QueryInt(1, 60) windowDays?: number;
  @ApiPropertyOptional({ description: 'appeals a spot needs at least (default 3)' }) @Optional() @QueryInt(2, 100) minPoints?: number;
}

export class TopicRuleDto {
  @ApiProperty({ type: [String] }) @Ids(50) categoryIds!: string[];
  @ApiProperty({ type: [String], example: ['暖气', '不热'] }) @Words(50) words!: string[];
  @ApiProperty({ type: [String] }) @Ids(200) communityIds!: string[];
}

/** 选题. */
export class CreateTopicDto {
  @ApiProperty() @Text(100, { min: 2, trim: true }) title!: string;
  @ApiProperty() @Text(2000, { min: 2, trim: true }) problem!: string;
  @ApiProperty({ example: '2026-12' }) @Pattern(MONTH, '必须是月份（YYYY-MM）') month!: string;
  @ApiProperty({ type: TopicRuleDto }) @Nested(() => TopicRuleDto) rule!: TopicRuleDto;
  @ApiPropertyOptional({ description: 'the hot spot it was chosen from, as shown' }) @Optional() @IsObject() @IsFlat() source?: TopicSource;
}

/** 交题. */
export class AssignTopicDto {
  @ApiProperty() @Int(1, 1_000_000) version!: number;
  @ApiProperty() @Ulid() leadUnitId!: string;
  @ApiProperty({ type: [String] }) @Ids(20) cooperatingUnitIds!: string[];
  @ApiProperty({ description: 'what "solved" means' }) @Text(2000, { min: 2, trim: true }) standard!: string;
  @ApiProperty({ example: '2026-12-31' }) @DateText() deadline!: string;
}

/** 答题. */
export class TopicReportDto {
  @ApiProperty() @Text(4000, { min: 2, trim: true }) content!: string;
  @ApiPropertyOptional({ type: [String], description: 'photos the author uploaded (POST /attachments), at most 9' }) @Optional() @Ids(9) attachmentIds?: string[];
}

export class TagTicketDto {
  @ApiProperty() @Ulid() ticketId!: string;
}

/** 评题. */
export class EvaluateTopicDto {
  @ApiProperty() @Int(1, 1_000_000) version!: number;
  @ApiProperty({ enum: TOPIC_VERDICTS }) @OneOf(TOPIC_VERDICTS) verdict!: TopicVerdict;
  @ApiProperty() @Text(2000, { min: 2, trim: true }) note!: string;
}

export class ListTopicsQueryDto {
  @ApiPropertyOptional({ example: '2026-12' }) @Optional() @Pattern(MONTH, '必须是月份（YYYY-MM）') month?: string;
}
