import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThan } from 'typeorm';
import { BackgroundJobs } from '../common/background-jobs.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { LoginAddressEntity } from './security.entities.js';

const DAY_MS = 86_400_000;

/**
 * Keeps the known login addresses (a row per username and client address that logged in) from growing without
 * bound: a pair whose last successful login is older than LOGIN_ADDRESS_RETENTION_DAYS is deleted, so that address
 * counts as new again (its next login goes through the per-account limit once, then is known again).
 */
@Injectable()
export class LoginAddressesService implements OnApplicationBootstrap {
  private readonly logger = new Logger('LoginAddresses');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: BackgroundJobs,
  ) {}

  onApplicationBootstrap(): void {
    const { retentionDays, pruneIntervalMs } = this.config.loginAddresses;
    this.jobs.every('login-address-prune', pruneIntervalMs, async () => {
      const deleted = await this.prune(new Date(Date.now() - retentionDays * DAY_MS));
      if (deleted > 0) this.logger.log({ deleted }, 'old login addresses deleted');
    });
  }

  /**
   * Deletes the pairs last seen before `before`, `batch` rows a statement (ix_login_addresses_last), and returns how
   * many. Each delete repeats the age condition, so a pair that logs in meanwhile stays. Safe with several processes:
   * a row deleted by another one is simply not counted.
   */
  async prune(before: Date, batch = 1000): Promise<number> {
    const repo = this.db.getRepository(LoginAddressEntity);
    let deleted = 0;
    for (;;) {
      const rows = await repo.find({ select: { key: true }, where: { lastSuccessAt: LessThan(before) }, order: { lastSuccessAt: 'ASC' }, take: batch });
      if (rows.length === 0) return deleted;
      const gone = await repo.delete({ key: In(rows.map((r) => r.key)), lastSuccessAt: LessThan(before) });
      deleted += gone.affected ?? 0;
      if (rows.length < batch) return deleted;
    }
  }
}
