const pad = (n: number) => String(n).padStart(2, '0');

/** '2026-11-28 16:05' in the device's time zone (Jiayuguan is UTC+8). */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** First line of a text, shortened for a list cell. */
export function excerpt(text: string, max = 40): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

/** A place as words: its address, else its coordinates. */
export function placeText(place: { lat: number; lng: number; address?: string | null }): string {
  return place.address ?? `${place.lat.toFixed(5)}, ${place.lng.toFixed(5)}`;
}
