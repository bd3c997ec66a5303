import type { MultiPolygonCoords, PolygonalGeometry, PolygonCoords, Position } from '@jyg12345/shared';

/**
 * GeoJSON an admin uploads: a Polygon or MultiPolygon geometry, or a Feature carrying one. Read into the bare
 * geometry with 2D positions, or the first thing wrong with it (in Chinese, with where it is).
 */
export type GeoJsonRead = { geometry: PolygonalGeometry } | { problem: string };

const MAX_POSITIONS_PER_RING = 100_000;
const MAX_RINGS = 1000;
const MAX_POLYGONS = 1000;

class Problem extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function position(v: unknown, where: string): Position {
  if (!Array.isArray(v) || v.length < 2 || !v.every(finite)) throw new Problem(`${where}：坐标必须是 [经度, 纬度] 数字数组`);
  const [lng, lat] = v as number[] as [number, number];
  if (lng < -180 || lng > 180 || lat < -90 || lat > 90) throw new Problem(`${where}：经度应在 -180 到 180、纬度应在 -90 到 90 之间`);
  return [lng, lat];
}

function polygon(v: unknown, where: string): PolygonCoords {
  if (!Array.isArray(v) || v.length === 0) throw new Problem(`${where}：多边形至少需要一个外环`);
  if (v.length > MAX_RINGS) throw new Problem(`${where}：最多 ${MAX_RINGS} 个环`);
  return v.map((ring: unknown, r) => {
    const at = `${where}[${r}]`;
    if (!Array.isArray(ring) || ring.length < 4) throw new Problem(`${at}：线性环至少需要 4 个坐标`);
    if (ring.length > MAX_POSITIONS_PER_RING) throw new Problem(`${at}：一个环最多 ${MAX_POSITIONS_PER_RING} 个坐标`);
    const positions = ring.map((p: unknown, i) => position(p, `${at}[${i}]`));
    const first = positions[0] as Position;
    const last = positions[positions.length - 1] as Position;
    if (first[0] !== last[0] || first[1] !== last[1]) throw new Problem(`${at}：线性环必须首尾相同`);
    return positions;
  });
}

function geometry(v: unknown, where: string): PolygonalGeometry {
  if (!isObject(v)) throw new Problem(`${where}必须是 Polygon、MultiPolygon 或包含它们的 Feature`);
  if (v.type === 'Polygon') return { type: 'Polygon', coordinates: polygon(v.coordinates, `${where}coordinates`) };
  if (v.type === 'MultiPolygon') {
    const c = v.coordinates;
    if (!Array.isArray(c) || c.length === 0) throw new Problem(`${where}coordinates：至少需要一个多边形`);
    if (c.length > MAX_POLYGONS) throw new Problem(`${where}coordinates：最多 ${MAX_POLYGONS} 个多边形`);
    const coordinates: MultiPolygonCoords = c.map((p: unknown, i) => polygon(p, `${where}coordinates[${i}]`));
    return { type: 'MultiPolygon', coordinates };
  }
  throw new Problem(`${where}type 必须是 Polygon 或 MultiPolygon`);
}

export function readGeoJsonArea(value: unknown): GeoJsonRead {
  try {
    if (isObject(value) && value.type === 'Feature') return { geometry: geometry(value.geometry, 'geometry.') };
    return { geometry: geometry(value, '') };
  } catch (err) {
    if (err instanceof Problem) return { problem: err.message };
    throw err;
  }
}
