import { z } from 'zod';
import { SATISFACTIONS, TICKET_STATUSES, TICKET_TYPES, type TicketStatus } from './enums.js';
import { contactSchema, createTicketSchema, locationSchema } from './schemas.js';

/**
 * The provincial 12345 platform protocol (docs/adr/0002-province-protocol.md): appeals it forwards to us, and the
 * feedback we send back about them. Both directions are signed with HMAC-SHA256 over `timestamp + "\n" + body`.
 */
export const PROVINCE_HEADERS = {
  timestamp: 'x-province-timestamp',
  signature: 'x-province-signature',
  deliveryId: 'x-province-delivery-id',
} as const;

/** How far a signed request's timestamp may be from our clock, either way. */
export const PROVINCE_MAX_SKEW_SECONDS = 300;

export const provinceNumberSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'provinceNumber: 1-40 letters, digits, _ or -');

/** POST /api/v1/province/tickets: an appeal the provincial platform forwards to the city. */
export const provinceForwardSchema = z.strictObject({
  provinceNumber: provinceNumberSchema,
  type: z.enum(TICKET_TYPES),
  title: createTicketSchema.shape.title,
  description: createTicketSchema.shape.description,
  contact: contactSchema.optional(),
  confidential: z.boolean().default(false),
  location: locationSchema.optional(),
  urgent: z.boolean().default(false),
  /** When the platform forwarded it (ISO 8601 with offset). */
  forwardedAt: z.iso.datetime({ offset: true }),
});
export type ProvinceForwardInput = z.infer<typeof provinceForwardSchema>;

/** 201 on the first forward of a provincial number, 200 (duplicate: true) on every later one. */
export interface ProvinceForwardResult {
  provinceNumber: string;
  ticketId: string;
  number: string;
  status: TicketStatus;
  duplicate: boolean;
}

/** What we report back about a forwarded ticket, in this order per ticket. */
export const PROVINCE_EVENTS = [
  'accepted',
  'dispatched',
  'signed',
  'returned',
  'extended',
  'replied',
  'rated',
  'reopened',
  'closed',
  'rejected',
  'merged',
] as const;
export type ProvinceEvent = (typeof PROVINCE_EVENTS)[number];

const unitRef = z.strictObject({ code: z.string(), name: z.string() });

/** POST {PROVINCE_API_URL}/feedback: one message about one state change; `deliveryId` is the platform's dedup key. */
export const provinceFeedbackSchema = z.strictObject({
  deliveryId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/),
  provinceNumber: provinceNumberSchema,
  ticketNumber: z.string(),
  /** Strictly increasing per ticket (gaps allowed): a message never overtakes an earlier one. */
  sequence: z.number().int().min(1),
  event: z.enum(PROVINCE_EVENTS),
  status: z.enum(TICKET_STATUSES),
  occurredAt: z.iso.datetime(),
  note: z.string().nullable(),
  data: z.strictObject({
    leadUnit: unitRef.optional(),
    cooperatingUnits: z.array(unitRef).optional(),
    unit: unitRef.nullable().optional(),
    signDueAt: z.iso.datetime().nullable().optional(),
    replyDueAt: z.iso.datetime().nullable().optional(),
    extensionDays: z.number().int().optional(),
    content: z.string().optional(),
    handlerName: z.string().optional(),
    handlerPhone: z.string().optional(),
    satisfaction: z.enum(SATISFACTIONS).nullable().optional(),
    resolved: z.boolean().nullable().optional(),
    comment: z.string().nullable().optional(),
    reason: z.string().optional(),
    intoNumber: z.string().optional(),
  }),
});
export type ProvinceFeedback = z.infer<typeof provinceFeedbackSchema>;
