import type { DataSource } from 'typeorm';
import { AttachmentEntity, TicketEntity, TicketUnitEntity } from '../../src/database/entities.js';
import { partsOf } from '../../src/tickets/ticket-parts.js';

/**
 * Each ticket's copy of its units and photos (`tickets.parts`) against the tables it copies, for these tickets (or
 * every one) that have one: the differences, each as "ticket: copy ≠ tables" (none when in step), and how many were
 * compared.
 */
export async function partsCopyDifferences(db: DataSource, only?: string[]): Promise<{ differences: string[]; compared: number }> {
  const units = await db.getRepository(TicketUnitEntity).find();
  const photos = (await db.getRepository(AttachmentEntity).find()).filter((a) => a.ticketId !== null);
  const differences: string[] = [];
  let compared = 0;
  for (const t of await db.getRepository(TicketEntity).find()) {
    const copy = partsOf(t);
    if (copy === null || (only && !only.includes(t.id))) continue;
    compared++;
    const byKey = (xs: string[]) => JSON.stringify([...xs].sort());
    const copied = byKey([...copy.units.map((u) => `unit ${u.unitId} ${u.part}`), ...copy.photos.map((p) => `photo ${p.id} ${p.usage}`)]);
    const tables = byKey([
      ...units.filter((u) => u.ticketId === t.id).map((u) => `unit ${u.unitId} ${u.part}`),
      ...photos.filter((p) => p.ticketId === t.id).map((p) => `photo ${p.id} ${p.usage}`),
    ]);
    if (copied !== tables) differences.push(`${t.id}: ${copied} ≠ ${tables}`);
  }
  return { differences, compared };
}
