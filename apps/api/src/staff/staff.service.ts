import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type CreateStaffInput, ErrorCode, type StaffView, type UpdateStaffInput } from '@jyg12345/shared';
import { DataSource } from 'typeorm';
import { hashPassword } from '../auth/password.js';
import type { Principal } from '../auth/principal.js';
import { AppError } from '../common/app-error.js';
import { isUniqueViolation } from '../database/db-errors.js';
import { newId } from '../common/ids.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { StaffEntity, UnitEntity } from '../database/entities.js';
import { passwordWeakness } from '../security/password-strength.js';
import type { SecurityEventKind } from '../security/security.entities.js';
import { SecurityEventsService } from '../security/security-events.service.js';
import { SessionService } from '../security/session.service.js';
import { normalizeUsername } from '../security/username.js';

function requireStrong(password: string, username: string, displayName?: string): void {
  const weakness = passwordWeakness(password, username, displayName ? [displayName] : []);
  if (weakness) throw new AppError(ErrorCode.VALIDATION_FAILED, undefined, [{ path: 'password', message: weakness }]);
}

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
    private readonly sessions: SessionService,
    private readonly events: SecurityEventsService,
  ) {}

  async list(): Promise<StaffView[]> {
    return (await this.db.getRepository(StaffEntity).find({ order: { username: 'ASC' } })).map(toView);
  }

  async get(id: string): Promise<StaffView> {
    return toView(await this.require(id));
  }

  async create(actor: Principal, input: CreateStaffInput): Promise<StaffView> {
    const username = normalizeUsername(input.username);
    requireStrong(input.password, username, input.displayName);
    await this.requireUnit(input.unitId);
    const now = new Date();
    const staff = this.db.getRepository(StaffEntity).create({
      id: newId(),
      username,
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
    await this.events.record('staff_created', { actorId: actor.id, subjectId: staff.id, username, detail: `role=${staff.role}` });
    return toView(staff);
  }

  async update(actor: Principal, id: string, input: UpdateStaffInput): Promise<StaffView> {
    const staff = await this.require(id);
    if (input.password !== undefined) requireStrong(input.password, staff.username, input.displayName ?? staff.displayName);
    if (input.unitId !== undefined) await this.requireUnit(input.unitId);
    const patch: Partial<StaffEntity> = { updatedAt: new Date() };
    if (input.displayName !== undefined) patch.displayName = input.displayName;
    if (input.role !== undefined) patch.role = input.role;
    if (input.unitId !== undefined) patch.unitId = input.unitId;
    if (input.phone !== undefined) patch.phone = input.phone;
    if (input.active !== undefined) patch.active = input.active;
    if (input.password !== undefined) patch.passwordHash = await hashPassword(input.password, this.config.passwordScryptCost);
    await this.db.transaction(async (m) => {
      await m.getRepository(StaffEntity).update({ id }, patch);
      // A reset password or a disabled account ends every token issued before (re-enabling does not revive them).
      if (input.password !== undefined || (input.active === false && staff.active)) await this.sessions.revoke('staff', id, m);
      for (const [kind, detail] of this.changesOf(staff, input)) await this.events.record(kind, { actorId: actor.id, subjectId: id, username: staff.username, detail }, m);
    });
    this.sessions.forget('staff', id);
    return toView({ ...staff, ...patch });
  }

  private changesOf(before: StaffEntity, input: UpdateStaffInput): [SecurityEventKind, string | null][] {
    const changes: [SecurityEventKind, string | null][] = [];
    if (input.active !== undefined && input.active !== before.active) changes.push([input.active ? 'staff_enabled' : 'staff_disabled', null]);
    if (input.role !== undefined && input.role !== before.role) changes.push(['role_changed', `${before.role}→${input.role}`]);
    if (input.unitId !== undefined && input.unitId !== before.unitId) changes.push(['unit_changed', `${before.unitId}→${input.unitId}`]);
    if (input.password !== undefined) changes.push(['password_reset', null]);
    return changes;
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
