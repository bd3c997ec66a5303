import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type CreateStaffInput, ErrorCode, type StaffView, type UpdateStaffInput } from '@jyg12345/shared';
import { DataSource } from 'typeorm';
import { hashPassword } from '../auth/password.js';
import { AppError } from '../common/app-error.js';
import { isUniqueViolation } from '../common/db-errors.js';
import { newId } from '../common/ids.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { StaffEntity, UnitEntity } from '../database/entities.js';

const toView = (s: StaffEntity): StaffView => ({
  id: s.id,
  username: s.username,
  displayName: s.displayName,
  role: s.role,
  unitId: s.unitId,
  phone: s.phone,
  active: s.active,
  createdAt: new Date(s.createdAt).toISOString(),
});

@Injectable()
export class StaffService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async list(): Promise<StaffView[]> {
    return (await this.db.getRepository(StaffEntity).find({ order: { username: 'ASC' } })).map(toView);
  }

  async get(id: string): Promise<StaffView> {
    return toView(await this.require(id));
  }

  async create(input: CreateStaffInput): Promise<StaffView> {
    await this.requireUnit(input.unitId);
    const now = new Date();
    const staff = this.db.getRepository(StaffEntity).create({
      id: newId(),
      username: input.username,
      passwordHash: await hashPassword(input.password, this.config.passwordScryptCost),
      displayName: input.displayName ?? input.username,
      role: input.role,
      unitId: input.unitId,
      phone: input.phone ?? null,
      active: true,
      createdAt: now,
      updatedAt: now,
    });
    try {
      await this.db.getRepository(StaffEntity).insert(staff);
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError(ErrorCode.USERNAME_TAKEN);
      throw err;
    }
    return toView(staff);
  }

  async update(id: string, input: UpdateStaffInput): Promise<StaffView> {
    const staff = await this.require(id);
    if (input.unitId !== undefined) await this.requireUnit(input.unitId);
    const patch: Partial<StaffEntity> = { updatedAt: new Date() };
    if (input.displayName !== undefined) patch.displayName = input.displayName;
    if (input.role !== undefined) patch.role = input.role;
    if (input.unitId !== undefined) patch.unitId = input.unitId;
    if (input.phone !== undefined) patch.phone = input.phone;
    if (input.active !== undefined) patch.active = input.active;
    if (input.password !== undefined) patch.passwordHash = await hashPassword(input.password, this.config.passwordScryptCost);
    await this.db.getRepository(StaffEntity).update({ id }, patch);
    return toView({ ...staff, ...patch });
  }

  private async require(id: string): Promise<StaffEntity> {
    const staff = await this.db.getRepository(StaffEntity).findOneBy({ id });
    if (!staff) throw new AppError(ErrorCode.STAFF_NOT_FOUND);
    return staff;
  }

  private async requireUnit(unitId: string): Promise<void> {
    if (!(await this.db.getRepository(UnitEntity).existsBy({ id: unitId }))) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, undefined, [{ path: 'unitId', message: '单位不存在' }]);
    }
  }
}
