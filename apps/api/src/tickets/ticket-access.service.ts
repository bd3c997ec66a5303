import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CENTRE_ROLES, ErrorCode } from '@jyg12345/shared';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { AppError } from '../common/app-error.js';
import { TicketEntity, TicketUnitEntity } from '../database/entities.js';
import { UnitTreeService } from '../units/unit-tree.service.js';

export interface TicketScope {
  /** The caller may see the ticket at all. */
  visible: boolean;
  /** A handler whose unit tree holds the lead unit or the unit the ticket was passed down to: may handle it. */
  handling: boolean;
}

export const isCentre = (p: Principal) => (CENTRE_ROLES as readonly string[]).includes(p.role);
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** Who sees and who handles a ticket: the one place these rules live. */
@Injectable()
export class TicketAccessService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly units: UnitTreeService,
  ) {}

  async scope(p: Principal, t: TicketEntity, tx: EntityManager = this.db.manager): Promise<TicketScope> {
    if (p.kind === 'resident') {
      if (t.residentId === p.id) return { visible: true, handling: false };
      // The resident of a merged appeal follows the surviving ticket.
      const follows = await tx.existsBy(TicketEntity, { residentId: p.id, mergedIntoId: t.id });
      return { visible: follows, handling: false };
    }
    if (isCentre(p)) return { visible: true, handling: false };
    const mine = new Set(await this.units.subtree(p.unitId));
    const parts = await tx.findBy(TicketUnitEntity, { ticketId: t.id });
    return {
      visible: parts.some((u) => mine.has(u.unitId)),
      handling: parts.some((u) => u.part !== 'cooperating' && mine.has(u.unitId)),
    };
  }

  /** A ticket the caller may not see answers exactly like one that does not exist. */
  async requireVisible(p: Principal, id: string, tx: EntityManager = this.db.manager): Promise<{ ticket: TicketEntity; scope: TicketScope }> {
    const ticket = ULID.test(id) ? await tx.findOneBy(TicketEntity, { id }) : null;
    if (!ticket) throw new AppError(ErrorCode.TICKET_NOT_FOUND);
    const scope = await this.scope(p, ticket, tx);
    if (!scope.visible) throw new AppError(ErrorCode.TICKET_NOT_FOUND);
    return { ticket, scope };
  }
}
