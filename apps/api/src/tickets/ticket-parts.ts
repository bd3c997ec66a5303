import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AttachmentUsage } from '@jyg12345/shared';
import type { DataSource } from 'typeorm';
import type { TicketEntity, TicketUnitEntity } from '../database/entities.js';

/**
 * A ticket's units and photos, copied into its own row (`tickets.parts`, migration 0027) so that reading a ticket,
 * a page of them or a caller's access to one needs the ticket row alone (docs/adr/0008-ticket-parts.md). The
 * tables `ticket_units` and `attachments` stay the record; the copy is written in the same transaction by the two
 * writers that change them: TicketWriter (units, and the photos an action claims) and the filing (its photos).
 * NULL means "not copied" (a row written by a tool that does not know the column): readers then read the tables,
 * and writers leave it NULL. MySQL/MariaDB copy every ticket in migration 0027; SQLite, whose schema is synchronised
 * (the column arrives empty), at start (TicketPartsBackfill).
 */
export interface TicketParts {
  units: { unitId: string; part: TicketUnitEntity['part'] }[];
  /** In upload (id) order. */
  photos: { id: string; usage: AttachmentUsage | null }[];
}

export function encodeParts(p: TicketParts): string {
  return JSON.stringify({
    units: p.units.map((u) => ({ unitId: u.unitId, part: u.part })),
    photos: [...p.photos].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)).map((a) => ({ id: a.id, usage: a.usage })),
  });
}

/** The copy in the row, or null when there is none and the tables must be read. */
export function partsOf(t: Pick<TicketEntity, 'parts'>): TicketParts | null {
  if (t.parts === null || t.parts === undefined) return null;
  const p = JSON.parse(t.parts) as Partial<TicketParts>;
  return { units: p.units ?? [], photos: p.photos ?? [] };
}

/**
 * The copy after a change: the units as the change leaves them, photos added. Undefined when the row has no copy
 * (it stays NULL) or nothing in it changes (the UPDATE leaves the column alone).
 */
export function nextParts(
  t: Pick<TicketEntity, 'parts'>,
  units: readonly { unitId: string; part: TicketUnitEntity['part'] }[],
  addedPhotos: readonly { id: string; usage: AttachmentUsage }[] = [],
): string | undefined {
  const now = partsOf(t);
  if (now === null) return undefined;
  const next = encodeParts({ units: [...units], photos: [...now.photos, ...addedPhotos] });
  return next === encodeParts(now) ? undefined : next;
}

/**
 * SQLite: copies the tables into every row without a copy, at start (an embedded database from before the column,
 * or rows a tool wrote). One statement; rows with a copy are left alone. `json()` keeps the arrays JSON inside the
 * object (a subquery's result would otherwise be quoted as a string).
 */
export async function copyPartsIntoRowsSqlite(db: DataSource): Promise<void> {
  await db.query(
    "UPDATE tickets SET parts = json_object('units', json(COALESCE((SELECT json_group_array(json_object('unitId', u.unitId, 'part', u.part)) FROM " +
      "(SELECT unitId, part FROM ticket_units WHERE ticketId = tickets.id ORDER BY unitId) u), '[]')), 'photos', json(COALESCE((SELECT " +
      "json_group_array(json_object('id', a.id, 'usage', a.usage)) FROM (SELECT id, usage FROM attachments WHERE ticketId = tickets.id ORDER BY id) a), '[]'))) " +
      'WHERE parts IS NULL',
  );
}

@Injectable()
export class TicketPartsBackfill implements OnModuleInit {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async onModuleInit(): Promise<void> {
    if (this.db.options.type !== 'mysql') await copyPartsIntoRowsSqlite(this.db);
  }
}
