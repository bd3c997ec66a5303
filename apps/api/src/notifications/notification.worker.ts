import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ResidentEntity, StaffEntity } from '../database/entities.js';
import { WechatClient } from '../wechat/wechat.client.js';
import { claimLease, settleLease } from '../common/lease.js';
import { OutboxMessageEntity } from './outbox.entity.js';
import { BackgroundJobs } from '../common/background-jobs.js';

export const MAX_ATTEMPTS = 8;
const BATCH = 50;

/** 5 s, 10 s, 20 s … capped at one hour. */
export function backoffMs(attempts: number): number {
  return Math.min(3600_000, 5000 * 2 ** Math.max(0, attempts - 1));
}

export interface DeliveryReport {
  sent: number;
  skipped: number;
  retried: number;
  failed: number;
}

/**
 * Delivers the outbox as WeChat subscribe messages. Each message is claimed with a guarded update (a lease), so
 * several processes never send one message twice while the lease holds; failures retry with backoff, 43101
 * ("not subscribed") is recorded and never retried.
 */
@Injectable()
export class NotificationWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger('NotificationWorker');
  readonly workerId = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly wechat: WechatClient,
    private readonly jobs: BackgroundJobs,
  ) {}

  onApplicationBootstrap(): void {
    // Without WeChat credentials messages wait in the outbox until a configured process sends them.
    if (this.wechat.configured) this.jobs.every('notifications', this.config.notifyIntervalMs, () => this.runOnce());
  }

  async runOnce(now = new Date()): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, skipped: 0, retried: 0, failed: 0 };
    const due = await this.db
      .getRepository(OutboxMessageEntity)
      .createQueryBuilder('m')
      .where("m.status = 'pending' AND m.nextAttemptAt <= :now", { now })
      .andWhere(new Brackets((b) => b.where('m.lockedUntil IS NULL').orWhere('m.lockedUntil < :now', { now })))
      .orderBy('m.id', 'ASC')
      .limit(BATCH)
      .getMany();
    for (const message of due) {
      if (!(await this.claim(message.id, now))) continue;
      report[await this.deliver(message, now)]++;
    }
    return report;
  }

  private claim(id: string, now: Date): Promise<boolean> {
    return claimLease(this.db, OutboxMessageEntity, id, this.workerId, now);
  }

  private async deliver(m: OutboxMessageEntity, now: Date): Promise<keyof DeliveryReport> {
    const openid = await this.openidOf(m);
    const templateId = m.recipientKind === 'resident' ? this.config.wechat.templateStatus : this.config.wechat.templateTask;
    if (!openid || !templateId) return this.finish(m, 'skipped', now, openid ? 'no template configured' : 'recipient has no openid');
    const payload = typeof m.payload === 'string' ? (JSON.parse(m.payload) as Record<string, string>) : m.payload;
    const result = await this.wechat.sendSubscribeMessage({
      touser: openid,
      templateId,
      page: m.recipientKind === 'resident' ? `appeal/detail/index?id=${m.ticketId}` : `staff/ticket/index?id=${m.ticketId}`,
      // Keys of the template registered in the mini-program's admin console (see README).
      data: {
        character_string1: { value: payload.number ?? '' },
        phrase2: { value: payload.status ?? '' },
        time3: { value: payload.time ?? '' },
        thing4: { value: payload.note ?? '' },
      },
    });
    if (result.outcome === 'sent') return this.finish(m, 'sent', now, null);
    if (result.outcome === 'refused') return this.finish(m, 'skipped', now, `${result.errcode} ${result.errmsg}`.trim());
    const attempts = m.attempts + 1;
    if (attempts >= MAX_ATTEMPTS) return this.finish(m, 'failed', now, result.error);
    await settleLease(this.db, OutboxMessageEntity, m.id, this.workerId, {
      attempts,
      nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)),
      lastError: result.error.slice(0, 500),
    });
    return 'retried';
  }

  private async finish(m: OutboxMessageEntity, status: 'sent' | 'skipped' | 'failed', now: Date, error: string | null): Promise<keyof DeliveryReport> {
    await settleLease(this.db, OutboxMessageEntity, m.id, this.workerId, {
      status,
      attempts: m.attempts + 1,
      sentAt: status === 'sent' ? now : null,
      lastError: error?.slice(0, 500) ?? null,
    });
    return status;
  }

  private async openidOf(m: OutboxMessageEntity): Promise<string | null> {
    if (m.recipientKind === 'resident') {
      return (await this.db.getRepository(ResidentEntity).findOne({ select: { openid: true }, where: { id: m.recipientId } }))?.openid ?? null;
    }
    return (await this.db.getRepository(StaffEntity).findOne({ select: { wechatOpenid: true }, where: { id: m.recipientId } }))?.wechatOpenid ?? null;
  }
}
