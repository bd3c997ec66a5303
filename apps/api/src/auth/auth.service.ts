import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type AuthResult, ErrorCode } from '@jyg12345/shared';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error.js';
import { isUniqueViolation } from '../database/db-errors.js';
import { newId } from '../common/ids.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ResidentEntity, StaffEntity } from '../database/entities.js';
import { LoginAddressEntity } from '../security/security.entities.js';
import { SecurityEventsService } from '../security/security-events.service.js';
import { SessionService } from '../security/session.service.js';
import { loginAddressKey, normalizeUsername } from '../security/username.js';
import { WechatClient } from '../wechat/wechat.client.js';
import { dummyHash, verifyPassword } from './password.js';
import type { Principal } from './principal.js';
import { TokenService } from '../security/token.service.js';

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly tokens: TokenService,
    private readonly wechat: WechatClient,
    private readonly sessions: SessionService,
    private readonly events: SecurityEventsService,
  ) {}

  async staffLogin(rawUsername: string, password: string, address: string): Promise<AuthResult> {
    const username = normalizeUsername(rawUsername);
    const found = await this.db.getRepository(StaffEntity).findOneBy({ username });
    // A collation may match another spelling (opérator = operator on MySQL): only the stored spelling logs in.
    const staff = found?.username === username ? found : null;
    // Verify against a dummy hash for unknown users so the answer takes as long either way.
    const ok = await verifyPassword(password, staff?.passwordHash ?? (await dummyHash(this.config.passwordScryptCost)));
    // A disabled account answers like a wrong password, so a guesser learns nothing from a right one.
    if (!staff || !ok || !staff.active) {
      await this.events.record('login_failed', { subjectId: staff?.id ?? null, username, address, detail: staff && ok ? 'account disabled' : null });
      throw new AppError(ErrorCode.INVALID_CREDENTIALS);
    }
    await this.rememberAddress(username, address);
    await this.events.record('login_succeeded', { subjectId: staff.id, username, address });
    const principal: Principal = { kind: 'staff', id: staff.id, role: staff.role, unitId: staff.unitId };
    const { token, expiresAt } = await this.tokens.issue(principal, new Date(), staff.tokenVersion);
    return {
      token,
      expiresAt: expiresAt.toISOString(),
      user: { id: staff.id, role: staff.role, displayName: staff.displayName, username: staff.username, unitId: staff.unitId },
    };
  }

  /** Ends every token of the caller's account (all devices). */
  async logout(p: Principal, address: string): Promise<void> {
    await this.db.transaction(async (m) => {
      await this.sessions.revoke(p.kind, p.id, m);
      if (p.kind === 'staff') await this.events.record('logout', { actorId: p.id, subjectId: p.id, address }, m);
    });
    this.sessions.forget(p.kind, p.id);
  }

  /** A (username, address) pair that logged in: its later attempts skip the per-account guessing limit. */
  private async rememberAddress(username: string, address: string): Promise<void> {
    const repo = this.db.getRepository(LoginAddressEntity);
    const key = loginAddressKey(username, address);
    const now = new Date();
    const updated = await repo.update({ key }, { lastSuccessAt: now });
    if (updated.affected) return;
    await repo.insert({ key, lastSuccessAt: now }).catch((err: unknown) => {
      if (!isUniqueViolation(err)) throw err;
    });
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
    if (resident.blocked) throw new AppError(ErrorCode.ACCOUNT_DISABLED);
    const { token, expiresAt } = await this.tokens.issue({ kind: 'resident', id: resident.id, role: 'resident' }, new Date(), resident.tokenVersion);
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
    const resident = repo.create({ id: newId(), openid, unionid, createdAt: now, lastLoginAt: now, tokenVersion: 0, blocked: false });
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
