import type { CoordSystem, PolygonalGeometry } from '@jyg12345/shared';
import gcoordModule from 'gcoord';

// gcoord is CommonJS whose typings declare `export default`: at run time the default import is module.exports.
type Gcoord = typeof gcoordModule extends { default: infer D } ? D : typeof gcoordModule;
const gcoord = ((gcoordModule as unknown as { default?: Gcoord }).default ?? gcoordModule) as Gcoord;

export interface LatLng {
  lat: number;
  lng: number;
}

const round = (n: number) => Math.round(n * 1e7) / 1e7;

/**
 * GCJ-02 (China's official "Mars" coordinates, used by Tencent/AMap and WeChat's chooseLocation) ↔ WGS-84 (GPS).
 * Outside China gcoord leaves coordinates unchanged, as the GCJ-02 offset only applies inside.
 */
export function convert(point: LatLng, from: CoordSystem, to: CoordSystem): LatLng {
  if (from === to) return { lat: point.lat, lng: point.lng };
  const [lng, lat] = gcoord.transform([point.lng, point.lat], from === 'gcj02' ? gcoord.GCJ02 : gcoord.WGS84, to === 'gcj02' ? gcoord.GCJ02 : gcoord.WGS84) as [
    number,
    number,
  ];
  return { lat: round(lat), lng: round(lng) };
}

/** Converts a whole geometry (a copy) to GCJ-02, how boundaries are stored. */
export function geometryToGcj02(geometry: PolygonalGeometry, from: CoordSystem): PolygonalGeometry {
  const copy = structuredClone(geometry);
  if (from === 'gcj02') return copy;
  return gcoord.transform(copy as never, gcoord.WGS84, gcoord.GCJ02) as unknown as PolygonalGeometry;
}
