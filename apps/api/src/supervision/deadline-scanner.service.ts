import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { chinaDate, ErrorCode, isWorkingDay, type TicketStatus } from '@jyg12345/shared';
import { Brackets, DataSource, In, IsNull, LessThan, LessThanOrEqual } from 'typeorm';
import { WorkCalendarService } from '../calendar/work-calendar.service.js';
import { AppError } from '../common/app-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { TicketEntity } from '../database/entities.js';
import { TicketActionsService } from '../tickets/ticket-actions.service.js';
import { TicketWriter } from '../tickets/ticket.writer.js';
import { BackgroundJobs } from '../common/background-jobs.js';
import { retryingDeadlocks } from '../database/db-errors.js';
import { findRow } from '../common/sql-rows.js';

const OPEN_AT_UNIT: TicketStatus[] = ['dispatched', 'in_progress', 'return_requested'];
const BATCH = 200;
const SYSTEM = { kind: 'system', id: null, role: 'system' } as const;
const AUTO_URGE_NOTE = '已超过答复时限，系统自动催办';

export interface ScanReport {
  dueSoon: number;
  overdue: number;
  urged: number;
  autoClosed: number;
}

/**
 * Supervision in the background: flags tickets entering the last 20% of their time, marks overdue ones, urges
 * them once per working day, and closes replies left unrated for AUTO_CLOSE_DAYS. Every write is a guarded
 * update, so any number of API processes can scan the same database: each change happens once.
 */
@Injectable()
export class DeadlineScannerService implements OnApplicationBootstrap {
  private readonly logger = new Logger('DeadlineScanner');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly calendar: WorkCalendarService,
    private readonly actions: TicketActionsService,
    private readonly writer: TicketWriter,
    private readonly jobs: BackgroundJobs,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.every('deadline-scan', this.config.scanIntervalMs, () => this.scanOnce());
  }

  async scanOnce(now = new Date()): Promise<ScanReport> {
    const report: ScanReport = { dueSoon: 0, overdue: 0, urged: 0, autoClosed: 0 };
    const repo = this.db.getRepository(TicketEntity);

    const soon = await repo.find({
      select: { id: true },
      where: { status: In(OPEN_AT_UNIT), dueSoonAt: IsNull(), dueSoonFrom: LessThanOrEqual(now) },
      take: BATCH,
    });
    for (const { id } of soon) if (await this.flag(id, 'dueSoonAt', 'flag_due_soon', now)) report.dueSoon++;

    const late = await repo.find({
      select: { id: true },
      where: { status: In(OPEN_AT_UNIT), overdueAt: IsNull(), replyDueAt: LessThan(now) },
      take: BATCH,
    });
    for (const { id } of late) if (await this.flag(id, 'overdueAt', 'flag_overdue', now)) report.overdue++;

    const calendar = await this.calendar.get();
    const today = chinaDate(now);
    if (isWorkingDay(calendar, today)) {
      const toUrge = await repo
        .createQueryBuilder('t')
        .select('t.id', 'id')
        .where('t.status IN (:...open)', { open: OPEN_AT_UNIT })
        .andWhere('t.replyDueAt < :now', { now })
        .andWhere(new Brackets((b) => b.where('t.lastAutoUrgeDay IS NULL').orWhere('t.lastAutoUrgeDay <> :today', { today })))
        .limit(BATCH)
        .getRawMany<{ id: string }>();
      for (const { id } of toUrge) if (await this.urge(id, today, now)) report.urged++;
    }

    const cutoff = new Date(now.getTime() - this.config.autoCloseDays * 24 * 3600_000);
    const unrated = await repo.find({
      select: { id: true, version: true },
      where: { status: 'replied', satisfaction: IsNull(), repliedAt: LessThan(cutoff) },
      take: BATCH,
    });
    for (const t of unrated) {
      try {
        await retryingDeadlocks(() => this.db.transaction((tx) => this.actions.apply(SYSTEM, t.id, 'auto_close', { version: t.version }, tx, now)));
        report.autoClosed++;
      } catch (err) {
        // Another process (or the resident, rating just now) got there first.
        if (!(err instanceof AppError && (err.code === ErrorCode.VERSION_CONFLICT || err.code === ErrorCode.INVALID_TRANSITION))) throw err;
      }
    }
    if (report.dueSoon + report.overdue + report.urged + report.autoClosed > 0) this.logger.log({ report }, 'scan');
    return report;
  }

  private flag(id: string, column: 'dueSoonAt' | 'overdueAt', event: 'flag_due_soon' | 'flag_overdue', now: Date): Promise<boolean> {
    return retryingDeadlocks(() => this.db.transaction((tx) => this.writer.flag(tx, id, column, event, now)));
  }

  /** The daily automatic urge is the table's `urge` taken by the system: guarded by version, like a person's. */
  private async urge(id: string, today: string, now: Date): Promise<boolean> {
    try {
      return await retryingDeadlocks(() =>
        this.db.transaction(async (tx) => {
          const t = await findRow(tx, TicketEntity, id);
          if (!t || t.lastAutoUrgeDay === today) return false;
          await this.actions.apply(SYSTEM, id, 'urge', { version: t.version, note: AUTO_URGE_NOTE }, tx, now);
          return true;
        }),
      );
    } catch (err) {
      if (err instanceof AppError && (err.code === ErrorCode.VERSION_CONFLICT || err.code === ErrorCode.INVALID_TRANSITION)) return false;
      throw err;
    }
  }
}
