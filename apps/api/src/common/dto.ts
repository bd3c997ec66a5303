import { applyDecorators } from '@nestjs/common';
import { ULID_PATTERN } from '@jyg12345/shared';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Matches, Max, Min, ValidateBy, ValidateIf, ValidateNested } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

/**
 * The building blocks of the request DTOs (apps/api/src/<area>/<area>.dto.ts): each one a rule that several bodies
 * share, with its Chinese message. The global ValidationPipe (validation.ts) turns the built-in constraints'
 * messages into Chinese; custom ones carry theirs.
 */

/** C0 controls other than tab and newline have no business in a citizen's text. */
const NO_CONTROL_CHARS = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/;

/**
 * Lengths in UTF-16 code units, as the database columns were sized for (class-validator's own MinLength/MaxLength
 * count neither surrogate pairs nor variation selectors, so thousands of U+FE0F would pass a MaxLength(100)). Named
 * like the built-ins so the messages and the OpenAPI `minLength`/`maxLength` come out the same.
 */
export function MaxLen(max: number): PropertyDecorator {
  return ValidateBy({ name: 'maxLength', constraints: [max], validator: { validate: (v: unknown) => typeof v === 'string' && v.length <= max, defaultMessage: () => `最多 ${max} 个字符` } });
}

export function MinLen(min: number): PropertyDecorator {
  return ValidateBy({ name: 'minLength', constraints: [min], validator: { validate: (v: unknown) => typeof v === 'string' && v.length >= min, defaultMessage: () => `至少 ${min} 个字符` } });
}

/**
 * Characters that show nothing: white space, format characters (zero-width space/joiners, bidi marks), variation
 * selectors, Hangul fillers and the braille blank. A text made only of these is empty to a reader.
 */
const INVISIBLE = /[\s\p{Cf}\u115F\u1160\u3164\uFFA0\u2800\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu;
/** Bidi embeddings, overrides and isolates: they make a text display differently from what it says. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;

/** Characters a reader sees (code points, invisible ones not counted). */
export const visibleLength = (v: string): number => [...v.replace(INVISIBLE, '')].length;

/** At least `min` visible characters (named minLength, so messages and OpenAPI stay those of the built-in). */
export function MinVisible(min: number): PropertyDecorator {
  return ValidateBy({
    name: 'minLength',
    constraints: [min],
    validator: {
      validate: (v: unknown) => typeof v === 'string' && visibleLength(v) >= min,
      defaultMessage: () => `至少 ${min} 个字符`,
    },
  });
}

/** Leading and trailing white space removed before the checks (and from the value kept). */
export const Trim = (): PropertyDecorator => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** A string of at most `max` characters (at least `min`), free of control characters; `trim` first when asked. */
export function Text(max: number, opts: { min?: number; trim?: boolean } = {}): PropertyDecorator {
  const rules: PropertyDecorator[] = [
    IsString(),
    MaxLen(max),
    Matches(NO_CONTROL_CHARS, { message: '不能包含控制字符' }),
    ValidateBy({ name: 'noBidiControls', validator: { validate: (v: unknown) => typeof v !== 'string' || !BIDI_CONTROLS.test(v), defaultMessage: () => '不能包含文字方向控制字符' } }),
  ];
  if (opts.min) rules.push(MinVisible(opts.min));
  if (opts.trim) rules.unshift(Trim());
  return applyDecorators(...rules);
}

/**
 * What `Text(max, { min })` checks, as one predicate on a value already transformed (no trimming here): for the
 * fast paths that accept a body without class-validator (validation.ts, `validateDto`'s `accepts`).
 */
export const isText = (v: unknown, max: number, min?: number): v is string =>
  typeof v === 'string' && v.length <= max && NO_CONTROL_CHARS.test(v) && !BIDI_CONTROLS.test(v) && (!min || visibleLength(v) >= min);

/** A string of `min`–`max` characters with no further rule (passwords, codes from WeChat). */
export const Str = (min: number, max: number): PropertyDecorator => applyDecorators(IsString(), MinLen(min), MaxLen(max));

/** A string matching `pattern`, with a Chinese message saying what it should look like. */
export const Pattern = (pattern: RegExp, message: string): PropertyDecorator => applyDecorators(IsString(), Matches(pattern, { message }));

/** The id of a row (a ULID). */
export const Ulid = (): PropertyDecorator => Pattern(ULID_PATTERN, '不是有效的编号');

/** An id given by reference to another row, checked against the table by the service (1–40 characters). */
export const RefId = (): PropertyDecorator => Str(1, 40);

/** One of a fixed list of values. */
export const OneOf = (values: readonly string[]): PropertyDecorator => applyDecorators(IsString(), IsIn([...values]));

/** May be left out; `null` is refused (class-validator's IsOptional would let it through). */
export const Optional = (): PropertyDecorator => ValidateIf((_o: object, v: unknown) => v !== undefined);

/** May be left out, or `null` to clear the value. */
export const Nullable = (): PropertyDecorator => applyDecorators(IsOptional(), JSONSchema({ nullable: true }));

/** A whole number in [min, max] (IsInt last, so the OpenAPI type stays `integer` when the schemas merge). */
export const Int = (min: number, max: number): PropertyDecorator => applyDecorators(Min(min), Max(max), IsInt());

/** A finite number in [min, max]. */
export const Num = (min: number, max: number): PropertyDecorator => applyDecorators(IsNumber({ allowNaN: false, allowInfinity: false }), Min(min), Max(max));

export const Bool = (): PropertyDecorator => IsBoolean();

/** A nested object of class `cls` (an array is refused, not validated element by element). */
export const Nested = (cls: () => new () => object): PropertyDecorator => applyDecorators(IsObject(), ValidateNested(), Type(cls));

// ---- Query strings: every value arrives as text ----

/** `?limit=20`: a whole number in [min, max]. */
export const QueryInt = (min: number, max: number): PropertyDecorator => applyDecorators(Type(() => Number), Int(min, max));

/** `?lat=39.8`: a finite number in [min, max]. */
export const QueryNum = (min: number, max: number): PropertyDecorator => applyDecorators(Type(() => Number), Num(min, max));

/** `?overdue=true`: exactly `true` or `false`. */
export const QueryFlag = (): PropertyDecorator =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value)),
    IsBoolean(),
  );

/** `?status=accepted,dispatched`: a comma-separated list of known values (a repeated key is read the same way). */
export const QueryList = (values: readonly string[]): PropertyDecorator =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) => {
      const parts = typeof value === 'string' ? [value] : Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : null;
      return parts ? parts.flatMap((s) => s.split(',')).filter((s) => s.length > 0) : value;
    }),
    IsArray(),
    ArrayMaxSize(values.length),
    IsIn([...values], { each: true }),
  );
