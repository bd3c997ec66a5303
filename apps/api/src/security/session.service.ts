import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ErrorCode, type StaffRole } from '@jyg12345/shared';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { TokenService } from './token.service.js';
import { AppError } from '../common/app-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ResidentEntity, StaffEntity } from '../database/entities.js';

interface AccountState {
  version: number;
  /** staff: active; residents: not blocked */
  enabled: boolean;
  role?: StaffRole;
  unitId?: string;
}

/** Past this many cached accounts the cache starts over (a bound, not an eviction policy). */
const MAX_CACHED = 10_000;

/**
 * Turns a bearer token into the account's CURRENT rights. A token only names the account and the tokenVersion it
 * was issued under; the account's row says whether it may still act and as what. Rows are cached per process for
 * AUTH_STATE_CACHE_MS (default 2 s), so a change made through another API process is seen within that time, and one
 * made through this process at once (forget()).
 */
@Injectable()
export class SessionService {
  private readonly cache = new Map<string, { state: AccountState | null; until: number }>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly tokens: TokenService,
  ) {}

  async authenticate(token: string): Promise<Principal> {
    const { principal, version } = await this.tokens.decode(token);
    const state = await this.stateOf(principal);
    if (!state) throw new AppError(ErrorCode.SESSION_REVOKED);
    if (!state.enabled) throw new AppError(ErrorCode.ACCOUNT_DISABLED);
    if (state.version !== version) throw new AppError(ErrorCode.SESSION_REVOKED);
    if (principal.kind === 'resident') return principal;
    return { kind: 'staff', id: principal.id, role: state.role ?? principal.role, unitId: state.unitId ?? principal.unitId };
  }

  /** Ends every token of the account (logout, password reset, disabling, blocking). */
  async revoke(kind: Principal['kind'], id: string, manager: EntityManager = this.db.manager): Promise<void> {
    const entity = kind === 'staff' ? StaffEntity : ResidentEntity;
    await manager
      .createQueryBuilder()
      .update(entity)
      .set({ tokenVersion: () => '`tokenVersion` + 1' })
      .where({ id })
      .execute();
    this.forget(kind, id);
  }

  /** Drops this process's cached state of an account after a change to it. */
  forget(kind: Principal['kind'], id: string): void {
    this.cache.delete(`${kind}:${id}`);
  }

  private async stateOf(p: Principal): Promise<AccountState | null> {
    const key = `${p.kind}:${p.id}`;
    const now = Date.now();
    const ttl = this.config.token.stateCacheMs;
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return hit.state;
    const state = await this.load(p);
    if (ttl > 0) {
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      this.cache.set(key, { state, until: now + ttl });
    }
    return state;
  }

  private async load(p: Principal): Promise<AccountState | null> {
    if (p.kind === 'staff') {
      const s = await this.db
        .getRepository(StaffEntity)
        .findOne({ where: { id: p.id }, select: { id: true, tokenVersion: true, active: true, role: true, unitId: true } });
      return s ? { version: s.tokenVersion, enabled: s.active, role: s.role, unitId: s.unitId } : null;
    }
    const r = await this.db.getRepository(ResidentEntity).findOne({ where: { id: p.id }, select: { id: true, tokenVersion: true, blocked: true } });
    return r ? { version: r.tokenVersion, enabled: !r.blocked } : null;
  }
}
