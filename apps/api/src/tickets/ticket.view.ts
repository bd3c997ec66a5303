import type { TicketEventView, TicketView } from '@jyg12345/shared';
import type { Principal } from '../auth/principal.js';
import type { TicketEntity, TicketEventEntity } from '../database/entities.js';

export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

export function maskName(name: string): string {
  return name.length <= 1 ? '*' : `${name.slice(0, 1)}${'*'.repeat(Math.min(name.length - 1, 3))}`;
}

/** A confidential appeal shows the resident's contact masked to units; centre staff and the resident see it whole. */
export function toTicketView(t: TicketEntity, viewer: Principal): TicketView {
  const masked = t.confidential && viewer.role === 'handler';
  return {
    id: t.id,
    number: t.number,
    status: t.status,
    version: t.version,
    channel: t.channel,
    type: t.type,
    categoryId: t.categoryId,
    title: t.title,
    description: t.description,
    location:
      t.lat !== null && t.lng !== null && t.coordSystem !== null
        ? { lat: t.lat, lng: t.lng, coordSystem: t.coordSystem, address: t.address }
        : null,
    contact: {
      name: t.contactName === null ? null : masked ? maskName(t.contactName) : t.contactName,
      phone: t.contactPhone === null ? null : masked ? maskPhone(t.contactPhone) : t.contactPhone,
    },
    confidential: t.confidential,
    leadUnitId: t.leadUnitId,
    createdAt: new Date(t.createdAt).toISOString(),
    updatedAt: new Date(t.updatedAt).toISOString(),
  };
}

export function toEventView(e: TicketEventEntity): TicketEventView {
  return {
    id: e.id,
    ticketId: e.ticketId,
    action: e.action,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    actorRole: e.actorRole,
    unitId: e.unitId,
    note: e.note,
    createdAt: new Date(e.createdAt).toISOString(),
  };
}
