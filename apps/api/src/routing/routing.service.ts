import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RoutingSuggestInput, RoutingSuggestionView } from '@jyg12345/shared';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { CategoryEntity, TicketEntity, UnitEntity } from '../database/entities.js';
import { LocationService } from '../geo/location.service.js';
import { type EngineHistory, Level1Classifier, RoutingEngine } from './engine.js';
import { appealText } from './text.js';
import { newestModel, newestModelId, trainAndStore, type TrainingReport } from './trainer.js';

interface Loaded {
  modelId: string;
  engine: RoutingEngine;
  unitNames: Map<string, string>;
  loadedAt: number;
}

/**
 * Dispatch suggestions for a new appeal. The model, the categories, the unit names and the closed-ticket
 * history are loaded together and kept for ROUTING_REFRESH_MS; after that the next suggestion reloads them
 * (the history query groups closed tickets by category and final lead unit, so a re-dispatch after a return
 * teaches the suggestions as soon as that ticket closes and the cache refreshes).
 */
@Injectable()
export class RoutingService {
  private readonly logger = new Logger('Routing');
  private loaded: Loaded | null = null;
  private loading: Promise<Loaded> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly location: LocationService,
  ) {}

  async suggest(input: RoutingSuggestInput): Promise<RoutingSuggestionView> {
    const loaded = await this.current();
    let place: { streetId: string | null; communityId: string | null } = { streetId: null, communityId: null };
    if (input.location) place = await this.location.resolve(input.location.lat, input.location.lng, input.location.coordSystem);
    const s = loaded.engine.suggest(appealText(input.title, input.description), place);
    return {
      categories: s.categories,
      units: s.units.map((u) => ({ id: u.id, name: loaded.unitNames.get(u.id) ?? u.id, score: u.score })),
    };
  }

  /** Retrains from the labelled data, the taxonomy and the closed tickets; this process uses it at once. */
  async train(note = 'train'): Promise<TrainingReport> {
    const report = await trainAndStore(this.db, note);
    this.refresh();
    this.logger.log({ report }, 'routing model trained');
    return report;
  }

  /** Forgets the cache: the next suggestion reloads the model, categories and history. */
  refresh(): void {
    this.loaded = null;
    this.loading = null;
  }

  private async current(): Promise<Loaded> {
    const l = this.loaded;
    if (l && Date.now() - l.loadedAt < this.config.routingRefreshMs) return l;
    if (!this.loading) {
      const loading = this.load(l).finally(() => {
        if (this.loading === loading) this.loading = null;
      });
      this.loading = loading;
    }
    return this.loading;
  }

  private async load(previous: Loaded | null): Promise<Loaded> {
    let modelId = await newestModelId(this.db);
    let classifier = previous && modelId && previous.modelId === modelId ? previous.engine.level1 : null;
    if (!classifier) {
      let newest = await newestModel(this.db);
      if (!newest) {
        // No model yet (a database seeded before this feature): train one now.
        await trainAndStore(this.db, 'first use');
        newest = await newestModel(this.db);
      }
      if (!newest) throw new Error('no routing model');
      modelId = newest.id;
      classifier = new Level1Classifier(newest.json);
    }
    const [categories, units, history] = await Promise.all([
      this.db.getRepository(CategoryEntity).find({ where: { active: true }, order: { code: 'ASC' } }),
      this.db.getRepository(UnitEntity).find({ select: { id: true, name: true }, where: { active: true } }),
      this.history(),
    ]);
    const loaded: Loaded = {
      modelId: modelId as string,
      engine: new RoutingEngine(classifier, categories, history),
      unitNames: new Map(units.map((u) => [u.id, u.name])),
      loadedAt: Date.now(),
    };
    this.loaded = loaded;
    return loaded;
  }

  /** Where closed tickets of each category were finally handled: the lead unit when they closed. */
  private async history(): Promise<EngineHistory> {
    const rows = await this.db
      .getRepository(TicketEntity)
      .createQueryBuilder('t')
      .select('t.categoryId', 'categoryId')
      .addSelect('t.leadUnitId', 'unitId')
      .addSelect('COUNT(*)', 'n')
      .where('t.status = :status', { status: 'closed' })
      .andWhere('t.categoryId IS NOT NULL')
      .andWhere('t.leadUnitId IS NOT NULL')
      .groupBy('t.categoryId')
      .addGroupBy('t.leadUnitId')
      .getRawMany<{ categoryId: string; unitId: string; n: number | string }>();
    const leadUnits = new Map<string, Map<string, number>>();
    for (const r of rows) {
      const m = leadUnits.get(r.categoryId) ?? new Map<string, number>();
      m.set(r.unitId, Number(r.n));
      leadUnits.set(r.categoryId, m);
    }
    return { leadUnits };
  }
}
