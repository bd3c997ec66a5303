import type { LocationInput, RoutingSuggestionView } from '@jyg12345/shared';
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
};
