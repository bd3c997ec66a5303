import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type BBox, bboxContains, bboxOf, type CoordSystem, geometryContains, type PolygonalGeometry, type Position, type ResolvedLocationView } from '@jyg12345/shared';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { BoundaryEntity, UnitEntity } from '../database/entities.js';
import { convert } from './coords.js';

interface Area {
  unitId: string | null;
  geometry: PolygonalGeometry;
  bbox: BBox;
  approximate: boolean;
  name: string;
}

interface Snapshot {
  stamp: string;
  checkedAt: number;
  serviceAreas: Area[];
  streets: Area[];
  communities: Area[];
  /** community unit → its parent unit (the street), for communities drawn without their street. */
  parentOf: Map<string, string | null>;
}

export type ResolvedLocation = ResolvedLocationView;

/**
 * Where a point falls. Boundaries are cached per process; a change made through this process invalidates at
 * once, and a change made by another process is noticed within BOUNDARY_REFRESH_MS (a cheap count/max-id
 * query: every replacement writes a row with a new, larger ULID).
 */
@Injectable()
export class LocationService {
  private snapshot: Snapshot | null = null;
  private loading: Promise<Snapshot> | null = null;
  private generation = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /**
   * Both coordinate systems of the point, whether it lies outside the service area (false when no service
   * area is defined), and the street and community whose boundaries contain it (exact boundaries win over
   * approximate ones, then smaller areas; a community without a street boundary gives its parent street).
   */
  async resolve(lat: number, lng: number, coordSystem: CoordSystem): Promise<ResolvedLocation> {
    const gcj02 = convert({ lat, lng }, coordSystem, 'gcj02');
    const wgs84 = convert({ lat, lng }, coordSystem, 'wgs84');
    const s = await this.current();
    const p: Position = [gcj02.lng, gcj02.lat];
    const inside = (a: Area) => bboxContains(a.bbox, p) && geometryContains(a.geometry, p);
    const outsideArea = s.serviceAreas.length > 0 && !s.serviceAreas.some(inside);
    if (outsideArea) return { wgs84, gcj02, outsideArea, streetId: null, communityId: null };
    const communityId = s.communities.find(inside)?.unitId ?? null;
    const streetId = s.streets.find(inside)?.unitId ?? (communityId ? (s.parentOf.get(communityId) ?? null) : null);
    return { wgs84, gcj02, outsideArea, streetId, communityId };
  }

  /** Drops the cache (called after this process changed a boundary). */
  invalidate(): void {
    this.generation++;
    this.snapshot = null;
    this.loading = null;
  }

  private async current(): Promise<Snapshot> {
    const s = this.snapshot;
    if (s && Date.now() - s.checkedAt < this.config.boundaryRefreshMs) return s;
    if (s) {
      const stamp = await this.stamp();
      if (stamp === s.stamp && this.snapshot === s) {
        s.checkedAt = Date.now();
        return s;
      }
    }
    if (!this.loading) {
      const loading = this.load().finally(() => {
        if (this.loading === loading) this.loading = null;
      });
      this.loading = loading;
    }
    return this.loading;
  }

  private async stamp(): Promise<string> {
    const row = await this.db
      .getRepository(BoundaryEntity)
      .createQueryBuilder('b')
      .select('COUNT(*)', 'n')
      .addSelect('MAX(b.id)', 'last')
      .getRawOne<{ n: number | string; last: string | null }>();
    return `${String(row?.n ?? 0)}:${row?.last ?? ''}`;
  }

  private async load(): Promise<Snapshot> {
    const generation = this.generation;
    const stamp = await this.stamp();
    const rows = await this.db.getRepository(BoundaryEntity).find({ order: { id: 'ASC' } });
    const communityIds = rows.filter((r) => r.kind === 'community' && r.unitId).map((r) => r.unitId as string);
    const units = communityIds.length
      ? await this.db.getRepository(UnitEntity).find({ select: { id: true, parentId: true }, where: communityIds.map((id) => ({ id })) })
      : [];
    const area = (r: BoundaryEntity): Area => {
      const geometry = r.geojson as PolygonalGeometry;
      return { unitId: r.unitId, geometry, bbox: bboxOf(geometry), approximate: r.approximate, name: r.name };
    };
    // Where areas overlap, exact boundaries win over approximate ones, then the smaller (more specific) area.
    const size = (a: Area) => (a.bbox.maxLng - a.bbox.minLng) * (a.bbox.maxLat - a.bbox.minLat);
    const ofKind = (kind: BoundaryEntity['kind']) =>
      rows
        .filter((r) => r.kind === kind)
        .map(area)
        .sort((a, b) => Number(a.approximate) - Number(b.approximate) || size(a) - size(b));
    const snapshot: Snapshot = {
      stamp,
      checkedAt: Date.now(),
      serviceAreas: ofKind('service_area'),
      streets: ofKind('street'),
      communities: ofKind('community'),
      parentOf: new Map(units.map((u) => [u.id, u.parentId])),
    };
    if (generation === this.generation) this.snapshot = snapshot;
    return snapshot;
  }
}
