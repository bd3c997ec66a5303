import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { claimLease, settleLease } from '../common/lease.js';
import { ProvinceClient } from './province.client.js';
import { ProvinceOutboxEntity } from '../notifications/province.entities.js';
import { BackgroundJobs } from '../common/background-jobs.js';

const BATCH = 50;
/** Tickets delivered at once; one message per ticket at a time, so this never reorders a ticket's messages. */
const PARALLEL = 4;
const MAX_BACKOFF_MS = 10 * 60_000;

export interface ProvinceDeliveryReport {
  sent: number;
  retried: number;
  rejected: number;
}

/** base, 2·base, 4·base … capped at ten minutes: forwarded tickets have half the usual deadlines. */
export function provinceBackoffMs(baseMs: number, attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Delivers the province outbox: at least once (a message stays pending until the platform acknowledges it), the
 * platform dedups on the delivery id, and per ticket in order (only a ticket's earliest pending message is due).
 * Claims are leases taken with a guarded update (common/lease.ts), so several processes can run it.
 * Messages are never given up on: a platform that is down for a day gets them all, in order, when it is back.
 */
@Injectable()
export class ProvinceDeliveryWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger('ProvinceDeliveryWorker');
  readonly workerId = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly client: ProvinceClient,
    private readonly jobs: BackgroundJobs,
  ) {}

  onApplicationBootstrap(): void {
    // Without PROVINCE_API_URL messages wait in the outbox until a configured process sends them.
    if (this.client.configured) this.jobs.every('province-delivery', this.config.province.intervalMs, () => this.runOnce());
  }

  /** One pass: the due head of each ticket's queue, a few tickets at a time. */
  async runOnce(now = new Date()): Promise<ProvinceDeliveryReport> {
    const report: ProvinceDeliveryReport = { sent: 0, retried: 0, rejected: 0 };
    if (!this.client.configured) return report;
    const due = await this.db
      .getRepository(ProvinceOutboxEntity)
      .createQueryBuilder('m')
      .where("m.status = 'pending' AND m.nextAttemptAt <= :now", { now })
      .andWhere('(m.lockedUntil IS NULL OR m.lockedUntil < :now)', { now })
      .andWhere(
        (qb) =>
          `NOT EXISTS ${qb
            .subQuery()
            .select('1')
            .from(ProvinceOutboxEntity, 'e')
            .where("e.ticketId = m.ticketId AND e.status = 'pending' AND e.seq < m.seq")
            .getQuery()}`,
      )
      .orderBy('m.id', 'ASC')
      .limit(BATCH)
      .getMany();
    const queue = [...due];
    const lane = async () => {
      for (let m = queue.shift(); m; m = queue.shift()) {
        if (!(await claimLease(this.db, ProvinceOutboxEntity, m.id, this.workerId, now))) continue;
        report[await this.deliver(m, now)]++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, lane));
    return report;
  }

  private async deliver(m: ProvinceOutboxEntity, now: Date): Promise<keyof ProvinceDeliveryReport> {
    const body = typeof m.payload === 'string' ? m.payload : JSON.stringify(m.payload);
    const result = await this.client.sendFeedback(m.id, body);
    const attempts = m.attempts + 1;
    if (result.outcome === 'sent') {
      await settleLease(this.db, ProvinceOutboxEntity, m.id, this.workerId, { status: 'sent', attempts, sentAt: new Date(), lastError: null });
      return 'sent';
    }
    if (result.outcome === 'rejected') {
      this.logger.warn({ deliveryId: m.id, ticketId: m.ticketId, error: result.error }, 'province platform rejected feedback');
      await settleLease(this.db, ProvinceOutboxEntity, m.id, this.workerId, { status: 'rejected', attempts, lastError: result.error.slice(0, 500) });
      return 'rejected';
    }
    await settleLease(this.db, ProvinceOutboxEntity, m.id, this.workerId, {
      attempts,
      // From when the attempt ended: a timed-out send took a while.
      nextAttemptAt: new Date(Math.max(now.getTime(), Date.now()) + provinceBackoffMs(this.config.province.retryBaseMs, attempts)),
      lastError: result.error.slice(0, 500),
    });
    return 'retried';
  }
}
