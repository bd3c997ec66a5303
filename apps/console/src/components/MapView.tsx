import { useQuery } from '@tanstack/react-query';
import type { BoundaryView, Position } from '@jyg12345/shared';
import { Alert, Skeleton } from 'antd';
import { useMemo } from 'react';
import { geoKeys, geoService } from '../services/geo';

type Rings = Position[][];

function ringsOf(geojson: BoundaryView['geojson']): Rings {
  if (geojson.type === 'Polygon') return geojson.coordinates as Rings;
  return (geojson.coordinates as Rings[]).flat();
}

export interface MapPoint {
  lng: number;
  lat: number;
  label?: string;
}

/** A spot drawn among several (hot-spot places): `weight` scales its circle. */
export interface MapSpot extends MapPoint {
  key: string;
  weight: number;
}

/**
 * The city outline, streets and communities drawn as SVG from the API's own boundaries (GCJ-02): no tile server.
 * `boundaries` overrides what is drawn (the admin's upload preview); `highlight` fills one community or street.
 */
export function MapView({
  point,
  spots,
  highlight,
  boundaries,
  height = 320,
}: {
  point?: MapPoint | null;
  spots?: MapSpot[];
  highlight?: string | null;
  boundaries?: BoundaryView[];
  height?: number;
}) {
  const query = useQuery({ queryKey: geoKeys.boundaries, queryFn: geoService.boundaries, staleTime: 300_000, enabled: !boundaries });
  const shapes = boundaries ?? query.data;
  const view = useMemo(() => {
    if (!shapes || shapes.length === 0) return null;
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    const extend = ([x, y]: Position) => {
      minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
    };
    for (const b of shapes) for (const ring of ringsOf(b.geojson)) ring.forEach(extend);
    if (point) extend([point.lng, point.lat]);
    const kx = Math.cos(((minY + maxY) / 2) * (Math.PI / 180));
    const width = 1000;
    const scale = width / Math.max((maxX - minX) * kx, 1e-6);
    const h = Math.max((maxY - minY) * scale, 1);
    const project = ([x, y]: Position) => `${((x - minX) * kx * scale).toFixed(1)},${((maxY - y) * scale).toFixed(1)}`;
    return { width, height: h, project };
  }, [shapes, point]);

  if (!boundaries && query.isPending) return <Skeleton.Node active style={{ width: '100%', height }} />;
  if (!boundaries && query.isError) return <Alert type="warning" message="地图边界加载失败" showIcon />;
  if (!view || !shapes) return <Alert type="info" message="尚未配置区域边界" showIcon />;
  const order: Record<BoundaryView['kind'], number> = { service_area: 0, street: 1, community: 2 };
  const sorted = [...shapes].sort((a, b) => order[a.kind] - order[b.kind]);
  const pad = 20;
  return (
    <svg
      role="img"
      aria-label="位置地图"
      data-testid="map"
      viewBox={`${-pad} ${-pad} ${view.width + 2 * pad} ${view.height + 2 * pad}`}
      style={{ width: '100%', height, background: '#f4f8fb', border: '1px solid #e5e5e5', borderRadius: 4 }}
    >
      {sorted.map((b) => {
        const d = ringsOf(b.geojson).map((ring) => `M${ring.map(view.project).join('L')}Z`).join('');
        const hot = highlight && b.unitId === highlight;
        const style =
          b.kind === 'service_area'
            ? { fill: '#e8f0e0', stroke: '#6b8f4e', strokeWidth: 3 }
            : b.kind === 'street'
              ? { fill: hot ? '#ffe7ba' : 'none', stroke: '#7a8ca8', strokeWidth: 2 }
              : { fill: hot ? '#ffd591' : 'rgba(255,255,255,0.25)', stroke: '#a9b6c8', strokeWidth: 1 };
        return (
          <path key={b.id} d={d} fillRule="evenodd" vectorEffect="non-scaling-stroke" {...style}>
            <title>{b.name}</title>
          </path>
        );
      })}
      {spots?.map((s) => (
        <g key={s.key} transform={`translate(${view.project([s.lng, s.lat])})`} data-testid="map-spot">
          <circle r={10 + Math.min(s.weight, 20) * 2} fill="rgba(212,56,13,0.45)" stroke="#d4380d" strokeWidth={3} />
          <title>{s.label}</title>
        </g>
      ))}
      {point && (
        <g transform={`translate(${view.project([point.lng, point.lat])})`} data-testid="map-marker">
          <circle r={14} fill="#d4380d" stroke="#fff" strokeWidth={4} />
          {point.label && (
            <text y={-22} textAnchor="middle" fontSize={26} fill="#333">
              {point.label}
            </text>
          )}
        </g>
      )}
    </svg>
  );
}
