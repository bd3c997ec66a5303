import type { CalendarDayKind, Channel, CoordSystem, Role, Satisfaction, StaffRole, TicketStatus, TicketType, UnitKind } from './enums.js';
import type { TicketAction } from './workflow.js';

/** What the API returns: the shapes both apps rely on. Dates are ISO-8601 strings in UTC. */
export interface UserView {
  id: string;
  role: Role;
  displayName: string;
  /** staff only */
  username?: string;
  unitId?: string | null;
}

export interface AuthResult {
  token: string;
  expiresAt: string;
  user: UserView;
}

export interface LocationView {
  lat: number;
  lng: number;
  coordSystem: CoordSystem;
  address: string | null;
}

export interface TicketView {
  id: string;
  number: string;
  status: TicketStatus;
  version: number;
  channel: Channel;
  type: TicketType;
  categoryId: string | null;
  title: string | null;
  description: string;
  location: LocationView | null;
  contact: { name: string | null; phone: string | null };
  confidential: boolean;
  /** WGS-84 of the location (what Open311 and exports speak), and where it falls. */
  wgs84: { lat: number; lng: number } | null;
  outsideArea: boolean;
  streetId: string | null;
  communityId: string | null;
  /** On single-ticket reads: photos with URLs signed for the caller (valid for an hour). Lists carry []. */
  photos: { id: string; usage: 'ticket' | 'supplement' | 'reply' | null; url: string; thumbnailUrl: string }[];
  leadUnitId: string | null;
  cooperatingUnitIds: string[];
  assignedUnitId: string | null;
  urgent: boolean;
  dispatchedAt: string | null;
  signDueAt: string | null;
  signedAt: string | null;
  replyDueAt: string | null;
  /** Inside the last 20% of the reply time, or overdue. */
  dueSoon: boolean;
  overdue: boolean;
  urgeCount: number;
  pendingExtensionDays: number | null;
  reply: { content: string; handlerName: string | null; handlerPhone: string | null; unitId: string | null; at: string } | null;
  rating: { satisfaction: Satisfaction; resolved: boolean; comment: string | null; at: string } | null;
  rejectReason: string | null;
  mergedIntoId: string | null;
  closedAt: string | null;
  /** What the caller may do now, from the state machine and their scope. */
  actions: TicketAction[];
  createdAt: string;
  updatedAt: string;
}

export interface TicketEventView {
  id: string;
  ticketId: string;
  action: string;
  fromStatus: TicketStatus | null;
  toStatus: TicketStatus;
  actorRole: Role | 'system';
  unitId: string | null;
  note: string | null;
  /** Action-specific details, e.g. the reply's handler name and phone, the dispatched units. */
  details: Record<string, unknown> | null;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  /** Opaque; pass back as `cursor` for the next page. null on the last page. */
  nextCursor: string | null;
}

export interface UnitView {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
  active: boolean;
}

export interface StaffView {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
  unitId: string;
  phone: string | null;
  active: boolean;
  createdAt: string;
}

export interface CategoryView {
  id: string;
  code: string;
  level1: string;
  level2: string;
  level3: string;
  defaultUnitId: string | null;
  replyDays: number | null;
  active: boolean;
}

export interface CalendarDayView {
  date: string;
  kind: CalendarDayKind;
  name: string;
}

export interface HealthView {
  status: 'ok' | 'unavailable';
  database: 'up' | 'down';
  driver: 'mysql' | 'sqlite';
  version: string;
}

export interface KnowledgeEntryView {
  id: string;
  title: string;
  content: string;
  categoryId: string | null;
  keywords: string;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/** An open ticket that may describe the same problem as the one being taken in. */
export interface DuplicateCandidateView {
  ticket: TicketView;
  distanceMeters: number;
}

/** What a photo is attached as: the appeal itself, a resident's supplement, or a unit's reply. */
export const ATTACHMENT_USAGES = ['ticket', 'supplement', 'reply'] as const;
export type AttachmentUsage = (typeof ATTACHMENT_USAGES)[number];

/**
 * An uploaded photo. `mime`, `size`, `width` and `height` describe what was sent (type decided from the bytes,
 * dimensions after EXIF orientation); `url` and `thumbnailUrl` serve re-encoded JPEGs with all metadata stripped.
 */
export interface AttachmentView {
  id: string;
  mime: 'image/jpeg' | 'image/png' | 'image/webp';
  size: number;
  width: number;
  height: number;
  url: string;
  thumbnailUrl: string;
}

/** An area the city resolves locations against (GeoJSON stored in GCJ-02). */
export interface BoundaryView {
  id: string;
  kind: 'service_area' | 'street' | 'community';
  /** The street/community unit; null for the service area. */
  unitId: string | null;
  name: string;
  geojson: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
  /** Drawn by hand (not an official boundary). */
  approximate: boolean;
  updatedAt: string;
}

/** Where a point falls: both coordinate systems, and the street/community whose boundary contains it. */
export interface ResolvedLocationView {
  wgs84: { lat: number; lng: number };
  gcj02: { lat: number; lng: number };
  outsideArea: boolean;
  streetId: string | null;
  communityId: string | null;
}

/** POST /routing/suggest: the best categories and units for a new appeal, best first (scores in 0..1). */
export interface RoutingSuggestionView {
  categories: { id: string; name: string; level1: string; score: number }[];
  units: { id: string; name: string; score: number }[];
}
