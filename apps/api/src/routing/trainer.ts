import { keywordsOf, labelledMessages } from '@jyg12345/seeds';
import { DataSource, IsNull, LessThan, Not } from 'typeorm';
import { newId } from '../common/ids.js';
import { CategoryEntity, RoutingModelEntity, TicketEntity } from '../database/entities.js';
import { type RoutingModelJson, type TrainingDoc, trainModel } from './engine.js';
import { appealText } from './text.js';

/** How many trained models are kept (the newest is used; older ones stay for comparison). */
const KEEP_MODELS = 5;
/** At most this many closed tickets (the newest) join the training set. */
const MAX_TICKETS = 50_000;

export interface TrainingReport {
  id: string;
  labelled: number;
  taxonomy: number;
  tickets: number;
  labels: number;
  terms: number;
}

/**
 * The taxonomy as small documents: each leaf's names, labelled with its level1, at half the weight of a
 * message (5-fold cross-validation: 0.5 beat 0.1, 0.3, 1 and 2), so classes without messages still exist.
 */
export const TAXONOMY_WEIGHT = 0.5;
export function taxonomyDocs(categories: { level1: string; level2: string; level3: string }[], weight = TAXONOMY_WEIGHT): TrainingDoc[] {
  return categories.map((c) => ({ label: c.level1, text: [c.level2, c.level3, ...keywordsOf(c.level2, c.level3)].join(' '), weight }));
}

export function labelledDocs(): TrainingDoc[] {
  return labelledMessages().map((m) => ({ label: m.category, text: appealText(m.title, m.body) }));
}

/**
 * Trains on the labelled messages, the active taxonomy and the system's own closed tickets (labelled with
 * their final category's level1) and stores the model as a new `routing_models` row. Every API process
 * picks up the newest row (by ULID) on its next refresh; training in two processes at once just adds two rows.
 */
export async function trainAndStore(db: DataSource, note: string): Promise<TrainingReport> {
  const categories = await db.getRepository(CategoryEntity).find({ where: { active: true } });
  const level1Of = new Map(categories.map((c) => [c.id, c.level1]));
  const tickets = await db.getRepository(TicketEntity).find({
    select: { id: true, title: true, description: true, categoryId: true },
    where: { status: 'closed', categoryId: Not(IsNull()) },
    order: { id: 'DESC' },
    take: MAX_TICKETS,
  });
  const ticketDocs: TrainingDoc[] = [];
  for (const t of tickets) {
    const label = t.categoryId ? level1Of.get(t.categoryId) : undefined;
    if (label) ticketDocs.push({ label, text: appealText(t.title, t.description) });
  }
  const labelled = labelledDocs();
  const taxonomy = taxonomyDocs(categories);
  const model = trainModel([...labelled, ...taxonomy, ...ticketDocs]);
  const id = newId();
  const report: TrainingReport = {
    id,
    labelled: labelled.length,
    taxonomy: taxonomy.length,
    tickets: ticketDocs.length,
    labels: model.labels.length,
    terms: model.terms.length,
  };
  await db.getRepository(RoutingModelEntity).insert({
    id,
    trainedAt: new Date(),
    note: `${note}: ${report.labelled} labelled, ${report.taxonomy} taxonomy, ${report.tickets} tickets`.slice(0, 200),
    json: model,
  });
  const kept = await db.getRepository(RoutingModelEntity).find({ select: { id: true }, order: { id: 'DESC' }, take: KEEP_MODELS });
  const oldest = kept[kept.length - 1];
  if (kept.length === KEEP_MODELS && oldest) await db.getRepository(RoutingModelEntity).delete({ id: LessThan(oldest.id) });
  return report;
}

/** Seed step: trains the first model when there is none. Returns whether it trained. */
export async function ensureRoutingModel(db: DataSource): Promise<boolean> {
  if ((await db.getRepository(RoutingModelEntity).count()) > 0) return false;
  await trainAndStore(db, 'seed');
  return true;
}

export async function newestModel(db: DataSource): Promise<{ id: string; json: RoutingModelJson } | null> {
  const row = await db.getRepository(RoutingModelEntity).findOne({ where: {}, order: { id: 'DESC' } });
  return row ? { id: row.id, json: row.json as RoutingModelJson } : null;
}

export async function newestModelId(db: DataSource): Promise<string | null> {
  const row = await db.getRepository(RoutingModelEntity).findOne({ select: { id: true }, where: {}, order: { id: 'DESC' } });
  return row?.id ?? null;
}
