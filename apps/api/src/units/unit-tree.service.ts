import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { UnitEntity } from '../database/entities.js';

const TTL_MS = 30_000;

interface Tree {
  /** When the read began: a copy is as old as its read's start. */
  at: number;
  children: Map<string, string[]>;
  ids: Set<string>;
}

/**
 * The unit hierarchy, cached briefly: it changes a few times a year and every handler's request needs it.
 * Every process reads it again after TTL_MS; the process that changes units drops its copy at once.
 *
 * An old copy is answered at once while one read in the background replaces it. Callers hold a pooled connection
 * (an action's transaction asks for the scope after its write): waiting there for a second connection starved the
 * pool under load, every TTL_MS, until requests failed with 503 (docs/performance.md, session 13). With no copy at
 * all (the first request, or after a change here), the caller's own manager reads it: pass the transaction's.
 */
@Injectable()
export class UnitTreeService {
  private readonly logger = new Logger('UnitTree');
  private cache: Tree | null = null;
  private refreshing: Promise<void> | null = null;
  /** Bumped by invalidate: a read begun before a change must not become the copy after it. */
  private generation = 0;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  invalidate(): void {
    this.generation++;
    this.cache = null;
  }

  /** The unit and all units below it. Inside a transaction pass its manager. */
  async subtree(unitId: string, manager?: EntityManager): Promise<string[]> {
    const { children, ids } = await this.tree(manager);
    if (!ids.has(unitId)) return [];
    const out: string[] = [];
    const stack = [unitId];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      out.push(id);
      stack.push(...(children.get(id) ?? []));
    }
    return out;
  }

  private async tree(manager?: EntityManager): Promise<Tree> {
    const copy = this.cache;
    if (copy && Date.now() - copy.at < TTL_MS) return copy;
    if (copy) {
      this.refreshing ??= this.read(this.db.manager)
        .then(
          (t) => this.keep(t),
          (err: unknown) => this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'unit tree not read again; the old copy stays'),
        )
        .finally(() => {
          this.refreshing = null;
        });
      return copy;
    }
    const tree = await this.read(manager ?? this.db.manager);
    this.keep(tree);
    return tree;
  }

  private keep(tree: Tree & { generation: number }): void {
    if (tree.generation === this.generation && (!this.cache || tree.at >= this.cache.at)) this.cache = tree;
  }

  private async read(manager: EntityManager): Promise<Tree & { generation: number }> {
    const generation = this.generation;
    const at = Date.now();
    const units = await manager.find(UnitEntity, { select: { id: true, parentId: true } });
    const children = new Map<string, string[]>();
    for (const u of units) {
      if (!u.parentId) continue;
      const list = children.get(u.parentId) ?? [];
      list.push(u.id);
      children.set(u.parentId, list);
    }
    return { at, generation, children, ids: new Set(units.map((u) => u.id)) };
  }
}
