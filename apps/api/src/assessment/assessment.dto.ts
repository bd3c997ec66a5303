import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ULID_PATTERN } from '@jyg12345/shared';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { BULLETIN_KINDS, type BulletinKind, METRICS, type Metric, PERIOD_KINDS, type PeriodKind } from './assessment.types.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A live drill-down page's end: the last item's time (ms) and key. */
const ITEM_CURSOR = /^\d{1,15}-[0-9A-HJKMNP-TV-Z]{26}$/;
const DATE_MESSAGE = '必须是日期（YYYY-MM-DD）';

/** A period: its kind and any day in it (China dates); a range also needs its last day. */
export class PeriodQueryDto {
  @ApiProperty({ enum: PERIOD_KINDS }) @IsIn(PERIOD_KINDS) period!: PeriodKind;
  @ApiProperty({ example: '2026-03-15' }) @Matches(DATE, { message: DATE_MESSAGE }) date!: string;
  @ApiPropertyOptional({ description: 'last day of a range (period=range)' })
  @ValidateIf((o: PeriodQueryDto) => o.period === 'range' || o.to !== undefined)
  @Matches(DATE, { message: DATE_MESSAGE })
  to?: string;
}

export class RatesQueryDto extends PeriodQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: "units: count each unit's whole subtree" })
  @IsOptional()
  @IsIn(['true', 'false'])
  includeSubUnits?: 'true' | 'false';
}

export const EXPORT_FORMATS = ['xlsx', 'csv', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const RATE_VIEWS = ['units', 'categories', 'communities', 'community-categories'] as const;
export type RateView = (typeof RATE_VIEWS)[number];

export class ExportRatesQueryDto extends RatesQueryDto {
  @ApiProperty({ enum: EXPORT_FORMATS }) @IsIn(EXPORT_FORMATS) format!: ExportFormat;
}

export const GROUPS = ['unit', 'category', 'community', 'community-category', 'centre'] as const;
export type Group = (typeof GROUPS)[number];

/** The items behind one figure: the metric, the row (group + key) and optionally only the numerator's or the rest. */
export class ItemsQueryDto extends RatesQueryDto {
  @ApiProperty({ enum: METRICS }) @IsIn(METRICS) metric!: Metric;
  @ApiProperty({ enum: GROUPS }) @IsIn(GROUPS) by!: Group;
  @ApiPropertyOptional({ description: "the row's id (unit, category, community; community-category: 'community:category'); 'none' for items without one" })
  @ValidateIf((o: ItemsQueryDto) => o.by !== 'centre')
  @Matches(/^([0-9A-HJKMNP-TV-Z]{26}|none)(:([0-9A-HJKMNP-TV-Z]{26}|none))?$/, { message: '必须是编号或 none' })
  key?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) counted?: 'true' | 'false';
  @ApiPropertyOptional({ description: "the previous page's nextCursor" }) @IsOptional() @Matches(ITEM_CURSOR, { message: '分页参数有误' }) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}

export class ExportItemsQueryDto extends ItemsQueryDto {
  @ApiProperty({ enum: EXPORT_FORMATS }) @IsIn(EXPORT_FORMATS) format!: ExportFormat;
}

export class WeightsDto {
  @ApiProperty({ minimum: 0, maximum: 1 }) @IsNumber() @Min(0) @Max(1) response!: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) @IsNumber() @Min(0) @Max(1) completion!: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) @IsNumber() @Min(0) @Max(1) satisfaction!: number;
}

export class PublishBulletinDto {
  @ApiProperty({ enum: BULLETIN_KINDS }) @IsIn(BULLETIN_KINDS) kind!: BulletinKind;
  @ApiProperty({ example: '2026-03-15', description: 'any day of the period' }) @Matches(DATE, { message: DATE_MESSAGE }) date!: string;
}

export class CorrectBulletinDto {
  @ApiProperty({ minLength: 1, maxLength: 500 }) @IsString() @MinLength(1) @MaxLength(500) reason!: string;
}

export class ListBulletinsQueryDto {
  @ApiPropertyOptional({ enum: BULLETIN_KINDS }) @IsOptional() @IsIn(BULLETIN_KINDS) kind?: BulletinKind;
}

export class BulletinItemsQueryDto {
  @ApiProperty({ enum: METRICS }) @IsIn(METRICS) metric!: Metric;
  @ApiPropertyOptional({ description: "a unit's id, or 'none' for items under no unit; all when absent" })
  @IsOptional()
  @Matches(/^([0-9A-HJKMNP-TV-Z]{26}|none)$/, { message: '必须是编号或 none' })
  unitId?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) counted?: 'true' | 'false';
  @ApiPropertyOptional() @IsOptional() @Matches(ULID_PATTERN, { message: '分页参数有误' }) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}

export class ExportBulletinItemsQueryDto extends BulletinItemsQueryDto {
  @ApiProperty({ enum: EXPORT_FORMATS }) @IsIn(EXPORT_FORMATS) format!: ExportFormat;
}

export class ExportFormatQueryDto {
  @ApiProperty({ enum: EXPORT_FORMATS }) @IsIn(EXPORT_FORMATS) format!: ExportFormat;
}
