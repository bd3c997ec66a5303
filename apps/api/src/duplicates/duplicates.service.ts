import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DuplicateCandidateView, ErrorCode, type TicketStatus } from '@jyg12345/shared';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { AppError } from '../common/app-error.js';
import { TicketEntity } from '../database/entities.js';
import { TicketAccessService } from '../tickets/ticket-access.service.js';
import { toTicketView } from '../tickets/ticket.view.js';

/** Tickets still being worked on: a new appeal about the same problem may be merged into one of them. */
export const OPEN_STATUSES: readonly TicketStatus[] = ['submitted', 'accepted', 'dispatched', 'in_progress', 'return_requested'];
export const DUPLICATE_RADIUS_M = 200;
export const DUPLICATE_WINDOW_MS = 7 * 24 * 3600 * 1000;
export const DUPLICATE_MAX = 10;

const EARTH_RADIUS_M = 6_371_008.8;
const M_PER_DEG_LAT = 111_320;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine). */
export function haversineMeters(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const dLat = rad(lat2 - lat1);
  const dLng = rad(lng2 - lng1);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** A lat/lng box that holds every point within `meters` of the centre (a little wider, never narrower). */
export function boundingBox(lat: number, lng: number, meters: number) {
  const dLat = (meters / M_PER_DEG_LAT) * 1.01;
  const cos = Math.max(Math.cos(rad(Math.min(Math.abs(lat) + dLat, 89.9))), 0.001);
  const dLng = (meters / (M_PER_DEG_LAT * cos)) * 1.01;
  return { minLat: lat - dLat, maxLat: lat + dLat, minLng: lng - dLng, maxLng: lng + dLng };
}

@Injectable()
export class DuplicatesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: TicketAccessService,
  ) {}

  /**
   * Open tickets of the same category within 200 m, created within 7 days either side, nearest first.
   * The database narrows by category, status, time and a lat/lng box (ix_tickets_category leads); the exact
   * distance is computed here, since SQLite has no trigonometry. Distances use the WGS-84 coordinates derived
   * at filing, so appeals filed in GCJ-02 (WeChat) and WGS-84 (a browser's position) compare correctly.
   */
  async find(p: Principal, id: string): Promise<DuplicateCandidateView[]> {
    // Who may not see the ticket gets 404 like everywhere else; who sees it but is not intake staff gets 403.
    const { ticket } = await this.access.requireVisible(p, id);
    if (p.role !== 'operator' && p.role !== 'supervisor') throw new AppError(ErrorCode.FORBIDDEN);
    if (ticket.categoryId === null || ticket.wgs84Lat === null || ticket.wgs84Lng === null) return [];

    const created = new Date(ticket.createdAt).getTime();
    const box = boundingBox(ticket.wgs84Lat, ticket.wgs84Lng, DUPLICATE_RADIUS_M);
    const rows = await this.db
      .getRepository(TicketEntity)
      .createQueryBuilder('t')
      .where('t.categoryId = :categoryId', { categoryId: ticket.categoryId })
      .andWhere('t.id <> :id', { id: ticket.id })
      .andWhere('t.status IN (:...open)', { open: OPEN_STATUSES })
      .andWhere('t.createdAt BETWEEN :from AND :to', { from: new Date(created - DUPLICATE_WINDOW_MS), to: new Date(created + DUPLICATE_WINDOW_MS) })
      .andWhere('t.wgs84Lat BETWEEN :minLat AND :maxLat', { minLat: box.minLat, maxLat: box.maxLat })
      .andWhere('t.wgs84Lng BETWEEN :minLng AND :maxLng', { minLng: box.minLng, maxLng: box.maxLng })
      .getMany();

    const { wgs84Lat: lat, wgs84Lng: lng } = ticket;
    return rows
      .map((t) => ({ t, d: haversineMeters(lat, lng, t.wgs84Lat as number, t.wgs84Lng as number) }))
      .filter(({ d }) => d <= DUPLICATE_RADIUS_M)
      .sort((a, b) => a.d - b.d || (a.t.id < b.t.id ? -1 : 1))
      .slice(0, DUPLICATE_MAX)
      .map(({ t, d }) => ({ ticket: toTicketView(t, p, { visible: true, handling: false }), distanceMeters: Math.round(d) }));
  }
}
