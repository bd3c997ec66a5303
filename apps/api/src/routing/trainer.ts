import { keywordsOf, labelledMessages, unlabelledFrequencies, unlabelledProjection } from '@jyg12345/seeds';
import { DataSource, In, IsNull, LessThan, Not } from 'typeorm';
import { newId } from '../common/ids.js';
import { CategoryEntity, RoutingModelEntity, TicketEntity, TicketEventEntity } from '../database/entities.js';
import { type RoutingModelJson, type TrainingDoc, trainModel } from './engine.js';
import { appealText } from './text.js';

/** How many trained models are kept (the newest is used; older ones stay for comparison). */
const KEEP_MODELS = 5;
/** At most this many closed tickets (the newest) join the training set. */
const MAX_TICKETS = 50_000;

/** At most this many operators' classifications (the newest) join the training set. */
const MAX_CORRECTIONS = 20_000;
/** An operator's classification counts as much as this many closed tickets (in the centroid and the vote). */
export const CORRECTION_WEIGHT = 2;

export interface TrainingReport {
  id: string;
  labelled: number;
  taxonomy: number;
  tickets: number;
  /** operators' classifications at accept or dispatch (the category they chose for the text, the newest per ticket) */
  corrections: number;
  /** unlabelled posts whose document frequencies the idf counts */
  unlabelled: number;
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
  return labelledMessages().map((m) => ({ label: m.category, text: appealText(m.title, m.body), neighbour: true }));
}

/**
 * Operators' corrections: the category an operator chose at accept (or at dispatch, when its event carries one)
 * for a ticket's text, the newest such event per ticket, labelled with that category's level1. Whether it
 * confirms the resident's or the suggestion's class or changes it, it is what a person decided for this text.
 */
export async function correctionDocs(db: DataSource, level1Of: Map<string, string>): Promise<{ docs: TrainingDoc[]; ticketIds: Set<string> }> {
  const events = await db.getRepository(TicketEventEntity).find({
    select: { id: true, ticketId: true, payload: true },
    where: { action: In(['accept', 'dispatch']), actorRole: In(['operator', 'supervisor']) },
    order: { id: 'DESC' },
    take: MAX_CORRECTIONS,
  });
  const chosen = new Map<string, string>();
  for (const e of events) {
    const categoryId = e.payload?.categoryId;
    if (typeof categoryId === 'string' && !chosen.has(e.ticketId) && level1Of.has(categoryId)) chosen.set(e.ticketId, categoryId);
  }
  const docs: TrainingDoc[] = [];
  const ids = [...chosen.keys()];
  for (let i = 0; i < ids.length; i += 1000) {
    const tickets = await db.getRepository(TicketEntity).find({ select: { id: true, title: true, description: true }, where: { id: In(ids.slice(i, i + 1000)) } });
    for (const t of tickets) {
      const label = level1Of.get(chosen.get(t.id) as string) as string;
      docs.push({ label, text: appealText(t.title, t.description), weight: CORRECTION_WEIGHT, neighbour: true });
    }
  }
  return { docs, ticketIds: new Set(ids) };
}

/**
 * Trains on the labelled messages, the active taxonomy, operators' corrections (correctionDocs) and the system's
 * own closed tickets (labelled with their final category's level1), with the idf over those and the unlabelled
 * posts (seeds' unlabelledFrequencies), and stores the model as a new `routing_models` row. Every API process
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
  const corrections = await correctionDocs(db, level1Of);
  const ticketDocs: TrainingDoc[] = [];
  for (const t of tickets) {
    const label = t.categoryId ? level1Of.get(t.categoryId) : undefined;
    // a ticket an operator classified counts once, as that correction
    if (label && !corrections.ticketIds.has(t.id)) ticketDocs.push({ label, text: appealText(t.title, t.description), neighbour: true });
  }
  const labelled = labelledDocs();
  const taxonomy = taxonomyDocs(categories);
  // neighbours are kept in this order up to MAX_NEIGHBOURS: labelled, corrections, then the newest closed tickets
  // the idf also counts the unlabelled message board posts (5-fold CV: top-1 84.8% → 87.3%)
  const corpus = unlabelledFrequencies();
  // …and the SVM reads the latent directions of those posts (5-fold CV, README: top-1 87.3% → 88.5%, with NBSVM 88.8%)
  const model = trainModel([...labelled, ...corrections.docs, ...taxonomy, ...ticketDocs], corpus, unlabelledProjection());
  const id = newId();
  const report: TrainingReport = {
    id,
    labelled: labelled.length,
    taxonomy: taxonomy.length,
    tickets: ticketDocs.length,
    corrections: corrections.docs.length,
    unlabelled: corpus.documents,
    labels: model.labels.length,
    terms: model.terms.length,
  };
  await db.getRepository(RoutingModelEntity).insert({
    id,
    trainedAt: new Date(),
    note: `${note}: ${report.labelled} labelled, ${report.taxonomy} taxonomy, ${report.tickets} tickets, ${report.corrections} corrections, idf over ${report.unlabelled} unlabelled`.slice(0, 200),
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
