import type { ApiBody } from '@nestjs/swagger';
import { z } from 'zod';

type BodySchema = NonNullable<Extract<Parameters<typeof ApiBody>[0], { schema?: unknown }>['schema']>;

/** OpenAPI body schemas straight from the zod schemas in shared/, so docs and validation cannot drift. */
export function jsonSchema(schema: z.ZodType): BodySchema {
  const js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete js.$schema;
  return js as BodySchema;
}
