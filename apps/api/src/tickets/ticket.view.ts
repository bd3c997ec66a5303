import {
  actionsFor as allowedActions,
  PUBLIC_ACTIONS,
  type TicketAction,
  type TicketEventView,
  type TicketView,
} from '@jyg12345/shared';
import type { Principal } from '../auth/principal.js';
import type { TicketEntity, TicketEventEntity } from '../database/entities.js';
import { photoVisible, type TicketScope } from './ticket-access.service.js';

export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

export function maskName(name: string): string {
  return name.length <= 1 ? '*' : `${name.slice(0, 1)}${'*'.repeat(Math.min(name.length - 1, 3))}`;
}

const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());

/** What the caller may do now: exactly the actions the workflow table allows (shared/src/workflow.ts). */
export function actionsFor(t: TicketEntity, viewer: Principal, scope: TicketScope): TicketAction[] {
  return allowedActions(t, { role: viewer.role, id: viewer.id }, scope);
}

/**
 * A confidential appeal shows the resident's contact masked to units; centre staff and the resident see it whole.
 * A resident following the ticket after their own appeal was merged into it (`scope.following`) sees its progress
 * and the reply only: none of the owner's words, contact, place, photos or rating (followerView).
 */
export function toTicketView(
  t: TicketEntity,
  viewer: Principal,
  scope: TicketScope,
  cooperatingUnitIds: string[] = [],
  photos: TicketView['photos'] = [],
): TicketView {
  const view = fullView(t, viewer, scope, cooperatingUnitIds, photos.filter((ph) => photoVisible(scope, ph.usage)));
  return scope.following ? followerView(view) : view;
}

/**
 * The owner's personal data taken out, field by field (no spread: a field added to TicketView must be decided here):
 * what is left is the progress (status, deadlines, units), the reply and the photos the unit replied with.
 */
function followerView(v: TicketView): TicketView {
  return {
    id: v.id,
    number: v.number,
    status: v.status,
    version: v.version,
    channel: v.channel,
    type: v.type,
    categoryId: v.categoryId,
    title: null,
    description: '',
    location: null,
    contact: { name: null, phone: null },
    confidential: v.confidential,
    wgs84: null,
    outsideArea: false,
    streetId: null,
    communityId: null,
    photos: v.photos,
    leadUnitId: v.leadUnitId,
    cooperatingUnitIds: v.cooperatingUnitIds,
    assignedUnitId: v.assignedUnitId,
    urgent: v.urgent,
    dispatchedAt: v.dispatchedAt,
    signDueAt: v.signDueAt,
    signedAt: v.signedAt,
    replyDueAt: v.replyDueAt,
    dueSoon: v.dueSoon,
    overdue: v.overdue,
    urgeCount: v.urgeCount,
    pendingExtensionDays: v.pendingExtensionDays,
    reply: v.reply,
    rating: null,
    rejectReason: v.rejectReason,
    mergedIntoId: v.mergedIntoId,
    closedAt: v.closedAt,
    actions: v.actions,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
  };
}

function fullView(t: TicketEntity, viewer: Principal, scope: TicketScope, cooperatingUnitIds: string[], photos: TicketView['photos']): TicketView {
  const masked = t.confidential && viewer.role === 'handler';
  const resident = viewer.kind === 'resident';
  const now = Date.now();
  const open = t.status === 'dispatched' || t.status === 'in_progress' || t.status === 'return_requested';
  const overdue = open && t.replyDueAt !== null && new Date(t.replyDueAt).getTime() < now;
  return {
    id: t.id,
    number: t.number,
    status: t.status,
    version: t.version,
    channel: t.channel,
    type: t.type,
    categoryId: t.categoryId,
    title: t.title,
    description: t.description,
    location:
      t.lat !== null && t.lng !== null && t.coordSystem !== null
        ? { lat: t.lat, lng: t.lng, coordSystem: t.coordSystem, address: t.address }
        : null,
    contact: {
      name: t.contactName === null ? null : masked ? maskName(t.contactName) : t.contactName,
      phone: t.contactPhone === null ? null : masked ? maskPhone(t.contactPhone) : t.contactPhone,
    },
    confidential: t.confidential,
    wgs84: t.wgs84Lat !== null && t.wgs84Lng !== null ? { lat: t.wgs84Lat, lng: t.wgs84Lng } : null,
    outsideArea: t.outsideArea,
    streetId: t.streetId,
    communityId: t.communityId,
    photos,
    leadUnitId: t.leadUnitId,
    cooperatingUnitIds: resident ? [] : cooperatingUnitIds,
    assignedUnitId: resident ? null : t.assignedUnitId,
    urgent: t.urgent,
    dispatchedAt: iso(t.dispatchedAt),
    signDueAt: resident ? null : iso(t.signDueAt),
    signedAt: iso(t.signedAt),
    replyDueAt: iso(t.replyDueAt),
    dueSoon: open && (overdue || t.dueSoonAt !== null),
    overdue,
    urgeCount: resident ? 0 : t.urgeCount,
    pendingExtensionDays: resident ? null : t.pendingExtensionDays,
    reply:
      t.replyContent !== null && t.repliedAt !== null
        ? { content: t.replyContent, handlerName: t.handlerName, handlerPhone: t.handlerPhone, unitId: t.replyUnitId, at: iso(t.repliedAt) as string }
        : null,
    rating:
      t.satisfaction !== null && t.ratedAt !== null
        ? { satisfaction: t.satisfaction, resolved: t.resolved ?? false, comment: t.ratingComment, at: iso(t.ratedAt) as string }
        : null,
    rejectReason: t.rejectReason,
    mergedIntoId: t.mergedIntoId,
    closedAt: iso(t.closedAt),
    actions: actionsFor(t, viewer, scope),
    createdAt: new Date(t.createdAt).toISOString(),
    updatedAt: new Date(t.updatedAt).toISOString(),
  };
}

/** Notes residents may read: their own words and what the centre or unit answered them. */
const PUBLIC_NOTES = new Set(['submit', 'register', 'withdraw', 'supplement', 'rate', 'answer', 'reject', 'reply', 'record_visit']);
/** Details residents may read: only the replying handler's name and phone. */
const PUBLIC_DETAILS: Record<string, readonly string[]> = { reply: ['handlerName', 'handlerPhone'], supplement: ['attachmentIds'] };

/** The owner's own doings (their words, photos, rating, withdrawal): never shown to a resident following after a merge. */
const OWNER_EVENTS = new Set(['submit', 'register', 'forward', 'withdraw', 'supplement', 'rate', 'record_visit']);

/** Staff read the whole timeline; residents the public events, and a follower (scope.following) only the progress. */
export function eventVisible(e: TicketEventEntity, viewer: Principal, scope: TicketScope): boolean {
  if (viewer.kind !== 'resident') return true;
  return PUBLIC_ACTIONS.has(e.action) && !(scope.following === true && OWNER_EVENTS.has(e.action));
}

export function toEventView(e: TicketEventEntity, viewer: Principal): TicketEventView {
  const payload = (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload) as Record<string, unknown> | null;
  const resident = viewer.kind === 'resident';
  let details = payload;
  if (resident && payload) {
    const allowed = PUBLIC_DETAILS[e.action] ?? [];
    const picked = Object.fromEntries(Object.entries(payload).filter(([k]) => allowed.includes(k)));
    details = Object.keys(picked).length > 0 ? picked : null;
  }
  return {
    id: e.id,
    ticketId: e.ticketId,
    action: e.action,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    actorRole: e.actorRole,
    unitId: e.unitId,
    note: resident && !PUBLIC_NOTES.has(e.action) ? null : e.note,
    details,
    createdAt: new Date(e.createdAt).toISOString(),
  };
}
