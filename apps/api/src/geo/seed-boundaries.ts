import { SEED_BOUNDARIES } from '@jyg12345/seeds';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '../database/db-errors.js';
import { newId } from '../common/ids.js';
import { BoundaryEntity } from '../database/entities.js';
import { boundaryScope } from './boundaries.service.js';

/**
 * Seed step: the city outline as the service area and the APPROXIMATE street/town areas (seeds/src/geo.ts).
 * Idempotent: a scope that already has a boundary (seeded before, or replaced by an admin) is left alone.
 */
export async function seedBoundaries(db: DataSource, unitIds: Map<string, string>): Promise<number> {
  const repo = db.getRepository(BoundaryEntity);
  const existing = new Set((await repo.find({ select: { scope: true } })).map((b) => b.scope));
  let added = 0;
  for (const b of SEED_BOUNDARIES) {
    const unitId = b.unitCode === null ? null : (unitIds.get(b.unitCode) ?? null);
    if (b.kind !== 'service_area' && !unitId) continue;
    const scope = boundaryScope(b.kind, unitId);
    if (existing.has(scope)) continue;
    try {
      await repo.insert({ id: newId(), scope, kind: b.kind, unitId, name: b.name, geojson: b.geometry, approximate: b.approximate, updatedAt: new Date() });
      added++;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err; // another process seeded it first
    }
  }
  return added;
}
