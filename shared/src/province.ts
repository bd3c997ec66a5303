import type { Satisfaction, TicketStatus, TicketType } from './enums.js';
import type { ContactInput, LocationInput } from './requests.js';

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

/** A provincial appeal number: 1-40 letters, digits, `_` or `-`, starting with a letter or digit. */
export const PROVINCE_NUMBER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

/** POST /api/v1/province/tickets: an appeal the provincial platform forwards to the city. */
export interface ProvinceForwardInput {
  provinceNumber: string;
  type: TicketType;
  title?: string;
  description: string;
  contact?: ContactInput;
  confidential: boolean;
  location?: LocationInput;
  urgent: boolean;
  /** When the platform forwarded it (ISO 8601 with offset). */
  forwardedAt: string;
}

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

export interface ProvinceUnitRef {
  code: string;
  name: string;
}

/** POST {PROVINCE_API_URL}/feedback: one message about one state change; `deliveryId` is the platform's dedup key. */
export interface ProvinceFeedback {
  /** a ULID */
  deliveryId: string;
  provinceNumber: string;
  ticketNumber: string;
  /** Strictly increasing per ticket (gaps allowed): a message never overtakes an earlier one. */
  sequence: number;
  event: ProvinceEvent;
  status: TicketStatus;
  /** ISO 8601 */
  occurredAt: string;
  note: string | null;
  data: {
    leadUnit?: ProvinceUnitRef;
    cooperatingUnits?: ProvinceUnitRef[];
    unit?: ProvinceUnitRef | null;
    signDueAt?: string | null;
    replyDueAt?: string | null;
    extensionDays?: number;
    content?: string;
    handlerName?: string;
    handlerPhone?: string;
    satisfaction?: Satisfaction | null;
    resolved?: boolean | null;
    comment?: string | null;
    reason?: string;
    intoNumber?: string;
  };
}

/** A feedback row leaves `pending` only as `sent` (acknowledged) or `rejected` (refused for good). */
export const PROVINCE_OUTBOX_STATUSES = ['pending', 'sent', 'rejected'] as const;
export type ProvinceOutboxStatus = (typeof PROVINCE_OUTBOX_STATUSES)[number];

/** GET /console/province/failing-deliveries: a feedback that has not gone through after a few tries. */
export interface FailingDeliveryView {
  id: string;
  ticketId: string;
  ticketNumber: string | null;
  event: string;
  status: ProvinceOutboxStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string;
}
