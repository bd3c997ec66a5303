import type { CoordSystem } from './enums.js';
import type { LocationInput } from './requests.js';

/**
 * Plane geometry on GeoJSON coordinates ([lng, lat]) for the small areas a city deals with: point in
 * polygon by ray casting (holes and MultiPolygons included; a point on an edge counts as inside), bounding
 * boxes and clipping a polygon to a box. Pure code, no projection: at city scale the error is negligible.
 */
export type Position = [number, number];
export type Ring = Position[];
export type PolygonCoords = Ring[];
export type MultiPolygonCoords = PolygonCoords[];
export type PolygonalGeometry = { type: 'Polygon'; coordinates: PolygonCoords } | { type: 'MultiPolygon'; coordinates: MultiPolygonCoords };
export interface BBox {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

const EPS = 1e-12;

function onSegment(x: number, y: number, a: Position, b: Position): boolean {
  const [x1, y1] = a;
  const [x2, y2] = b;
  // The segment's box first: it excludes almost every edge of a long ring with four comparisons.
  if (x < Math.min(x1, x2) - EPS || x > Math.max(x1, x2) + EPS || y < Math.min(y1, y2) - EPS || y > Math.max(y1, y2) + EPS) return false;
  const cross = (x - x1) * (y2 - y1) - (y - y1) * (x2 - x1);
  const scale = Math.max(Math.abs(x2 - x1), Math.abs(y2 - y1), 1e-9);
  return Math.abs(cross) <= EPS * scale * 1e3;
}

/** 1 inside, 0 on the boundary, -1 outside. The ring may or may not repeat its first position at the end. */
export function ringContains(ring: Ring, point: Position): 1 | 0 | -1 {
  const [x, y] = point;
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = ring[i] as Position;
    const b = ring[j] as Position;
    if (onSegment(x, y, a, b)) return 0;
    // Half-open rule on y, so a ray through a vertex is counted once.
    if (a[1] > y !== b[1] > y) {
      const xCross = ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]) + a[0];
      if (x < xCross) inside = !inside;
    }
  }
  return inside ? 1 : -1;
}

/** Inside the outer ring and not strictly inside a hole; edges (of the outer ring and of holes) count as inside. */
export function polygonContains(polygon: PolygonCoords, point: Position): boolean {
  const [outer, ...holes] = polygon;
  if (!outer || ringContains(outer, point) < 0) return false;
  return holes.every((hole) => ringContains(hole, point) < 1);
}

export function geometryContains(geometry: PolygonalGeometry, point: Position): boolean {
  if (geometry.type === 'Polygon') return polygonContains(geometry.coordinates, point);
  return geometry.coordinates.some((polygon) => polygonContains(polygon, point));
}

export function bboxOf(geometry: PolygonalGeometry): BBox {
  const box: BBox = { minLng: Infinity, minLat: Infinity, maxLng: -Infinity, maxLat: -Infinity };
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons) {
    for (const [lng, lat] of polygon[0] ?? []) {
      box.minLng = Math.min(box.minLng, lng);
      box.maxLng = Math.max(box.maxLng, lng);
      box.minLat = Math.min(box.minLat, lat);
      box.maxLat = Math.max(box.maxLat, lat);
    }
  }
  return box;
}

export function bboxContains(box: BBox, [lng, lat]: Position): boolean {
  return lng >= box.minLng && lng <= box.maxLng && lat >= box.minLat && lat <= box.maxLat;
}

/**
 * Clips a ring to an axis-aligned box (Sutherland–Hodgman; exact for convex clip windows, which a box is).
 * A concave ring cut into several pieces comes back as one ring joined by zero-width edges along the box,
 * which point-in-polygon treats as boundary. Returns null when nothing is left.
 */
export function clipRingToBox(ring: Ring, box: BBox): Ring | null {
  type Edge = { inside: (p: Position) => boolean; cut: (a: Position, b: Position) => Position };
  const atLng = (a: Position, b: Position, lng: number): Position => [lng, a[1] + ((b[1] - a[1]) * (lng - a[0])) / (b[0] - a[0])];
  const atLat = (a: Position, b: Position, lat: number): Position => [a[0] + ((b[0] - a[0]) * (lat - a[1])) / (b[1] - a[1]), lat];
  const edges: Edge[] = [
    { inside: (p) => p[0] >= box.minLng, cut: (a, b) => atLng(a, b, box.minLng) },
    { inside: (p) => p[0] <= box.maxLng, cut: (a, b) => atLng(a, b, box.maxLng) },
    { inside: (p) => p[1] >= box.minLat, cut: (a, b) => atLat(a, b, box.minLat) },
    { inside: (p) => p[1] <= box.maxLat, cut: (a, b) => atLat(a, b, box.maxLat) },
  ];
  let points = openRing(ring);
  for (const edge of edges) {
    if (points.length === 0) break;
    const input = points;
    points = [];
    for (let i = 0; i < input.length; i++) {
      const current = input[i] as Position;
      const previous = input[(i + input.length - 1) % input.length] as Position;
      if (edge.inside(current)) {
        if (!edge.inside(previous)) points.push(edge.cut(previous, current));
        points.push(current);
      } else if (edge.inside(previous)) {
        points.push(edge.cut(previous, current));
      }
    }
  }
  if (points.length < 3) return null;
  const round = (p: Position): Position => [Math.round(p[0] * 1e6) / 1e6, Math.round(p[1] * 1e6) / 1e6];
  const out = points.map(round);
  out.push(out[0] as Position);
  return out;
}

/** Clips every outer ring of a geometry to a box (holes are dropped: the city outline has none). */
export function clipGeometryToBox(geometry: PolygonalGeometry, box: BBox): MultiPolygonCoords {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const out: MultiPolygonCoords = [];
  for (const polygon of polygons) {
    const clipped = polygon[0] ? clipRingToBox(polygon[0], box) : null;
    if (clipped) out.push([clipped]);
  }
  return out;
}

function openRing(ring: Ring): Position[] {
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first && last && ring.length > 1 && first[0] === last[0] && first[1] === last[1]) return ring.slice(0, -1);
  return ring.slice();
}

export const BOUNDARY_KINDS = ['service_area', 'street', 'community'] as const;
export type BoundaryKind = (typeof BOUNDARY_KINDS)[number];

/** PUT /boundaries/:kind/:unitId? — the body. Coordinates in `coordSystem` (default GCJ-02, how they are stored). */
export interface PutBoundaryInput {
  name: string;
  /** Sent as a Polygon/MultiPolygon geometry or a Feature carrying one; read as the bare geometry (2D positions). */
  geojson: PolygonalGeometry;
  approximate: boolean;
  coordSystem: CoordSystem;
}

/** POST /boundaries — the same with the scope in the body. */
export interface CreateBoundaryInput extends PutBoundaryInput {
  kind: BoundaryKind;
  unitId?: string | null;
}

/** POST /routing/suggest */
export interface RoutingSuggestInput {
  title?: string;
  description: string;
  location?: LocationInput;
}
