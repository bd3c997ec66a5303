import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type BoundaryKind, type BoundaryView, type CreateBoundaryInput, ErrorCode, type PutBoundaryInput } from '@jyg12345/shared';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error.js';
import { isUniqueViolation } from '../database/db-errors.js';
import { newId } from '../common/ids.js';
import { BoundaryEntity, UnitEntity } from '../database/entities.js';
import { geometryToGcj02 } from './coords.js';
import { LocationService } from './location.service.js';

export const boundaryScope = (kind: BoundaryKind, unitId: string | null) => (kind === 'service_area' ? 'service_area' : `${kind}:${unitId}`);

const KIND_ZH: Record<BoundaryKind, string> = { service_area: '服务区', street: '街道', community: '社区' };

const toView = (b: BoundaryEntity): BoundaryView => ({
  id: b.id,
  kind: b.kind,
  unitId: b.unitId,
  name: b.name,
  geojson: b.geojson,
  approximate: b.approximate,
  updatedAt: b.updatedAt.toISOString(),
});

/** Admin-managed boundaries: one per scope (the service area, or a street/community unit). */
@Injectable()
export class BoundariesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly location: LocationService,
  ) {}

  async list(kind?: BoundaryKind): Promise<BoundaryView[]> {
    const rows = await this.db.getRepository(BoundaryEntity).find({ where: kind ? { kind } : {}, order: { kind: 'ASC', name: 'ASC' } });
    return rows.map(toView);
  }

  async get(id: string): Promise<BoundaryView> {
    const row = await this.db.getRepository(BoundaryEntity).findOneBy({ id });
    if (!row) throw new AppError(ErrorCode.BOUNDARY_NOT_FOUND);
    return toView(row);
  }

  create(input: CreateBoundaryInput): Promise<BoundaryView> {
    const { kind, unitId, ...rest } = input;
    return this.put(kind, unitId ?? null, rest);
  }

  /**
   * Replaces the boundary of a scope (or creates it). The old row is deleted and a new one, with a new id,
   * inserted in one transaction, so other processes see the change through their count/max-id check.
   */
  async put(kind: BoundaryKind, unitId: string | null, input: PutBoundaryInput): Promise<BoundaryView> {
    await this.checkScope(kind, unitId);
    const row = this.db.getRepository(BoundaryEntity).create({
      id: newId(),
      scope: boundaryScope(kind, unitId),
      kind,
      unitId: kind === 'service_area' ? null : unitId,
      name: input.name,
      geojson: geometryToGcj02(input.geojson, input.coordSystem),
      approximate: input.approximate,
      updatedAt: new Date(),
    });
    try {
      await this.db.transaction(async (tx) => {
        await tx.delete(BoundaryEntity, { scope: row.scope });
        await tx.getRepository(BoundaryEntity).save(row, { reload: false });
      });
    } catch (err) {
      // Two admins replacing the same area at once: one wins, the other is told to retry.
      if (isUniqueViolation(err)) throw new AppError(ErrorCode.VERSION_CONFLICT);
      throw err;
    } finally {
      this.location.invalidate();
    }
    return toView(row);
  }

  async remove(id: string): Promise<void> {
    const result = await this.db.getRepository(BoundaryEntity).delete({ id });
    this.location.invalidate();
    if (!result.affected) throw new AppError(ErrorCode.BOUNDARY_NOT_FOUND);
  }

  private async checkScope(kind: BoundaryKind, unitId: string | null): Promise<void> {
    if (kind === 'service_area') {
      if (unitId) throw new AppError(ErrorCode.VALIDATION_FAILED, undefined, [{ path: 'unitId', message: '服务区范围不属于任何单位，不能指定单位' }]);
      return;
    }
    if (!unitId) throw new AppError(ErrorCode.VALIDATION_FAILED, undefined, [{ path: 'unitId', message: `${KIND_ZH[kind]}范围必须指定所属单位` }]);
    const unit = await this.db.getRepository(UnitEntity).findOneBy({ id: unitId });
    if (!unit) throw new AppError(ErrorCode.UNIT_NOT_FOUND);
    if (unit.kind !== kind) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, undefined, [{ path: 'unitId', message: `单位 ${unit.code} 不是${KIND_ZH[kind]}` }]);
    }
  }
}
