import type { ApiBody, OpenAPIObject } from '@nestjs/swagger';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { z } from 'zod';

type BodySchema = NonNullable<Extract<Parameters<typeof ApiBody>[0], { schema?: unknown }>['schema']>;

/** OpenAPI body schemas straight from the zod schemas in shared/, so docs and validation cannot drift. */
export function jsonSchema(schema: z.ZodType): BodySchema {
  const js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete js.$schema;
  return js as BodySchema;
}

/**
 * Fills the OpenAPI document's DTO schemas from their class-validator decorators (lengths, enums, ranges), so the
 * documented constraints are the enforced ones. Swagger names a body `@ApiBody({ type: Dto })` by its class name.
 */
export function withDtoSchemas(doc: OpenAPIObject): OpenAPIObject {
  const schemas = validationMetadatasToSchemas({ refPointerPrefix: '#/components/schemas/' }) as Record<string, object>;
  doc.components ??= {};
  doc.components.schemas = { ...(doc.components.schemas ?? {}), ...schemas };
  return doc;
}
