import { useEffect, useRef, useState } from 'react';
import type { DraftLocation } from '../../stores/appeal-draft';
import { routingService } from '../../services/routing';
import { SUGGEST_DEBOUNCE_MS, SUGGEST_MIN_CHARS, type SuggestedCategory } from './category';

/**
 * Asks POST /routing/suggest for the text being typed: after a pause, once it says enough, and only for text
 * not asked about yet. The latest answer wins; failures are silent (the category is optional).
 */
export function useCategorySuggestions(description: string, point: DraftLocation | null): SuggestedCategory[] {
  const [suggestions, setSuggestions] = useState<SuggestedCategory[]>([]);
  const asked = useRef('');
  const seq = useRef(0);

  useEffect(() => {
    const text = description.trim();
    if (text.length < SUGGEST_MIN_CHARS) return undefined;
    const timer = setTimeout(() => {
      const key = JSON.stringify([text, point]);
      if (key === asked.current) return;
      asked.current = key;
      seq.current += 1;
      const mine = seq.current;
      routingService.suggest({ description: text, ...(point ? { location: point } : {}) }).then(
        (result) => {
          if (mine === seq.current) setSuggestions(result.categories.slice(0, 3));
        },
        () => {
          // Silent; the same text may be asked again later.
          if (mine === seq.current) asked.current = '';
        },
      );
    }, SUGGEST_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [description, point]);

  return suggestions;
}
