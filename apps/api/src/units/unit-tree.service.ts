import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UnitEntity } from '../database/entities.js';

const TTL_MS = 30_000;

/**
 * The unit hierarchy, cached briefly: it changes a few times a year and every handler's request needs it.
 * Every process reloads on its own after TTL_MS; the process that changes units reloads at once.
 */
@Injectable()
export class UnitTreeService {
  private cache: { at: number; children: Map<string, string[]>; ids: Set<string> } | null = null;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  invalidate(): void {
    this.cache = null;
  }

  /** The unit and all units below it. */
  async subtree(unitId: string): Promise<string[]> {
    const { children, ids } = await this.load();
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

  private async load() {
    if (this.cache && Date.now() - this.cache.at < TTL_MS) return this.cache;
    const units = await this.db.getRepository(UnitEntity).find({ select: { id: true, parentId: true } });
    const children = new Map<string, string[]>();
    for (const u of units) {
      if (!u.parentId) continue;
      const list = children.get(u.parentId) ?? [];
      list.push(u.id);
      children.set(u.parentId, list);
    }
    this.cache = { at: Date.now(), children, ids: new Set(units.map((u) => u.id)) };
    return this.cache;
  }
}
