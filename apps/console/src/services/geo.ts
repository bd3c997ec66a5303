import type { BoundaryView, RoutingSuggestionView } from '@jyg12345/shared';
import { http } from './http';

export const geoKeys = {
  boundaries: ['boundaries'] as const,
  suggest: (text: string) => ['routing', 'suggest', text] as const,
};

export type BoundaryKind = BoundaryView['kind'];

export const geoService = {
  boundaries: () => http.get<BoundaryView[]>('/boundaries'),
  putBoundary: (kind: BoundaryKind, unitId: string | null, body: { name: string; geojson: BoundaryView['geojson']; approximate: boolean }) =>
    http.put<BoundaryView>(unitId ? `/boundaries/${kind}/${unitId}` : `/boundaries/${kind}`, body),
  suggest: (description: string) => http.post<RoutingSuggestionView>('/routing/suggest', { description }),
};
