import { useEffect, useRef } from 'react';

/**
 * Page-wide shortcuts, e.g. `{ 'alt+n': newCall, 'ctrl+enter': submit }`. Modifiers in the order ctrl, alt, shift;
 * keys lower-case (`event.code` for letters and digits, so Alt on macOS still works).
 */
export function useHotkeys(map: Record<string, (e: KeyboardEvent) => void>, enabled = true): void {
  const ref = useRef(map);
  ref.current = map;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      let key = e.key.toLowerCase();
      if (/^Key[A-Z]$/.test(e.code)) key = e.code.slice(3).toLowerCase();
      else if (/^Digit\d$/.test(e.code)) key = e.code.slice(5);
      const combo = [e.ctrlKey || e.metaKey ? 'ctrl' : '', e.altKey ? 'alt' : '', e.shiftKey ? 'shift' : '', key].filter(Boolean).join('+');
      const handler = ref.current[combo];
      if (handler) {
        e.preventDefault();
        e.stopPropagation();
        handler(e);
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [enabled]);
}
