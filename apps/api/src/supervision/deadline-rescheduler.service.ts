import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CHINA_UTC_OFFSET_MINUTES, ErrorCode, shiftedDeadline, type WorkCalendar } from '@jyg12345/shared';
import { DataSource, In, MoreThan } from 'typeorm';
import { AppError } from '../common/app-error.js';
import { TicketEntity } from '../database/entities.js';
import { TicketActionsService } from '../tickets/ticket-actions.service.js';
import { WorkCalendarService } from '../calendar/work-calendar.service.js';
import { isDeadlock } from '../database/db-errors.js';

const SYSTEM = { kind: 'system', id: null, role: 'system' } as const;
const BATCH = 200;

/** 00:00 China time of a calendar date. */
const startOfChinaDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - CHINA_UTC_OFFSET_MINUTES * 60_000);

/**
 * After a holiday or make-up workday is added or removed, every deadline still running past that day keeps the
 * working time it had left: the ticket's reply deadline (and its sign-for deadline, if not signed yet) moves, as
 * the table's `reschedule` taken by the system, one guarded change with its event per ticket. Deadlines already
 * past stay where they were. Done in the admin's request, a batch at a time: a city has hundreds of open tickets
 * whose deadlines a given day can reach, not millions.
 */
@Injectable()
export class DeadlineRescheduler {
  private readonly logger = new Logger('DeadlineRescheduler');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calendar: WorkCalendarService,
    private readonly actions: TicketActionsService,
  ) {}

  async reschedule(before: WorkCalendar, date: string, reason: string, now = new Date()): Promise<number> {
    const after = await this.calendar.fresh();
    const from = startOfChinaDay(date);
    if (from.getTime() + 24 * 3_600_000 <= now.getTime()) return 0;
    let moved = 0;
    let lastId = '';
    for (;;) {
      const batch = await this.db.getRepository(TicketEntity).find({
        select: { id: true },
        where: { status: In(['dispatched', 'in_progress', 'return_requested']), replyDueAt: MoreThan(from > now ? from : now), id: MoreThan(lastId) },
        order: { id: 'ASC' },
        take: BATCH,
      });
      for (const { id } of batch) if (await this.move(id, before, after, reason, now)) moved++;
      if (batch.length < BATCH) break;
      lastId = batch[batch.length - 1]!.id;
    }
    if (moved > 0) this.logger.log({ date, moved }, 'deadlines moved with the calendar');
    return moved;
  }

  private async move(id: string, before: WorkCalendar, after: WorkCalendar, reason: string, now: Date): Promise<boolean> {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        return await this.db.transaction(async (tx) => {
          const t = await tx.findOneByOrFail(TicketEntity, { id });
          if (t.replyDueAt === null) return false;
          const shift = (d: Date | null) => (d === null ? null : shiftedDeadline(before, after, new Date(d), now));
          const replyDueAt = shift(t.replyDueAt) as Date;
          const signDueAt = t.signedAt === null ? shift(t.signDueAt) : null;
          const dueSoonFrom = shift(t.dueSoonFrom);
          const same = (a: Date | null, b: Date | null) => (a === null ? b === null : b !== null && new Date(a).getTime() === b.getTime());
          if (same(t.replyDueAt, replyDueAt) && (signDueAt === null || same(t.signDueAt, signDueAt))) return false;
          await this.actions.apply(
            SYSTEM,
            id,
            'reschedule',
            {
              version: t.version,
              replyDueAt: replyDueAt.toISOString(),
              ...(signDueAt ? { signDueAt: signDueAt.toISOString() } : {}),
              ...(dueSoonFrom ? { dueSoonFrom: dueSoonFrom.toISOString() } : {}),
              reason,
            },
            tx,
            now,
          );
          return true;
        });
      } catch (err) {
        // Someone acted on the ticket meanwhile (here, or through another node of a cluster: a deadlock on commit):
        // read it again and move it from where it is now.
        if ((err instanceof AppError && err.code === ErrorCode.VERSION_CONFLICT) || isDeadlock(err)) continue;
        if (err instanceof AppError && err.code === ErrorCode.INVALID_TRANSITION) return false;
        throw err;
      }
    }
    return false;
  }
}
