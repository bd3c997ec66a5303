/** Serialising GeoReport v2 answers: JSON arrays/objects and the spec's XML shapes, W3C datetimes in China time. */

export type Open311Format = 'json' | 'xml';

export const CONTENT_TYPES: Record<Open311Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** A repeated XML element: `<attributes><attribute>…</attribute>…</attributes>`; a plain array in JSON. */
export class XmlList {
  constructor(
    readonly item: string,
    readonly items: XmlValue[],
  ) {}

  toJSON(): XmlValue[] {
    return this.items;
  }
}

export type XmlValue = string | number | boolean | null | undefined | XmlList | { [key: string]: XmlValue };

/** `a.json` → ['a', 'json']; anything but .json / .xml → null. */
export function splitFormat(file: string): [string, Open311Format] | null {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  return m ? [m[1] as string, m[2] as Open311Format] : null;
}

/** The format a request URL asks for (JSON when it names none, e.g. a mistyped path). */
export function formatOfUrl(url: string): Open311Format {
  return /\.xml$/.test(url.split('?')[0] ?? '') ? 'xml' : 'json';
}

/** A W3C datetime with the city's offset (China does not observe daylight saving): 2026-12-01T09:30:00+08:00. */
export function w3cDatetime(d: Date | string | null): string | null {
  if (d === null) return null;
  const t = new Date(d).getTime();
  return `${new Date(t + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

// XML 1.0 forbids most C0 controls even as character references.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function escapeXml(s: string): string {
  return s.replace(XML_INVALID, '').replace(/[&<>"']/g, (c) => `&${({ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' } as const)[c as '&']};`);
}

function element(name: string, value: XmlValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof XmlList) return `<${name}>${value.items.map((v) => element(value.item, v)).join('')}</${name}>`;
  if (typeof value === 'object') return `<${name}>${Object.entries(value).map(([k, v]) => element(k, v)).join('')}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function toXml(root: string, value: XmlValue): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value)}`;
}

/** Null fields are left out in both formats: the spec's Swagger types them as plain strings and numbers. */
function withoutNulls(value: XmlValue): unknown {
  if (value instanceof XmlList) return value.items.map(withoutNulls);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, withoutNulls(v)]));
  }
  return value;
}

/** One answer in the asked format: `root` is the XML document element; JSON is the value itself. */
export function render(format: Open311Format, root: string, value: XmlValue): string {
  return format === 'xml' ? toXml(root, value) : JSON.stringify(withoutNulls(value));
}
