import { type PipeTransform } from '@nestjs/common';
import { ErrorCode } from '@jyg12345/shared';
import type { z } from 'zod';
import { AppError } from './app-error.js';

/** Validates with a schema from shared/; unknown fields answer UNKNOWN_FIELD, anything else VALIDATION_FAILED. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const details = result.error.issues.map((i) => {
    const keys = i.code === 'unrecognized_keys' ? ` (${i.keys.join(', ')})` : '';
    return { path: i.path.map(String).join('.'), message: `${i.message}${keys}` };
  });
  const unknownField = result.error.issues.some((i) => i.code === 'unrecognized_keys');
  throw new AppError(unknownField ? ErrorCode.UNKNOWN_FIELD : ErrorCode.VALIDATION_FAILED, undefined, details);
}

/** A body, query or param validated by a schema from shared/. */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    return parseWith(this.schema, value);
  }
}
