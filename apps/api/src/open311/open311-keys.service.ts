import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ErrorCode, ULID_PATTERN } from '@jyg12345/shared';
import { DataSource, IsNull, LessThan, Or } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { AppError } from '../common/app-error.js';
import { newId } from '../common/ids.js';
import { RateLimitService } from '../common/rate-limit.service.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { CreateOpen311KeyDto } from './open311.dto.js';
import { Open311KeyEntity } from './open311-key.entity.js';

export const DEFAULT_RATE_PER_HOUR = 600;
const HOUR = 3_600_000;
const LAST_USED_GRANULARITY_MS = 60_000;

export interface Open311KeyView {
  id: string;
  prefix: string;
  owner: string;
  contact: string | null;
  ratePerHour: number;
  createdById: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());
export const hashKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

/** Field by field: the key's hash never leaves the service. */
function toView({ id, prefix, owner, contact, ratePerHour, createdById, createdAt, revokedAt, lastUsedAt }: Open311KeyEntity): Open311KeyView {
  return { id, prefix, owner, contact, ratePerHour, createdById, createdAt: new Date(createdAt).toISOString(), revokedAt: iso(revokedAt), lastUsedAt: iso(lastUsedAt) };
}

/** Open311 clients' API keys: created, listed and revoked by admins; checked (and counted) on every use. */
@Injectable()
export class Open311KeysService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly limits: RateLimitService,
  ) {}

  /** The key itself is returned once, here; only its SHA-256 is stored. */
  async create(admin: Principal, input: CreateOpen311KeyDto): Promise<Open311KeyView & { apiKey: string }> {
    const apiKey = randomBytes(32).toString('base64url');
    const row: Open311KeyEntity = {
      id: newId(),
      keyHash: hashKey(apiKey),
      prefix: apiKey.slice(0, 8),
      owner: input.owner.trim(),
      contact: input.contact?.trim() || null,
      ratePerHour: input.ratePerHour ?? DEFAULT_RATE_PER_HOUR,
      createdById: admin.id,
      createdAt: new Date(),
      revokedAt: null,
      lastUsedAt: null,
    };
    await this.db.getRepository(Open311KeyEntity).insert(row);
    return { ...toView(row), apiKey };
  }

  async list(): Promise<Open311KeyView[]> {
    const rows = await this.db.getRepository(Open311KeyEntity).find({ order: { id: 'DESC' } });
    return rows.map(toView);
  }

  /** Revoking twice keeps the first time. */
  async revoke(id: string): Promise<Open311KeyView> {
    if (!ULID_PATTERN.test(id)) throw new AppError(ErrorCode.OPEN311_KEY_NOT_FOUND);
    const repo = this.db.getRepository(Open311KeyEntity);
    await repo.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
    const row = await repo.findOneBy({ id });
    if (!row) throw new AppError(ErrorCode.OPEN311_KEY_NOT_FOUND);
    return toView(row);
  }

  /**
   * The live key an `api_key` parameter names, or null (unknown or revoked): callers answer 403 either way.
   * Counts the call against the key's hourly limit (429 RATE_LIMITED when spent).
   */
  async use(apiKey: string): Promise<Open311KeyEntity | null> {
    if (apiKey.length === 0 || apiKey.length > 200) return null;
    const row = await this.db.getRepository(Open311KeyEntity).findOneBy({ keyHash: hashKey(apiKey) });
    if (!row || row.revokedAt !== null) return null;
    if (this.config.rateLimits.enabled) {
      await this.limits.consume([{ key: `open311:key:${row.id}`, limit: row.ratePerHour, windowMs: HOUR }]);
    }
    const now = new Date();
    // At most one write a minute per key, whatever the traffic.
    await this.db
      .getRepository(Open311KeyEntity)
      .update({ id: row.id, lastUsedAt: Or(IsNull(), LessThan(new Date(now.getTime() - LAST_USED_GRANULARITY_MS))) }, { lastUsedAt: now });
    return row;
  }
}
