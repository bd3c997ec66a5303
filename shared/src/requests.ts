import type { CalendarDayKind, Channel, CoordSystem, StaffRole, TicketStatus, TicketType, UnitKind } from './enums.js';

/**
 * What the API's request bodies and queries carry once validated: the API's DTO classes (class-validator, in
 * apps/api/src/<area>/<area>.dto.ts) implement these, and the mini-program builds its requests from them.
 * Plain types and patterns only: the mini-program bundles this file.
 */

/** A mobile number, or a landline with its area code (the dash optional). */
export const PHONE_PATTERN = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;
/** Ids are ULIDs (Crockford base 32). */
export const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** A public ticket number (`JYG` + date + sequence), as typed into a search box: any case. */
export const isTicketNumber = (q: string): boolean => /^JYG\d{8,}$/i.test(q);

export interface LocationInput {
  lat: number;
  lng: number;
  coordSystem: CoordSystem;
  address?: string;
}

export interface ContactInput {
  name?: string;
  phone?: string;
}

/** POST /tickets by a resident. */
export interface CreateTicketInput {
  type: TicketType;
  categoryId?: string;
  title?: string;
  description: string;
  location?: LocationInput;
  contact?: ContactInput;
  confidential: boolean;
  /** Photos uploaded with POST /attachments beforehand (at most LIMITS.photosPerTicket, each attached once). */
  attachmentIds?: string[];
}

/** POST /tickets by an operator: an appeal registered for a caller (phone) or from another channel; it starts accepted. */
export interface RegisterTicketInput extends CreateTicketInput {
  channel: 'phone' | 'web' | 'province';
  categoryId: string;
  urgent: boolean;
}

/** GET /tickets, as the API reads it (lists come comma-separated in the query string). */
export interface ListTicketsQuery {
  status?: TicketStatus[];
  type?: TicketType[];
  channel?: Channel[];
  /** staff: tickets in which this unit (or one below it) takes part */
  unitId?: string;
  categoryId?: string;
  communityId?: string;
  dueSoon?: boolean;
  overdue?: boolean;
  /** created on or after / before (ISO date or time) */
  from?: string;
  to?: string;
  /** a public number, or words of the title and description (any sort) */
  q?: string;
  /** relevance: with words, tickets holding more (and rarer) of them first, then newest first; without words, as time */
  sort: 'time' | 'deadline' | 'relevance';
  limit: number;
  cursor?: string;
}

export interface StaffLoginInput {
  username: string;
  password: string;
}

export interface WechatLoginInput {
  code: string;
}

export interface DevLoginInput {
  openid: string;
}

export interface CreateStaffInput {
  username: string;
  password: string;
  displayName?: string;
  role: StaffRole;
  unitId: string;
  phone?: string;
}

export interface UpdateStaffInput {
  displayName?: string;
  password?: string;
  role?: StaffRole;
  unitId?: string;
  /** null removes it */
  phone?: string | null;
  active?: boolean;
}

export interface CreateUnitInput {
  code: string;
  name: string;
  kind: UnitKind;
  parentId?: string | null;
}

export interface UpdateUnitInput {
  name?: string;
  parentId?: string | null;
  active?: boolean;
}

export interface CreateCategoryInput {
  code: string;
  level1: string;
  level2: string;
  level3: string;
  defaultUnitId?: string | null;
  replyDays?: number | null;
}

export interface UpdateCategoryInput {
  level1?: string;
  level2?: string;
  level3?: string;
  defaultUnitId?: string | null;
  replyDays?: number | null;
  active?: boolean;
}

/** PUT /calendar/:date */
export interface PutCalendarDayInput {
  kind: CalendarDayKind;
  name: string;
}

/** Knowledge base (answers operators give callers directly): admins write, centre staff read and search. */
export interface CreateKnowledgeInput {
  title: string;
  content: string;
  categoryId?: string | null;
  /** Extra search words, separated by spaces or commas. */
  keywords: string;
  active: boolean;
}

export interface UpdateKnowledgeInput {
  title?: string;
  content?: string;
  categoryId?: string | null;
  keywords?: string;
  active?: boolean;
}

export interface ListKnowledgeQuery {
  /** Whitespace-separated terms; an entry matches when every term is in its title, keywords or content. */
  q?: string;
  categoryId?: string;
  /** admins only: include inactive entries */
  includeInactive?: boolean;
  limit: number;
}
