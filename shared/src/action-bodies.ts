import type { Satisfaction } from './enums.js';

/**
 * What the bodies of the actions residents and unit handlers take carry, besides the ticket's current
 * `version`: the shapes the API's DTO classes (apps/api/src/tickets/ticket-actions.dto.ts) validate and the
 * mini-program sends. Types only.
 */
export interface ActionBodies {
  withdraw: { reason?: string };
  supplement: { text?: string; attachmentIds?: string[] };
  rate: { satisfaction: Satisfaction; resolved: boolean; comment?: string };
  sign: Record<string, never>;
  pass_down: { unitId: string; note?: string };
  request_return: { reason: string };
  request_extension: { reason: string; days: number };
  reply: { content: string; handlerName: string; handlerPhone: string; attachmentIds?: string[] };
}
export type BodyOf<A extends keyof ActionBodies> = ActionBodies[A];
/** A body as sent: with the ticket's version (else 409 VERSION_CONFLICT). */
export type VersionedBody<A extends keyof ActionBodies> = ActionBodies[A] & { version: number };
