import type { CalendarDayKind, Channel, CoordSystem, Role, StaffRole, TicketStatus, TicketType, UnitKind } from './enums.js';

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
