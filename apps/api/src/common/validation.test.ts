import { describe, expect, it } from '@jest/globals';
import { ErrorCode } from '@jyg12345/shared';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { AppError } from './app-error.js';
import { validateDto } from './validation.js';

class PlaceDto {
  @IsString()
  @MaxLength(10)
  address!: string;
}

class SampleDto {
  @IsString()
  @MinLength(5)
  text!: string;

  @IsInt()
  @Min(1)
  @Max(30)
  days!: number;

  @IsOptional()
  @IsIn(['a', 'b'])
  kind?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => PlaceDto)
  place?: PlaceDto;
}

async function failure(value: unknown): Promise<AppError> {
  try {
    await validateDto(SampleDto, value);
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a validation failure');
}

describe('validateDto', () => {
  it('accepts a valid body and returns an instance of the class', async () => {
    const dto = await validateDto(SampleDto, { text: '小区供暖不热', days: 3, place: { address: '新华路' } });
    expect(dto).toBeInstanceOf(SampleDto);
    expect(dto.place).toBeInstanceOf(PlaceDto);
  });

  it('names each field and says in Chinese what is wrong, with the constraint values', async () => {
    const err = await failure({ text: 'abc', days: 31, kind: 'c', place: { address: '一二三四五六七八九十十一' } });
    expect(err.code).toBe(ErrorCode.VALIDATION_FAILED);
    expect(err.details).toEqual(
      expect.arrayContaining([
        { path: 'text', message: '至少 5 个字符' },
        { path: 'days', message: '不能大于 30' },
        { path: 'kind', message: '必须是以下之一：a、b' },
        { path: 'place.address', message: '最多 10 个字符' },
      ]),
    );
  });

  it('refuses unknown fields with UNKNOWN_FIELD', async () => {
    const err = await failure({ text: '小区供暖不热', days: 3, admin: true });
    expect(err.code).toBe(ErrorCode.UNKNOWN_FIELD);
    expect(err.details).toEqual([{ path: 'admin', message: '不支持的字段' }]);
  });

  it('refuses bodies nested past the limit and keys class-transformer would treat as machinery, before transforming them', async () => {
    const deep = JSON.parse(`{"text":"小区供暖不热","days":3,"place":${'['.repeat(5000)}1${']'.repeat(5000)}}`) as unknown;
    expect((await failure(deep)).code).toBe(ErrorCode.VALIDATION_FAILED);
    const machinery = JSON.parse('{"text":"小区供暖不热","days":3,"extra":[{"constructor":"x"}]}') as unknown;
    expect(await failure(machinery)).toMatchObject({ code: ErrorCode.UNKNOWN_FIELD, details: [{ path: 'extra.0.constructor', message: '不支持的字段' }] });
    const proto = JSON.parse('{"text":"小区供暖不热","days":3,"__proto__":{"admin":true}}') as unknown;
    expect((await failure(proto)).code).toBe(ErrorCode.UNKNOWN_FIELD);
  });

  it('gives one message a field, the kind of value before its limits, and says when a field is missing', async () => {
    const err = await failure({ days: '3' });
    expect(err.details).toEqual(expect.arrayContaining([{ path: 'text', message: '必须填写' }, { path: 'days', message: '必须是整数' }]));
    expect(err.details).toHaveLength(2);
  });

  it('refuses a body that is not an object', async () => {
    expect((await failure([1, 2])).code).toBe(ErrorCode.VALIDATION_FAILED);
    expect((await failure('text')).code).toBe(ErrorCode.VALIDATION_FAILED);
  });
});
