import Taro from '@tarojs/taro';
import { ErrorCode, LIMITS, PHONE_PATTERN, type TicketType, type TicketView } from '@jyg12345/shared';
import { ApiError } from '../services/api-error';
import type { CreateTicketBody } from '../services/tickets';
import { uuidv4 } from '../utils/uuid';

/**
 * The appeal being written, kept in storage until the server confirms it. Each draft carries one
 * Idempotency-Key, generated once and sent with every attempt, so a flaky network never files twice.
 */
export interface DraftLocation {
  lat: number;
  lng: number;
  coordSystem: 'gcj02' | 'wgs84';
}

export interface DraftFields {
  type: TicketType;
  description: string;
  /** The map point, when the resident picked or located one. */
  point: DraftLocation | null;
  /** Free text; the only location when there is no point. */
  address: string;
  contactName: string;
  contactPhone: string;
  confidential: boolean;
  agreed: boolean;
  /** Photos already uploaded (POST /attachments): a retried submission sends the same ids. */
  photos: DraftPhoto[];
  /** The category the resident picked (from the suggestions or the full list); optional for the appeal. */
  category: DraftCategory | null;
}

export interface DraftPhoto {
  attachmentId: string;
  /** The local file, to show the tile again (it may be gone after a restart). */
  path: string;
}

export interface DraftCategory {
  id: string;
  /** The leaf's name, as the chip shows it. */
  name: string;
}

export interface Draft {
  schema: 1;
  idempotencyKey: string;
  fields: DraftFields;
  /** The first body sent with this key whose outcome is unknown (no answer, 5xx): the server may hold a ticket for it. */
  inFlight: CreateTicketBody | null;
  updatedAt: string;
}

export type FieldErrors = Partial<Record<'description' | 'address' | 'contactPhone' | 'contactName' | 'agreed' | 'photos', string>>;

const STORAGE_KEY = 'jyg12345.appealDraft.v1';

export function emptyFields(type: TicketType): DraftFields {
  return {
    type,
    description: '',
    point: null,
    address: '',
    contactName: '',
    contactPhone: '',
    confidential: false,
    agreed: false,
    photos: [],
    category: null,
  };
}

function isDraft(value: unknown): value is Draft {
  if (typeof value !== 'object' || value === null) return false;
  const d = value as Partial<Draft>;
  return d.schema === 1 && typeof d.idempotencyKey === 'string' && typeof d.fields === 'object' && d.fields !== null;
}

export const draftStore = {
  load(): Draft | null {
    const raw: unknown = Taro.getStorageSync(STORAGE_KEY);
    if (!isDraft(raw)) return null;
    // Drafts saved before photos and categories existed lack those fields.
    const fields = { ...emptyFields(raw.fields.type), ...raw.fields };
    return { ...raw, fields: { ...fields, photos: Array.isArray(fields.photos) ? fields.photos : [], category: fields.category ?? null } };
  },

  /** Saves the fields, keeping the draft's key (a new draft gets a fresh one). */
  save(fields: DraftFields): Draft {
    const previous = draftStore.load();
    const draft: Draft = {
      schema: 1,
      idempotencyKey: previous?.idempotencyKey ?? uuidv4(),
      fields,
      inFlight: previous?.inFlight ?? null,
      updatedAt: new Date().toISOString(),
    };
    Taro.setStorageSync(STORAGE_KEY, draft);
    return draft;
  },

  clear(): void {
    Taro.removeStorageSync(STORAGE_KEY);
  },

  write(draft: Draft): void {
    Taro.setStorageSync(STORAGE_KEY, draft);
  },
};

/** Whether a draft holds anything worth restoring. */
export function hasContent(fields: DraftFields): boolean {
  return (
    fields.description.trim().length > 0 ||
    fields.address.trim().length > 0 ||
    fields.point !== null ||
    fields.contactPhone.length > 0 ||
    fields.photos.length > 0
  );
}

export function validateFields(fields: DraftFields): FieldErrors {
  const errors: FieldErrors = {};
  const description = fields.description.trim();
  if (description.length === 0) errors.description = '请填写诉求内容';
  else if (description.length < LIMITS.descriptionMin) errors.description = `诉求内容至少 ${LIMITS.descriptionMin} 个字`;
  else if (fields.description.length > LIMITS.descriptionMax) errors.description = `诉求内容不能超过 ${LIMITS.descriptionMax} 个字`;
  if (fields.address.length > LIMITS.addressMax) errors.address = `地址不能超过 ${LIMITS.addressMax} 个字`;
  const phone = fields.contactPhone.trim();
  if (phone.length > 0 && !PHONE_PATTERN.test(phone)) errors.contactPhone = '请填写正确的手机号或固定电话';
  if (fields.contactName.length > LIMITS.contactNameMax) errors.contactName = `姓名不能超过 ${LIMITS.contactNameMax} 个字`;
  if (!fields.agreed) errors.agreed = '请阅读并同意《诉求提交须知》';
  return errors;
}

export function toRequestBody(fields: DraftFields): CreateTicketBody {
  const address = fields.address.trim();
  const name = fields.contactName.trim();
  const phone = fields.contactPhone.trim();
  const body: CreateTicketBody = {
    type: fields.type,
    description: fields.description.trim(),
    confidential: fields.confidential,
  };
  if (fields.point) {
    body.location = { ...fields.point, ...(address ? { address } : {}) };
  } else if (address) {
    // No map point: the typed address travels in the description so the centre still sees it.
    body.description = `${body.description}\n【地址】${address}`.slice(0, LIMITS.descriptionMax);
  }
  if (name || phone) body.contact = { ...(name ? { name } : {}), ...(phone ? { phone } : {}) };
  if (fields.category) body.categoryId = fields.category.id;
  if (fields.photos.length > 0) body.attachmentIds = fields.photos.map((p) => p.attachmentId);
  return body;
}

export type SubmitOutcome =
  | { kind: 'created'; ticket: TicketView; recovered: boolean }
  | { kind: 'failed'; error: ApiError; draftKept: true };

export interface SubmitDeps {
  create: (body: CreateTicketBody, idempotencyKey: string) => Promise<TicketView>;
  /** The resident's latest tickets, to recognise one an earlier lost attempt created. */
  recent: () => Promise<TicketView[]>;
}

/**
 * Sends the stored draft. On success the draft is gone; on any failure it stays for a retry with the same key,
 * except after a definitive refusal of a fresh attempt (nothing was created), which gets a new key.
 */
export async function submitDraft(deps: SubmitDeps): Promise<SubmitOutcome> {
  const draft = draftStore.load();
  if (!draft) throw new Error('submitDraft: no draft saved');
  const body = toRequestBody(draft.fields);
  const hadInFlight = draft.inFlight !== null;
  draftStore.write({ ...draft, inFlight: draft.inFlight ?? body });

  try {
    const ticket = await deps.create(body, draft.idempotencyKey);
    draftStore.clear();
    return { kind: 'created', ticket, recovered: false };
  } catch (caught) {
    const error = caught instanceof ApiError ? caught : new ApiError(ErrorCode.INTERNAL_ERROR, 0);
    if (error.outcomeUnknown) {
      return { kind: 'failed', error, draftKept: true };
    }
    if (error.code === ErrorCode.IDEMPOTENCY_KEY_REUSED) {
      // The key already filed a ticket, with the text as it was before the resident edited it.
      const sent = [draft.inFlight, body].filter((b): b is CreateTicketBody => b !== null);
      const match = await deps.recent().then(
        (tickets) => tickets.find((t) => sent.some((b) => t.description === b.description && t.type === b.type)),
        () => undefined,
      );
      if (match) {
        draftStore.clear();
        return { kind: 'created', ticket: match, recovered: true };
      }
      draftStore.write({ ...draft, idempotencyKey: uuidv4(), inFlight: null });
      return { kind: 'failed', error, draftKept: true };
    }
    // A definitive refusal. If an earlier attempt's outcome is still unknown, keep its key: the server may hold
    // a ticket for it, and a new key could file the same appeal twice.
    draftStore.write({ ...draft, idempotencyKey: hadInFlight ? draft.idempotencyKey : uuidv4(), inFlight: hadInFlight ? draft.inFlight : null });
    return { kind: 'failed', error, draftKept: true };
  }
}
