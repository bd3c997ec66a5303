import type { OpenAPIObject } from '@nestjs/swagger';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';

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
