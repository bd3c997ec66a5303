import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type AttachmentUsage, CENTRE_ROLES, ErrorCode, ULID_PATTERN } from '@jyg12345/shared';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { AppError } from '../common/app-error.js';
import { findRow } from '../common/sql-rows.js';
import { TicketEntity, TicketUnitEntity } from '../database/entities.js';
import { partsOf } from './ticket-parts.js';
import { UnitTreeService } from '../units/unit-tree.service.js';

export interface TicketScope {
  /** The caller may see the ticket at all. */
  visible: boolean;
  /** A handler whose unit tree holds the lead unit or the unit the ticket was passed down to: may handle it. */
  handling: boolean;
  /**
   * A resident whose own appeal was merged into this ticket, reading it: they follow its progress and the reply,
   * and see none of its owner's personal data (words, contact, place, photos, rating). Absent: false.
   */
  following?: boolean;
}

/** The units taking part in a ticket: the lead and the sub-unit it was passed down to, and the cooperating ones. */
export interface TicketUnits {
  handling: string[];
  cooperating: string[];
}

export const isCentre = (p: Principal) => (CENTRE_ROLES as readonly string[]).includes(p.role);

/**
 * Which of a visible ticket's photos the caller may see: all of them, except for a resident following the ticket
 * after a merge, who sees only the photos the unit replied with (the reply is what they follow).
 */
export function photoVisible(scope: TicketScope, usage: AttachmentUsage | null): boolean {
  return scope.visible && (!scope.following || usage === 'reply');
}

/** Who sees and who handles a ticket: the one place these rules live. */
@Injectable()
export class TicketAccessService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly units: UnitTreeService,
  ) {}

  async scope(p: Principal, t: TicketEntity, tx: EntityManager = this.db.manager): Promise<TicketScope> {
    if (p.kind === 'resident' || isCentre(p)) return this.scopeWithUnits(p, t, { handling: [], cooperating: [] }, tx);
    const parts = partsOf(t)?.units ?? (await tx.findBy(TicketUnitEntity, { ticketId: t.id }));
    return this.scopeWithUnits(p, t, {
      handling: parts.filter((u) => u.part !== 'cooperating').map((u) => u.unitId),
      cooperating: parts.filter((u) => u.part === 'cooperating').map((u) => u.unitId),
    }, tx);
  }

  /** The same rules, for a caller that already read the ticket's units (residents and the centre ignore them). */
  async scopeWithUnits(p: Principal, t: TicketEntity, units: TicketUnits, tx: EntityManager = this.db.manager): Promise<TicketScope> {
    if (p.kind === 'resident') {
      if (t.residentId === p.id) return { visible: true, handling: false };
      // The resident of a merged appeal follows the surviving ticket.
      const follows = await tx.existsBy(TicketEntity, { residentId: p.id, mergedIntoId: t.id });
      return { visible: follows, handling: false, following: follows };
    }
    if (isCentre(p)) return { visible: true, handling: false };
    const mine = new Set(await this.units.subtree(p.unitId, tx));
    const handling = units.handling.some((u) => mine.has(u));
    return { visible: handling || units.cooperating.some((u) => mine.has(u)), handling };
  }

  /** A ticket the caller may not see answers exactly like one that does not exist. */
  async requireVisible(p: Principal, id: string, tx: EntityManager = this.db.manager): Promise<{ ticket: TicketEntity; scope: TicketScope }> {
    const ticket = ULID_PATTERN.test(id) ? await findRow(tx, TicketEntity, id) : null;
    if (!ticket) throw new AppError(ErrorCode.TICKET_NOT_FOUND);
    const scope = await this.scope(p, ticket, tx);
    if (!scope.visible) throw new AppError(ErrorCode.TICKET_NOT_FOUND);
    return { ticket, scope };
  }
}
