// Jiayuguan's outline (GCJ-02, DataV GeoAtlas, from seeds/src/datasets) as SVG paths, for the H5 location map.
// An equirectangular projection scaled by cos(latitude) is true enough at a city's size.
type Ring = [number, number][];
interface OutlineFile {
  features: { geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: Ring[] | Ring[][] } }[];
}

type Loaded = OutlineFile | { default: OutlineFile };
const unwrap = (m: Loaded): OutlineFile => ('default' in m ? m.default : m);

// H5 only: WeChat draws its own map, so the weapp package does not carry the outline (webpack drops the
// constant branch, and the require with it).
const outline: OutlineFile =
  process.env.TARO_ENV === 'h5'
    ? // eslint-disable-next-line @typescript-eslint/no-require-imports
      unwrap(require('../../../../../seeds/src/datasets/jiayuguan-620200.gcj02.geojson') as Loaded)
    : { features: [] };

const polygons: Ring[][] = outline.features.flatMap((f) =>
  f.geometry.type === 'Polygon' ? [f.geometry.coordinates as Ring[]] : (f.geometry.coordinates as Ring[][]),
);
const all = polygons.flat(2);
const MARGIN = 0.01;
const west = Math.min(...all.map((p) => p[0])) - MARGIN;
const east = Math.max(...all.map((p) => p[0])) + MARGIN;
const south = Math.min(...all.map((p) => p[1])) - MARGIN;
const north = Math.max(...all.map((p) => p[1])) + MARGIN;
const kx = Math.cos((((north + south) / 2) * Math.PI) / 180);

export const OUTLINE_WIDTH = 360;
export const OUTLINE_HEIGHT = Math.round((OUTLINE_WIDTH * (north - south)) / ((east - west) * kx));

export function toSvg(p: { lat: number; lng: number }): [number, number] {
  return [((p.lng - west) / (east - west)) * OUTLINE_WIDTH, ((north - p.lat) / (north - south)) * OUTLINE_HEIGHT];
}

export function fromSvg(x: number, y: number): { lat: number; lng: number } {
  const round = (n: number) => Math.round(n * 1e6) / 1e6;
  return { lng: round(west + (x / OUTLINE_WIDTH) * (east - west)), lat: round(north - (y / OUTLINE_HEIGHT) * (north - south)) };
}

let cached: string[] | null = null;
export function cityOutline(): string[] {
  cached ??= polygons.map((rings) =>
    rings
      .map((ring) => ring.map((p, i) => `${i === 0 ? 'M' : 'L'}${toSvg({ lng: p[0], lat: p[1] }).map((n) => n.toFixed(1)).join(',')}`).join('') + 'Z')
      .join(''),
  );
  return cached;
}
