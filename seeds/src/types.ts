import type { CalendarDayKind, StaffRole, TicketType, UnitKind } from '@jyg12345/shared';

export interface SeedUnit {
  /** Stable business key, unique: 'centre', 'sub_centre.1', 'dept.housing', or a division code for streets/communities. */
  code: string;
  name: string;
  kind: UnitKind;
  /** code of the parent unit; communities under their street, sub-centres under the centre. */
  parentCode: string | null;
}

export interface SeedCategory {
  /** Stable key derived from the taxonomy position: 'LL.MM.NN' (level1.level2.level3, 1-based, zero-padded). */
  code: string;
  level1: string;
  level2: string;
  level3: string;
  /** Unit that appeals of this category are dispatched to by default. */
  defaultUnitCode: string;
  /** Per-category override of the reply deadline in working days (null: by ticket type). */
  replyDays: number | null;
}

export interface SeedCalendarDay {
  /** 'YYYY-MM-DD' in China time. */
  date: string;
  kind: CalendarDayKind;
  /** e.g. '春节', '春节调休上班' */
  name: string;
}

export interface SeedStaff {
  username: string;
  displayName: string;
  role: StaffRole;
  /** Handlers belong to a unit; centre staff to the centre. */
  unitCode: string;
  phone: string | null;
}

export interface SeedTicket {
  openid: string;
  type: TicketType;
  categoryCode: string;
  description: string;
  lat: number;
  lng: number;
  address: string;
}
