import type { AttachmentUsage, CalendarDayKind, Channel, CoordSystem, Role, Satisfaction, StaffRole, TicketStatus, TicketType, UnitKind } from '@jyg12345/shared';
import {
  ATTACHMENT_USAGES,
  CALENDAR_DAY_KINDS,
  CHANNELS,
  COORD_SYSTEMS,
  ROLES,
  SATISFACTIONS,
  STAFF_ROLES,
  TICKET_STATUSES,
  TICKET_TYPES,
  UNIT_KINDS,
} from '@jyg12345/shared';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One entity definition for MySQL/MariaDB/TiDB and SQLite: ids are ULIDs made by the application,
 * enums are `simple-enum`, times are `datetime(3)` written by the application in UTC.
 */
const id = () => PrimaryColumn({ type: 'varchar', length: 26 });
const ref = (nullable = false) => Column({ type: 'varchar', length: 26, nullable });
const time = (nullable = false) => Column({ type: 'datetime', precision: 3, nullable });

@Entity('units')
@Index('ix_units_parent', ['parentId'])
export class UnitEntity {
  @id() id!: string;
  @Index('uq_units_code', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  code!: string;
  @Column({ type: 'varchar', length: 100 }) name!: string;
  @Column({ type: 'simple-enum', enum: UNIT_KINDS }) kind!: UnitKind;
  @ref(true) parentId!: string | null;
  @Column({ type: 'boolean', default: true }) active!: boolean;
  @time() createdAt!: Date;
}

@Entity('staff')
@Index('ix_staff_unit', ['unitId'])
export class StaffEntity {
  @id() id!: string;
  @Index('uq_staff_username', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username!: string;
  @Column({ type: 'varchar', length: 255 }) passwordHash!: string;
  @Column({ type: 'varchar', length: 50 }) displayName!: string;
  @Column({ type: 'simple-enum', enum: STAFF_ROLES }) role!: StaffRole;
  @ref() unitId!: string;
  @Column({ type: 'varchar', length: 20, nullable: true }) phone!: string | null;
  @Column({ type: 'boolean', default: true }) active!: boolean;
  @time() createdAt!: Date;
  @time() updatedAt!: Date;
  /** The WeChat openid a staff member bound in the mini-program, for dispatch and urge notifications. */
  @Column({ type: 'varchar', length: 64, nullable: true }) wechatOpenid!: string | null;
  /** Tokens carry the version they were issued under; logout, password reset and disabling bump it (docs/security.md). */
  @Column({ type: 'int', default: 0 }) tokenVersion!: number;
}

@Entity('residents')
export class ResidentEntity {
  @id() id!: string;
  @Index('uq_residents_openid', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  openid!: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) unionid!: string | null;
  @time() createdAt!: Date;
  @time() lastLoginAt!: Date;
  @Column({ type: 'int', default: 0 }) tokenVersion!: number;
  /** Set by an admin: the resident can neither log in nor use an old token. */
  @Column({ type: 'boolean', default: false }) blocked!: boolean;
}

@Entity('categories')
export class CategoryEntity {
  @id() id!: string;
  @Index('uq_categories_code', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  code!: string;
  @Column({ type: 'varchar', length: 50 }) level1!: string;
  @Column({ type: 'varchar', length: 50 }) level2!: string;
  @Column({ type: 'varchar', length: 50 }) level3!: string;
  @ref(true) defaultUnitId!: string | null;
  @Column({ type: 'int', nullable: true }) replyDays!: number | null;
  @Column({ type: 'boolean', default: true }) active!: boolean;
}

@Entity('calendar_days')
export class CalendarDayEntity {
  @PrimaryColumn({ type: 'varchar', length: 10 }) date!: string;
  @Column({ type: 'simple-enum', enum: CALENDAR_DAY_KINDS }) kind!: CalendarDayKind;
  @Column({ type: 'varchar', length: 50 }) name!: string;
}

@Entity('tickets')
@Index('ix_tickets_resident', ['residentId', 'id'])
@Index('ix_tickets_status', ['status', 'id'])
@Index('ix_tickets_lead_unit', ['leadUnitId', 'status', 'id'])
@Index('ix_tickets_status_reply_due', ['status', 'replyDueAt', 'id'])
@Index('ix_tickets_overdue', ['overdueAt', 'id'])
@Index('ix_tickets_status_due_soon', ['status', 'dueSoonFrom'])
@Index('ix_tickets_category', ['categoryId', 'id'])
@Index('ix_tickets_community', ['communityId', 'id'])
@Index('ix_tickets_type', ['type', 'id'])
@Index('ix_tickets_channel', ['channel', 'id'])
@Index('ix_tickets_contact_phone', ['contactPhone', 'id'])
@Index('ix_tickets_merged_into', ['mergedIntoId'])
export class TicketEntity {
  @id() id!: string;
  @Index('uq_tickets_number', { unique: true })
  @Column({ type: 'varchar', length: 20 })
  number!: string;
  @Column({ type: 'simple-enum', enum: TICKET_STATUSES }) status!: TicketStatus;
  @Column({ type: 'int' }) version!: number;
  @Column({ type: 'simple-enum', enum: CHANNELS }) channel!: Channel;
  @Column({ type: 'simple-enum', enum: TICKET_TYPES }) type!: TicketType;
  @ref(true) categoryId!: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) title!: string | null;
  @Column({ type: 'text' }) description!: string;
  @Column({ type: 'double', nullable: true }) lat!: number | null;
  @Column({ type: 'double', nullable: true }) lng!: number | null;
  @Column({ type: 'simple-enum', enum: COORD_SYSTEMS, nullable: true }) coordSystem!: CoordSystem | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) address!: string | null;
  @Column({ type: 'varchar', length: 50, nullable: true }) contactName!: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) contactPhone!: string | null;
  @Column({ type: 'boolean', default: false }) confidential!: boolean;
  @ref(true) residentId!: string | null;
  @ref(true) leadUnitId!: string | null;
  @time() createdAt!: Date;
  @time() updatedAt!: Date;

  // Workflow state (2nd migration). Deadlines and measured working minutes live on the ticket so the
  // assessment rates can be computed without replaying events.
  @Column({ type: 'boolean', default: false }) urgent!: boolean;
  /** The sub-unit the lead unit passed the ticket down to (the lead unit stays responsible). */
  @ref(true) assignedUnitId!: string | null;
  @Column({ type: 'simple-enum', enum: TICKET_STATUSES, nullable: true }) statusBeforeReturn!: TicketStatus | null;
  @time(true) dispatchedAt!: Date | null;
  @time(true) signDueAt!: Date | null;
  @time(true) signedAt!: Date | null;
  @Column({ type: 'int', nullable: true }) signMinutes!: number | null;
  @Column({ type: 'boolean', nullable: true }) signOnTime!: boolean | null;
  @time(true) replyDueAt!: Date | null;
  @time(true) repliedAt!: Date | null;
  @Column({ type: 'int', nullable: true }) replyMinutes!: number | null;
  @Column({ type: 'boolean', nullable: true }) replyOnTime!: boolean | null;
  /** When the last 20% of the reply time begins (working time). */
  @time(true) dueSoonFrom!: Date | null;
  @time(true) dueSoonAt!: Date | null;
  @time(true) overdueAt!: Date | null;
  /** China date of the last automatic urge: at most one per working day. */
  @Column({ type: 'varchar', length: 10, nullable: true }) lastAutoUrgeDay!: string | null;
  @Column({ type: 'int', default: 0 }) urgeCount!: number;
  @Column({ type: 'int', nullable: true }) pendingExtensionDays!: number | null;
  @Column({ type: 'int', default: 0 }) extensionDays!: number;
  @Column({ type: 'text', nullable: true }) replyContent!: string | null;
  @Column({ type: 'varchar', length: 50, nullable: true }) handlerName!: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) handlerPhone!: string | null;
  @ref(true) replyUnitId!: string | null;
  @Column({ type: 'simple-enum', enum: SATISFACTIONS, nullable: true }) satisfaction!: Satisfaction | null;
  @Column({ type: 'boolean', nullable: true }) resolved!: boolean | null;
  @Column({ type: 'text', nullable: true }) ratingComment!: string | null;
  @time(true) ratedAt!: Date | null;
  @Column({ type: 'text', nullable: true }) rejectReason!: string | null;
  @ref(true) mergedIntoId!: string | null;
  @time(true) closedAt!: Date | null;
  @ref(true) streetId!: string | null;
  @ref(true) communityId!: string | null;
  @Column({ type: 'double', nullable: true }) wgs84Lat!: number | null;
  @Column({ type: 'double', nullable: true }) wgs84Lng!: number | null;
  /** Filed from outside the service area: accepted, and flagged for the operator. */
  @Column({ type: 'boolean', default: false }) outsideArea!: boolean;
  /** A copy of the ticket's units and photos as JSON, or NULL when not copied (tickets/ticket-parts.ts). */
  @Column({ type: 'text', nullable: true }) parts!: string | null;
}

/**
 * Units that take part in a ticket: the lead, cooperating units and the sub-unit it was passed down to.
 * `status` and `replyDueAt` mirror the ticket's, kept in the action's transaction, so that a unit's work queue
 * ("my dispatched tickets, soonest deadline first") is one ordered range of `ix_ticket_units_queue` instead of a
 * walk over every open ticket in the city.
 */
@Entity('ticket_units')
@Index('ix_ticket_units_unit', ['unitId', 'ticketId'])
@Index('ix_ticket_units_queue', ['unitId', 'status', 'replyDueAt', 'ticketId'])
export class TicketUnitEntity {
  @PrimaryColumn({ type: 'varchar', length: 26 }) ticketId!: string;
  @PrimaryColumn({ type: 'varchar', length: 26 }) unitId!: string;
  @Column({ type: 'simple-enum', enum: ['lead', 'cooperating', 'assigned'] }) part!: 'lead' | 'cooperating' | 'assigned';
  @Column({ type: 'simple-enum', enum: TICKET_STATUSES, nullable: true }) status!: TicketStatus | null;
  @time(true) replyDueAt!: Date | null;
}

/** Append-only: rows are inserted, never updated or deleted. */
@Entity('ticket_events')
@Index('ix_ticket_events_ticket', ['ticketId', 'id'])
@Index('ix_ticket_events_action_time', ['action', 'createdAt', 'ticketId'])
export class TicketEventEntity {
  @id() id!: string;
  @ref() ticketId!: string;
  @Column({ type: 'varchar', length: 32 }) action!: string;
  @Column({ type: 'simple-enum', enum: TICKET_STATUSES, nullable: true }) fromStatus!: TicketStatus | null;
  @Column({ type: 'simple-enum', enum: TICKET_STATUSES }) toStatus!: TicketStatus;
  @ref(true) actorId!: string | null;
  @Column({ type: 'simple-enum', enum: [...ROLES, 'system'] }) actorRole!: Role | 'system';
  @ref(true) unitId!: string | null;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ type: 'json', nullable: true }) payload!: Record<string, unknown> | null;
  @time() createdAt!: Date;
}

/** Replays of requests that carried an Idempotency-Key: one row per (actor, key). */
@Entity('idempotency_keys')
@Index('uq_idempotency_actor_key', ['actorId', 'key'], { unique: true })
export class IdempotencyKeyEntity {
  @id() id!: string;
  @Column({ type: 'varchar', length: 26 }) actorId!: string;
  @Column({ type: 'varchar', length: 128 }) key!: string;
  @Column({ type: 'varchar', length: 64 }) requestHash!: string;
  @Column({ type: 'varchar', length: 64 }) operation!: string;
  @Column({ type: 'int' }) responseStatus!: number;
  @Column({ type: 'json' }) responseBody!: unknown;
  @time() createdAt!: Date;
}

/**
 * Blocks of public ticket numbers handed to API processes (hi-lo), so no single row is locked per insert; one
 * counter per day and lane, each lane owning its own range of the day's numbers (ticket-number.allocator.ts).
 */
@Entity('ticket_number_blocks')
export class TicketNumberBlockEntity {
  @PrimaryColumn({ type: 'varchar', length: 8 }) day!: string;
  @PrimaryColumn({ type: 'tinyint', default: 0 }) lane!: number;
  @Column({ type: 'int' }) nextSeq!: number;
}

/** Knowledge base entries operators answer callers from (the `answer` action). Admin-managed. */
@Entity('knowledge_entries')
@Index('ix_knowledge_category', ['categoryId', 'id'])
@Index('ix_knowledge_active', ['active', 'id'])
export class KnowledgeEntryEntity {
  @id() id!: string;
  @Column({ type: 'varchar', length: 100 }) title!: string;
  @Column({ type: 'text' }) content!: string;
  @ref(true) categoryId!: string | null;
  @Column({ type: 'varchar', length: 200 }) keywords!: string;
  @Column({ type: 'boolean', default: true }) active!: boolean;
  @time() createdAt!: Date;
  @time() updatedAt!: Date;
}

/**
 * A photo a resident or staff member uploaded: only re-encoded copies without metadata are stored (storageKey, thumbKey).
 * It is attached to one ticket at most, once (ticketId/usage set by a guarded update in the ticket's transaction), or
 * to one monthly topic's progress report (topicReportId, the same way in the report's transaction).
 * The same bytes uploaded again by the same person after their first copy was attached make a new row sharing that
 * copy's files (AttachmentsService.upload), so (ownerId, sha256) is not unique.
 */
@Entity('attachments')
@Index('ix_attachments_owner_sha256', ['ownerId', 'sha256'])
@Index('ix_attachments_ticket', ['ticketId', 'id'])
@Index('ix_attachments_topic_report', ['topicReportId', 'id'])
export class AttachmentEntity {
  @id() id!: string;
  /** The uploader: a resident's or a staff member's id. */
  @ref() ownerId!: string;
  @ref(true) ticketId!: string | null;
  /** A 每月一题 progress report's photo (docs/hotspots.md); then ticketId and usage stay null. */
  @ref(true) topicReportId!: string | null;
  @Column({ type: 'simple-enum', enum: ATTACHMENT_USAGES, nullable: true }) usage!: AttachmentUsage | null;
  @Column({ type: 'varchar', length: 32 }) mime!: string;
  @Column({ type: 'int' }) size!: number;
  @Column({ type: 'int' }) width!: number;
  @Column({ type: 'int' }) height!: number;
  /** SHA-256 (hex) of the bytes as uploaded. */
  @Column({ type: 'varchar', length: 64 }) sha256!: string;
  @Column({ type: 'varchar', length: 200 }) storageKey!: string;
  @Column({ type: 'varchar', length: 200 }) thumbKey!: string;
  @time() createdAt!: Date;
}

/**
 * Areas locations resolve against (GeoJSON in GCJ-02): the service area and street/community boundaries.
 * `scope` ('service_area', 'street:<unitId>', 'community:<unitId>') is unique, so a re-seed or two admins
 * replacing the same boundary at once never leave two rows for one area.
 */
@Entity('boundaries')
@Index('ix_boundaries_kind', ['kind', 'unitId'])
export class BoundaryEntity {
  @id() id!: string;
  @Index('uq_boundaries_scope', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  scope!: string;
  @Column({ type: 'simple-enum', enum: ['service_area', 'street', 'community'] }) kind!: 'service_area' | 'street' | 'community';
  @ref(true) unitId!: string | null;
  @Column({ type: 'varchar', length: 100 }) name!: string;
  @Column({ type: 'json' }) geojson!: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
  @Column({ type: 'boolean', default: false }) approximate!: boolean;
  @time() updatedAt!: Date;
}

/** Trained dispatch-suggestion models, newest id (ULID) first; every API process loads the newest. */
@Entity('routing_models')
export class RoutingModelEntity {
  @id() id!: string;
  @time() trainedAt!: Date;
  @Column({ type: 'varchar', length: 200 }) note!: string;
  @Column({ type: 'json' }) json!: unknown;
}

/** The core tables; each feature folder keeps its own (the full list is `src/schema.ts`). */
export const CORE_ENTITIES = [
  UnitEntity,
  StaffEntity,
  ResidentEntity,
  CategoryEntity,
  CalendarDayEntity,
  TicketEntity,
  TicketEventEntity,
  TicketUnitEntity,
  IdempotencyKeyEntity,
  TicketNumberBlockEntity,
  KnowledgeEntryEntity,
  AttachmentEntity,
  BoundaryEntity,
  RoutingModelEntity,
];
