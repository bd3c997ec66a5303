import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type AuthResult, ErrorCode } from '@jyg12345/shared';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error.js';
import { isUniqueViolation } from '../common/db-errors.js';
import { newId } from '../common/ids.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ResidentEntity, StaffEntity } from '../database/entities.js';
import { WechatClient } from '../wechat/wechat.client.js';
import { dummyHash, verifyPassword } from './password.js';
import type { Principal } from './principal.js';
import { TokenService } from './token.service.js';

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly tokens: TokenService,
    private readonly wechat: WechatClient,
  ) {}

  async staffLogin(username: string, password: string): Promise<AuthResult> {
    const staff = await this.db.getRepository(StaffEntity).findOneBy({ username });
    // Verify against a dummy hash for unknown users so the answer takes as long either way.
    const ok = await verifyPassword(password, staff?.passwordHash ?? (await dummyHash(this.config.passwordScryptCost)));
    if (!staff || !ok) throw new AppError(ErrorCode.INVALID_CREDENTIALS);
    if (!staff.active) throw new AppError(ErrorCode.ACCOUNT_DISABLED);
    const principal: Principal = { kind: 'staff', id: staff.id, role: staff.role, unitId: staff.unitId };
    const { token, expiresAt } = this.tokens.issue(principal);
    return {
      token,
      expiresAt: expiresAt.toISOString(),
      user: { id: staff.id, role: staff.role, displayName: staff.displayName, username: staff.username, unitId: staff.unitId },
    };
  }

  async wechatLogin(code: string): Promise<AuthResult> {
    const session = await this.wechat.code2Session(code);
    return this.residentSession(session.openid, session.unionid);
  }

  async bindStaffWechat(p: Principal, code: string): Promise<{ bound: true }> {
    if (p.kind !== 'staff') throw new AppError(ErrorCode.FORBIDDEN);
    const session = await this.wechat.code2Session(code);
    await this.db.getRepository(StaffEntity).update({ id: p.id }, { wechatOpenid: session.openid, updatedAt: new Date() });
    return { bound: true };
  }

  async devLogin(openid: string): Promise<AuthResult> {
    if (!this.config.devLogin || this.config.nodeEnv === 'production') throw new AppError(ErrorCode.DEV_LOGIN_DISABLED);
    return this.residentSession(`dev:${openid}`, null);
  }

  private async residentSession(openid: string, unionid: string | null): Promise<AuthResult> {
    const resident = await this.upsertResident(openid, unionid);
    const { token, expiresAt } = this.tokens.issue({ kind: 'resident', id: resident.id, role: 'resident' });
    return { token, expiresAt: expiresAt.toISOString(), user: { id: resident.id, role: 'resident', displayName: '市民' } };
  }

  private async upsertResident(openid: string, unionid: string | null): Promise<ResidentEntity> {
    const repo = this.db.getRepository(ResidentEntity);
    const now = new Date();
    const existing = await repo.findOneBy({ openid });
    if (existing) {
      await repo.update({ id: existing.id }, { lastLoginAt: now, ...(unionid ? { unionid } : {}) });
      return existing;
    }
    const resident = repo.create({ id: newId(), openid, unionid, createdAt: now, lastLoginAt: now });
    try {
      await repo.insert(resident);
      return resident;
    } catch (err) {
      // Two first logins at once: the other one created the row.
      if (!isUniqueViolation(err)) throw err;
      const winner = await repo.findOneBy({ openid });
      if (!winner) throw err;
      return winner;
    }
  }
}
