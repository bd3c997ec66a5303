import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type CreateUnitInput, ErrorCode, type UnitView, type UpdateUnitInput } from '@jyg12345/shared';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error.js';
import { isUniqueViolation } from '../database/db-errors.js';
import { newId } from '../common/ids.js';
import { StaffEntity, UnitEntity } from '../database/entities.js';
import { UnitTreeService } from './unit-tree.service.js';

const toView = (u: UnitEntity): UnitView => ({ id: u.id, code: u.code, name: u.name, kind: u.kind, parentId: u.parentId, active: u.active });

@Injectable()
export class UnitsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tree: UnitTreeService,
  ) {}

  async list(): Promise<UnitView[]> {
    return (await this.db.getRepository(UnitEntity).find({ order: { code: 'ASC' } })).map(toView);
  }

  async get(id: string): Promise<UnitView> {
    return toView(await this.require(id));
  }

  async create(input: CreateUnitInput): Promise<UnitView> {
    if (input.parentId) await this.require(input.parentId, 'parentId');
    const unit = this.db.getRepository(UnitEntity).create({
      id: newId(),
      code: input.code,
      name: input.name,
      kind: input.kind,
      parentId: input.parentId ?? null,
      active: true,
      createdAt: new Date(),
    });
    try {
      await this.db.getRepository(UnitEntity).insert(unit);
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError(ErrorCode.UNIT_CODE_TAKEN);
      throw err;
    }
    this.tree.invalidate();
    return toView(unit);
  }

  async update(id: string, input: UpdateUnitInput): Promise<UnitView> {
    const unit = await this.require(id);
    if (input.parentId) {
      await this.require(input.parentId, 'parentId');
      // A unit cannot move under itself or one of its own descendants.
      if ((await this.tree.subtree(id)).includes(input.parentId)) {
        throw new AppError(ErrorCode.VALIDATION_FAILED, undefined, [{ path: 'parentId', message: '不能把单位挂到它自己或它的下级单位之下' }]);
      }
    }
    const patch: Partial<UnitEntity> = {};
    if (input.name !== undefined) patch.name = input.name;
    if (input.parentId !== undefined) patch.parentId = input.parentId;
    if (input.active !== undefined) patch.active = input.active;
    if (Object.keys(patch).length > 0) await this.db.getRepository(UnitEntity).update({ id }, patch);
    this.tree.invalidate();
    return toView({ ...unit, ...patch });
  }

  async remove(id: string): Promise<void> {
    await this.require(id);
    await this.db.transaction(async (tx) => {
      const children = await tx.count(UnitEntity, { where: { parentId: id } });
      const staff = await tx.count(StaffEntity, { where: { unitId: id } });
      if (children > 0 || staff > 0) throw new AppError(ErrorCode.UNIT_HAS_CHILDREN);
      await tx.delete(UnitEntity, { id });
    });
    this.tree.invalidate();
  }

  async require(id: string, field?: string): Promise<UnitEntity> {
    const unit = await this.db.getRepository(UnitEntity).findOneBy({ id });
    if (unit) return unit;
    if (field) throw new AppError(ErrorCode.VALIDATION_FAILED, undefined, [{ path: field, message: 'unknown unit' }]);
    throw new AppError(ErrorCode.UNIT_NOT_FOUND);
  }
}
