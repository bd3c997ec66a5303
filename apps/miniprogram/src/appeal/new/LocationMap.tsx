import { Map as WeappMap, View } from '@tarojs/components';
import { cityOutline, fromSvg, OUTLINE_HEIGHT, OUTLINE_WIDTH, toSvg } from './city-outline';

export interface MapPoint {
  lat: number;
  lng: number;
}

interface LocationMapProps {
  /** The point in GCJ-02, the system WeChat's map and the city outline use. */
  point: MapPoint;
  /** The resident tapped elsewhere on the map: the point moves there (GCJ-02). */
  onMove: (point: MapPoint) => void;
}

/**
 * The picked point on a map, to check and to move with a tap. WeChat draws its own map (no key needed); H5
 * draws the city's outline from the repository's own boundary data, offline, with the point on it.
 */
export function LocationMap({ point, onMove }: LocationMapProps) {
  if (process.env.TARO_ENV === 'weapp') {
    return (
      <WeappMap
        className="location-map location-map--weapp"
        latitude={point.lat}
        longitude={point.lng}
        scale={16}
        markers={[{ id: 1, latitude: point.lat, longitude: point.lng, width: 24, height: 34, iconPath: '' }]}
        onError={() => undefined}
        onTap={(e) => {
          const d = e.detail as { latitude?: number; longitude?: number };
          if (typeof d.latitude === 'number' && typeof d.longitude === 'number') onMove({ lat: d.latitude, lng: d.longitude });
        }}
      />
    );
  }
  const [x, y] = toSvg(point);
  const paths = cityOutline();
  return (
    <View
      className="location-map location-map--h5"
      style={{ aspectRatio: `${OUTLINE_WIDTH} / ${OUTLINE_HEIGHT}` }}
      role="img"
      aria-label="诉求位置示意图，点按可移动位置"
      onClick={(e) => {
        const target = e.currentTarget as unknown as { getBoundingClientRect?: () => DOMRect } | null;
        const box = target?.getBoundingClientRect?.();
        const { clientX, clientY } = e as unknown as { clientX?: number; clientY?: number };
        if (!box || typeof clientX !== 'number' || typeof clientY !== 'number' || box.width === 0) return;
        onMove(fromSvg(((clientX - box.left) / box.width) * OUTLINE_WIDTH, ((clientY - box.top) / box.height) * OUTLINE_HEIGHT));
      }}
    >
      <svg viewBox={`0 0 ${OUTLINE_WIDTH} ${OUTLINE_HEIGHT}`} width="100%" height="100%" preserveAspectRatio="none" aria-hidden="true">
        {paths.map((d, i) => (
          <path key={i} d={d} className="location-map__city" />
        ))}
        <circle cx={x} cy={y} r={9} className="location-map__halo" />
        <circle cx={x} cy={y} r={4.5} className="location-map__point" />
      </svg>
      <View className="location-map__hint">嘉峪关市 · 点按地图可移动位置</View>
    </View>
  );
}
