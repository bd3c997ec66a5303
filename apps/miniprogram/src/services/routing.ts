import type { CoordSystem, LocationInput, ResolvedLocationView, RoutingSuggestionView } from '@jyg12345/shared';
import { request } from './http';
import { authed } from './session';

export interface SuggestInput {
  title?: string;
  description: string;
  location?: LocationInput;
}

export const routingService = {
  /** The best categories (and units) for an appeal being written, best first. */
  suggest(input: SuggestInput): Promise<RoutingSuggestionView> {
    return authed(() => request<RoutingSuggestionView>('/routing/suggest', { method: 'POST', body: input, timeoutMs: 8000 }));
  },

  /** Where a point falls: the street and community (unit ids) whose boundary holds it, or outside the city. */
  resolve(point: { lat: number; lng: number; coordSystem: CoordSystem }): Promise<ResolvedLocationView> {
    return authed(() => request<ResolvedLocationView>('/geo/resolve', { query: { lat: point.lat, lng: point.lng, coordSystem: point.coordSystem }, timeoutMs: 8000 }));
  },
};
