import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type CategoryView, type CreateCategoryInput, ErrorCode, type UpdateCategoryInput } from '@jyg12345/shared';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error.js';
import { isUniqueViolation } from '../database/db-errors.js';
import { newId } from '../common/ids.js';
import { CategoryEntity, UnitEntity } from '../database/entities.js';

const toView = (c: CategoryEntity): CategoryView => ({
  id: c.id,
  code: c.code,
  level1: c.level1,
  level2: c.level2,
  level3: c.level3,
  defaultUnitId: c.defaultUnitId,
  replyDays: c.replyDays,
  active: c.active,
});

@Injectable()
export class CategoriesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(includeInactive: boolean): Promise<CategoryView[]> {
    const rows = await this.db.getRepository(CategoryEntity).find({
      where: includeInactive ? {} : { active: true },
      order: { code: 'ASC' },
    });
    return rows.map(toView);
  }

  async create(input: CreateCategoryInput): Promise<CategoryView> {
    if (input.defaultUnitId) await this.requireUnit(input.defaultUnitId);
    const category = this.db.getRepository(CategoryEntity).create({
      id: newId(),
      code: input.code,
      level1: input.level1,
      level2: input.level2,
      level3: input.level3,
      defaultUnitId: input.defaultUnitId ?? null,
      replyDays: input.replyDays ?? null,
      active: true,
    });
    try {
      await this.db.getRepository(CategoryEntity).insert(category);
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError(ErrorCode.CATEGORY_CODE_TAKEN);
      throw err;
    }
    return toView(category);
  }

  async update(id: string, input: UpdateCategoryInput): Promise<CategoryView> {
    const category = await this.db.getRepository(CategoryEntity).findOneBy({ id });
    if (!category) throw new AppError(ErrorCode.CATEGORY_NOT_FOUND);
    if (input.defaultUnitId) await this.requireUnit(input.defaultUnitId);
    const patch: Partial<CategoryEntity> = {};
    for (const key of ['level1', 'level2', 'level3', 'defaultUnitId', 'replyDays', 'active'] as const) {
      if (input[key] !== undefined) (patch as Record<string, unknown>)[key] = input[key];
    }
    if (Object.keys(patch).length > 0) await this.db.getRepository(CategoryEntity).update({ id }, patch);
    return toView({ ...category, ...patch });
  }

  private async requireUnit(unitId: string): Promise<void> {
    if (!(await this.db.getRepository(UnitEntity).existsBy({ id: unitId }))) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, undefined, [{ path: 'defaultUnitId', message: '单位不存在' }]);
    }
  }
}
