import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ErrorCode } from '@jyg12345/shared';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { AppError } from '../common/app-error.js';
import { ResidentEntity } from '../database/entities.js';
import { SecurityEventsService } from './security-events.service.js';
import { SessionService } from './session.service.js';

@Injectable()
export class ResidentBlocksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sessions: SessionService,
    private readonly events: SecurityEventsService,
  ) {}

  /** Blocking ends the resident's sessions and refuses new logins; unblocking lets them log in again. */
  async setBlocked(actor: Principal, id: string, blocked: boolean): Promise<{ id: string; blocked: boolean }> {
    await this.db.transaction(async (m) => {
      const resident = await m.getRepository(ResidentEntity).findOneBy({ id });
      if (!resident) throw new AppError(ErrorCode.RESIDENT_NOT_FOUND);
      if (resident.blocked === blocked) return;
      await m.getRepository(ResidentEntity).update({ id }, { blocked });
      if (blocked) await this.sessions.revoke('resident', id, m);
      await this.events.record(blocked ? 'resident_blocked' : 'resident_unblocked', { actorId: actor.id, subjectId: id }, m);
    });
    this.sessions.forget('resident', id);
    return { id, blocked };
  }
}
