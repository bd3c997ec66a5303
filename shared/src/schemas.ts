import { z } from 'zod';
import { CALENDAR_DAY_KINDS, CHANNELS, COORD_SYSTEMS, STAFF_ROLES, TICKET_STATUSES, TICKET_TYPES, UNIT_KINDS } from './enums.js';
import { LIMITS, PHONE_PATTERN } from './limits.js';

/**
 * Request bodies, validated by the API and reused by the mini-program's forms.
 * Every object is strict: an unknown field is refused, never silently dropped.
 */
const text = (max: number) =>
  z
    .string()
    .max(max)
    // C0 controls other than tab/newline have no business in a citizen's text.
    .refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(s), { message: 'contains control characters' });

export const phoneSchema = z.string().regex(PHONE_PATTERN, 'invalid phone number');

export const locationSchema = z.strictObject({
  lat: z.number().finite().min(-90).max(90),
  lng: z.number().finite().min(-180).max(180),
  coordSystem: z.enum(COORD_SYSTEMS),
  address: text(LIMITS.addressMax).optional(),
});
export type LocationInput = z.infer<typeof locationSchema>;

export const contactSchema = z.strictObject({
  name: text(LIMITS.contactNameMax).optional(),
  phone: phoneSchema.optional(),
});

export const createTicketSchema = z.strictObject({
  type: z.enum(TICKET_TYPES),
  categoryId: z.string().min(1).max(40).optional(),
  title: text(LIMITS.titleMax).optional(),
  description: text(LIMITS.descriptionMax).refine((s) => s.trim().length >= LIMITS.descriptionMin, {
    message: `at least ${LIMITS.descriptionMin} characters`,
  }),
  location: locationSchema.optional(),
  contact: contactSchema.optional(),
  confidential: z.boolean().default(false),
  /** Photos uploaded with POST /attachments beforehand (at most 9, each attached once). */
  attachmentIds: z.array(z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'invalid id')).max(LIMITS.photosPerTicket).optional(),
});
export type CreateTicketInput = z.infer<typeof createTicketSchema>;

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter((x) => x.length > 0))
    .pipe(z.array(z.enum(values)).max(values.length));

const ulidParam = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'invalid id');
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** A public ticket number (`JYG` + date + sequence), as typed into a search box: any case. */
export const isTicketNumber = (q: string): boolean => /^JYG\d{8,}$/i.test(q);

export const listTicketsQuerySchema = z.strictObject({
  status: csv(TICKET_STATUSES).optional(),
  type: csv(TICKET_TYPES).optional(),
  channel: csv(CHANNELS).optional(),
  /** staff: tickets in which this unit (or one below it) takes part */
  unitId: ulidParam.optional(),
  categoryId: ulidParam.optional(),
  communityId: ulidParam.optional(),
  dueSoon: flag.optional(),
  overdue: flag.optional(),
  /** created on or after / before (ISO date or time) */
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  /** a public number, or words of the description */
  q: z.string().trim().min(1).max(50).optional(),
  sort: z.enum(['time', 'deadline']).default('time'),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(LIMITS.pageSizeDefault),
  cursor: z.string().max(200).optional(),
}).superRefine((query, ctx) => {
  // Words are found by reading descriptions newest first, a bounded number per page: only in time order.
  if (query.q !== undefined && query.sort === 'deadline' && !isTicketNumber(query.q)) {
    ctx.addIssue({ code: 'custom', path: ['sort'], message: 'a search by words is sorted by time: sort=time' });
  }
});
export type ListTicketsQuery = z.infer<typeof listTicketsQuerySchema>;

/** An operator registers an appeal for a caller (phone) or from another channel; it starts accepted. */
export const registerTicketSchema = createTicketSchema.safeExtend({
  channel: z.enum(['phone', 'web', 'province']),
  categoryId: z.string().min(1).max(40),
  urgent: z.boolean().default(false),
});
export type RegisterTicketInput = z.infer<typeof registerTicketSchema>;

export const staffLoginSchema = z.strictObject({
  username: z.string().min(1).max(LIMITS.usernameMax),
  password: z.string().min(1).max(LIMITS.passwordMax),
});

export const wechatLoginSchema = z.strictObject({
  code: z.string().min(1).max(128),
});

export const devLoginSchema = z.strictObject({
  openid: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'openid: 1-64 letters, digits, _ or -'),
});

export const createStaffSchema = z.strictObject({
  username: z.string().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'username: 3-64 lowercase letters, digits, . _ -'),
  password: z.string().min(LIMITS.passwordMin).max(LIMITS.passwordMax),
  displayName: text(50).min(1).optional(),
  role: z.enum(STAFF_ROLES),
  unitId: z.string().min(1).max(40),
  phone: phoneSchema.optional(),
});
export type CreateStaffInput = z.infer<typeof createStaffSchema>;

export const updateStaffSchema = z.strictObject({
  displayName: text(50).min(1).optional(),
  password: z.string().min(LIMITS.passwordMin).max(LIMITS.passwordMax).optional(),
  role: z.enum(STAFF_ROLES).optional(),
  unitId: z.string().min(1).max(40).optional(),
  phone: phoneSchema.nullable().optional(),
  active: z.boolean().optional(),
});
export type UpdateStaffInput = z.infer<typeof updateStaffSchema>;

export const createUnitSchema = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  name: text(100).min(1),
  kind: z.enum(UNIT_KINDS),
  parentId: z.string().min(1).max(40).nullable().optional(),
});
export type CreateUnitInput = z.infer<typeof createUnitSchema>;

export const updateUnitSchema = z.strictObject({
  name: text(100).min(1).optional(),
  parentId: z.string().min(1).max(40).nullable().optional(),
  active: z.boolean().optional(),
});
export type UpdateUnitInput = z.infer<typeof updateUnitSchema>;

export const createCategorySchema = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9._-]{1,32}$/),
  level1: text(50).min(1),
  level2: text(50).min(1),
  level3: text(50).min(1),
  defaultUnitId: z.string().min(1).max(40).nullable().optional(),
  replyDays: z.number().int().min(0).max(60).nullable().optional(),
});
export type CreateCategoryInput = z.infer<typeof createCategorySchema>;

export const updateCategorySchema = z.strictObject({
  level1: text(50).min(1).optional(),
  level2: text(50).min(1).optional(),
  level3: text(50).min(1).optional(),
  defaultUnitId: z.string().min(1).max(40).nullable().optional(),
  replyDays: z.number().int().min(0).max(60).nullable().optional(),
  active: z.boolean().optional(),
});
export type UpdateCategoryInput = z.infer<typeof updateCategorySchema>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'invalid date');

export const putCalendarDaySchema = z.strictObject({
  kind: z.enum(CALENDAR_DAY_KINDS),
  name: text(50).min(1),
});
export const calendarDateParamSchema = isoDate;
export const calendarQuerySchema = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100),
});

/** Knowledge base (answers operators give callers directly): admins write, centre staff read and search. */
export const createKnowledgeSchema = z.strictObject({
  title: text(100).trim().min(1),
  content: text(10000).trim().min(1),
  categoryId: ulidParam.nullable().optional(),
  /** Extra search words, separated by spaces or commas. */
  keywords: text(200).trim().default(''),
  active: z.boolean().default(true),
});
export type CreateKnowledgeInput = z.infer<typeof createKnowledgeSchema>;

export const updateKnowledgeSchema = z.strictObject({
  title: text(100).trim().min(1).optional(),
  content: text(10000).trim().min(1).optional(),
  categoryId: ulidParam.nullable().optional(),
  keywords: text(200).trim().optional(),
  active: z.boolean().optional(),
});
export type UpdateKnowledgeInput = z.infer<typeof updateKnowledgeSchema>;

export const listKnowledgeQuerySchema = z.strictObject({
  /** Whitespace-separated terms; an entry matches when every term is in its title, keywords or content. */
  q: z.string().trim().min(1).max(100).optional(),
  categoryId: ulidParam.optional(),
  /** admins only: include inactive entries */
  includeInactive: flag.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type ListKnowledgeQuery = z.infer<typeof listKnowledgeQuerySchema>;
