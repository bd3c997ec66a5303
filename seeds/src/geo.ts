import { type BBox, type BoundaryKind, clipGeometryToBox, type MultiPolygonCoords, type PolygonalGeometry } from '@jyg12345/shared';
import fs from 'node:fs';

export interface SeedBoundary {
  kind: BoundaryKind;
  /** Unit code of the street/community (null for the service area). */
  unitCode: string | null;
  name: string;
  /** GCJ-02 coordinates, as every stored boundary. */
  geometry: PolygonalGeometry;
  /** Drawn by hand rather than an official boundary. */
  approximate: boolean;
}

/** The city outline (DataV GeoAtlas, adcode 620200, GCJ-02): the 12345 service area. */
export const CITY_OUTLINE: PolygonalGeometry = (
  JSON.parse(fs.readFileSync(new URL('../src/datasets/jiayuguan-620200.gcj02.geojson', import.meta.url), 'utf8')) as {
    features: { geometry: PolygonalGeometry }[];
  }
).features[0]?.geometry as PolygonalGeometry;

/**
 * APPROXIMATE street/town areas. Jiayuguan's official street and town boundaries are not public, so the
 * city outline is cut into boxes (GCJ-02), each clipped to the outline:
 * - downtown (≈39.76–39.84 N, 98.23–98.33 E): 雄关街道 in its southern part (the old centre around
 *   新华路), 钢城街道 in its northern part (towards the steelworks);
 * - 峪泉镇 everything west of downtown (the Jiayuguan Pass side);
 * - 新城镇 north and north-east of downtown;
 * - 文殊镇 south and south-east of downtown.
 * They are stored with `approximate: true` and an admin replaces them with real ones
 * (PUT /api/v1/boundaries/street/:unitId); seeding never overwrites a stored boundary.
 */
const WEST = 97.7;
const EAST = 98.7;
const SOUTH = 39.5;
const NORTH = 40.1;
const box = (minLng: number, maxLng: number, minLat: number, maxLat: number): BBox => ({ minLng, maxLng, minLat, maxLat });
const STREET_BOXES: { code: string; name: string; boxes: BBox[] }[] = [
  { code: '620201001', name: '雄关街道', boxes: [box(98.23, 98.33, 39.76, 39.81)] },
  { code: '620201002', name: '钢城街道', boxes: [box(98.23, 98.33, 39.81, 39.84)] },
  { code: '620201101', name: '峪泉镇', boxes: [box(WEST, 98.23, SOUTH, NORTH)] },
  { code: '620201100', name: '新城镇', boxes: [box(98.23, 98.33, 39.84, NORTH), box(98.33, EAST, 39.8, NORTH)] },
  { code: '620201102', name: '文殊镇', boxes: [box(98.23, EAST, SOUTH, 39.76), box(98.33, EAST, 39.76, 39.8)] },
];

function clipped(boxes: BBox[]): PolygonalGeometry {
  const coordinates: MultiPolygonCoords = boxes.flatMap((b) => clipGeometryToBox(CITY_OUTLINE, b));
  return { type: 'MultiPolygon', coordinates };
}

export const SEED_BOUNDARIES: SeedBoundary[] = [
  { kind: 'service_area', unitCode: null, name: '嘉峪关市', geometry: CITY_OUTLINE, approximate: false },
  ...STREET_BOXES.map((s) => ({ kind: 'street' as const, unitCode: s.code, name: `${s.name}（示意范围）`, geometry: clipped(s.boxes), approximate: true })),
];
