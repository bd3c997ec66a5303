import { useEffect, useState } from 'react';
import type { CoordSystem } from '@jyg12345/shared';
import { routingService } from '../../services/routing';
import { unitsService } from '../../services/units';

/** What a picked point resolves to, in words the resident can check: '雄关街道 · 福民社区', or outside the city. */
export type Place = ({ kind: 'inside'; text: string } | { kind: 'outside' } | { kind: 'unknown' }) & {
  /** The point in GCJ-02 (what maps draw in), when the API resolved it. */
  gcj02: { lat: number; lng: number } | null;
};

export function usePlace(point: { lat: number; lng: number; coordSystem: CoordSystem } | null): Place | null {
  const [place, setPlace] = useState<Place | null>(null);
  const lat = point?.lat;
  const lng = point?.lng;
  const coordSystem = point?.coordSystem;
  useEffect(() => {
    if (lat === undefined || lng === undefined || !coordSystem) {
      setPlace(null);
      return;
    }
    let live = true;
    Promise.all([routingService.resolve({ lat, lng, coordSystem }), unitsService.list().catch(() => [])])
      .then(([resolved, units]) => {
        if (!live) return;
        if (resolved.outsideArea) {
          setPlace({ kind: 'outside', gcj02: resolved.gcj02 });
          return;
        }
        const name = (id: string | null) => (id ? (units.find((u) => u.id === id)?.name ?? null) : null);
        const text = [name(resolved.streetId), name(resolved.communityId)].filter(Boolean).join(' · ');
        setPlace(text ? { kind: 'inside', text, gcj02: resolved.gcj02 } : { kind: 'unknown', gcj02: resolved.gcj02 });
      })
      .catch(() => live && setPlace({ kind: 'unknown', gcj02: null }));
    return () => {
      live = false;
    };
  }, [lat, lng, coordSystem]);
  return place;
}
