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
