import { type ArgumentMetadata, Injectable, type PipeTransform, ValidationPipe } from '@nestjs/common';
import { ErrorCode } from '@jyg12345/shared';
import { type ClassConstructor, plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate, validateSync, type ValidationError } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata.js';
import { AppError, type ErrorDetail } from './app-error.js';

/** What each class-validator constraint means, in the product's language, with the constraint's own values. */
const ZH: Record<string, (c: unknown[]) => string> = {
  isString: () => '必须是文本',
  isNotEmpty: () => '不能为空',
  isDefined: () => '必须填写',
  minLength: (c) => `至少 ${String(c[0])} 个字符`,
  maxLength: (c) => `最多 ${String(c[0])} 个字符`,
  length: (c) => `长度应在 ${String(c[0])}–${String(c[1])} 个字符之间`,
  isInt: () => '必须是整数',
  isNumber: () => '必须是数字',
  isLatitude: () => '必须是有效的纬度（-90 到 90）',
  isLongitude: () => '必须是有效的经度（-180 到 180）',
  min: (c) => `不能小于 ${String(c[0])}`,
  max: (c) => `不能大于 ${String(c[0])}`,
  isBoolean: () => '必须是 true 或 false',
  isIn: (c) => `必须是以下之一：${(c[0] as unknown[]).join('、')}`,
  isEnum: (c) => `必须是以下之一：${Object.values(c[0] as object).join('、')}`,
  isArray: () => '必须是数组',
  arrayMinSize: (c) => `至少 ${String(c[0])} 项`,
  arrayMaxSize: (c) => `最多 ${String(c[0])} 项`,
  arrayUnique: () => '不能有重复项',
  matches: () => '格式不正确',
  isDateString: () => '必须是 ISO 8601 日期时间',
  isISO8601: () => '必须是 ISO 8601 日期',
  isObject: () => '必须是对象',
  nestedValidation: () => '格式不正确',
  whitelistValidation: () => '不支持的字段',
  unknownValue: () => '格式不正确',
};

const TYPE_CHECKS = ['whitelistValidation', 'isDefined', 'isString', 'isInt', 'isNumber', 'isBoolean', 'isArray', 'isObject', 'isIn', 'isEnum'];
const rank = (name: string) => {
  const i = TYPE_CHECKS.indexOf(name);
  return i === -1 ? TYPE_CHECKS.length : i;
};

function constraintArgs(target: object | undefined, property: string, name: string): unknown[] {
  if (!target) return [];
  const metas = getMetadataStorage().getTargetValidationMetadatas(target.constructor, '', true, false) as ValidationMetadata[];
  const meta = metas.find((m) => m.propertyName === property && (m.name === name || m.constraintCls?.name === name));
  return meta?.constraints ?? [];
}

/** class-validator's errors as `{ path, message }` details, messages in Chinese (custom messages kept as written). */
export function toDetails(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const e of errors) {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const constraints = Object.entries(e.constraints ?? {});
    if (constraints.length > 0 && e.value === undefined && !('whitelistValidation' in (e.constraints ?? {}))) {
      out.push({ path, message: '必须填写' });
      continue;
    }
    // One message a field: what kind of value it must be comes before its limits.
    constraints.sort(([a], [b]) => rank(a) - rank(b));
    for (const [name, english] of constraints.slice(0, 1)) {
      const zh = ZH[name];
      const custom = !english.includes(e.property) && /[\u4e00-\u9fff]/.test(english);
      out.push({ path, message: custom || !zh ? english : zh(constraintArgs(e.target, e.property, name)) });
    }
    if (e.children?.length) out.push(...toDetails(e.children, path));
  }
  return out;
}

function toAppError(errors: ValidationError[]): AppError {
  const details = toDetails(errors);
  const unknown = errors.some(function hasUnknown(e): boolean {
    return 'whitelistValidation' in (e.constraints ?? {}) || (e.children ?? []).some(hasUnknown);
  });
  return new AppError(unknown ? ErrorCode.UNKNOWN_FIELD : ErrorCode.VALIDATION_FAILED, undefined, details);
}

/** Deeper than any body we take (a GeoJSON MultiPolygon's position is 6 levels down). */
const MAX_DEPTH = 32;
/** Nest's pipe would delete these silently and class-transformer would call a `constructor` it finds: refused. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * What must hold before class-transformer copies a value: an object (not an array or a primitive), no deeper than
 * MAX_DEPTH (a few thousand nested arrays overflow its recursion: a 500), and no prototype keys anywhere (refused as
 * unknown fields, as every unknown field is). Walked without recursion, so the check itself cannot overflow.
 */
function assertPlainObject(value: unknown): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new AppError(ErrorCode.VALIDATION_FAILED, undefined, [{ path: '', message: '必须是对象' }]);
  }
  const stack: [object, number, string][] = [[value, 0, '']];
  while (stack.length > 0) {
    const [v, depth, path] = stack.pop() as [object, number, string];
    if (depth >= MAX_DEPTH) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, undefined, [{ path, message: `嵌套不能超过 ${MAX_DEPTH} 层` }]);
    }
    for (const key of Object.keys(v)) {
      const at = path ? `${path}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key)) throw new AppError(ErrorCode.UNKNOWN_FIELD, undefined, [{ path: at, message: '不支持的字段' }]);
      const child = (v as Record<string, unknown>)[key];
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1, at]);
    }
  }
}

const OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  transform: true,
  transformOptions: { enableImplicitConversion: false },
  validationError: { target: true, value: true },
} as const;

/**
 * The global pipe: every `@Body()`, `@Query()` or `@Param()` typed with a DTO class is validated, unknown fields
 * refused, and failures answer `{ code: VALIDATION_FAILED | UNKNOWN_FIELD, details: [{ path, message }] }` in Chinese.
 */
export function createValidationPipe(): ValidationPipe {
  return new ShallowValidationPipe({ ...OPTIONS, exceptionFactory: toAppError });
}

class ShallowValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // null and undefined become {} in the pipe (a missing body is checked as an empty one).
    if (this.toValidate(metadata) && value !== null && value !== undefined) assertPlainObject(value);
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/**
 * Validates a plain value against a DTO class outside a request (services, workers, the seed). `accepts`, for a hot
 * body (filing): a hand-written check of the class's rules on the transformed instance; when it holds, the instance
 * is returned without running class-validator (~6 % of a filing's CPU). It may only be as strict or stricter: any
 * body it does not accept goes through class-validator, so every refusal and its details come from there.
 */
export async function validateDto<T extends object>(cls: ClassConstructor<T>, value: unknown, accepts?: (instance: T) => boolean): Promise<T> {
  assertPlainObject(value);
  const instance = plainToInstance(cls, value);
  if (accepts?.(instance)) return instance;
  const errors = await validate(instance, OPTIONS);
  if (errors.length > 0) throw toAppError(errors);
  return instance;
}

/** The same checks without waiting (none of the DTOs has an asynchronous rule): for tests that must decide at once. */
export function validateDtoSync<T extends object>(cls: ClassConstructor<T>, value: unknown): T {
  assertPlainObject(value);
  const instance = plainToInstance(cls, value);
  const errors = validateSync(instance, OPTIONS);
  if (errors.length > 0) throw toAppError(errors);
  return instance;
}

/** For a route whose DTO class is chosen at run time (e.g. by the action named in the path). */
@Injectable()
export class DtoPipe<T extends object> implements PipeTransform<unknown, Promise<T>> {
  constructor(private readonly cls: ClassConstructor<T>) {}

  transform(value: unknown, _meta: ArgumentMetadata): Promise<T> {
    return validateDto(this.cls, value ?? {});
  }
}
