import {
  AttachmentEntity,
  BoundaryEntity,
  CalendarDayEntity,
  CategoryEntity,
  IdempotencyKeyEntity,
  KnowledgeEntryEntity,
  StaffEntity,
  TicketEntity,
  TicketEventEntity,
  UnitEntity,
} from '../../src/database/entities.js';
import type { TestApp } from './test-app.js';

const WRITABLE = {
  tickets: TicketEntity,
  ticket_events: TicketEventEntity,
  staff: StaffEntity,
  units: UnitEntity,
  categories: CategoryEntity,
  attachments: AttachmentEntity,
  idempotency_keys: IdempotencyKeyEntity,
  calendar_days: CalendarDayEntity,
  knowledge_entries: KnowledgeEntryEntity,
  boundaries: BoundaryEntity,
};

/** The rows of every table a refused request could write to: compared before and after to show it wrote nothing. */
export async function rowCounts(t: TestApp): Promise<Record<keyof typeof WRITABLE, number>> {
  const out = {} as Record<keyof typeof WRITABLE, number>;
  for (const [name, entity] of Object.entries(WRITABLE)) out[name as keyof typeof WRITABLE] = await t.count(entity);
  return out;
}
