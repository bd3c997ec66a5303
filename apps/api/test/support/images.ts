import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { asTestResponse, type TestApp, type TestResponse } from './test-app.js';

/**
 * A JPEG as a phone writes it: EXIF orientation 6 (rotate 90° clockwise to view) and a GPS position. The left half
 * of the stored pixels is red and the right half blue, so once rotated the top is red and the bottom blue.
 */
export async function phoneJpeg(width = 400, height = 200): Promise<Buffer> {
  const red = await sharp({ create: { width: width / 2, height, channels: 3, background: { r: 220, g: 0, b: 0 } } }).png().toBuffer();
  return sharp({ create: { width, height, channels: 3, background: { r: 0, g: 0, b: 220 } } })
    .composite([{ input: red, left: 0, top: 0 }])
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: 'TestPhone', Model: 'GPS-1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 48/1 8/1', GPSLongitudeRef: 'E', GPSLongitude: '98/1 17/1 24/1' },
    })
    .toBuffer();
}

export const solid = (width: number, height: number, seed = 0) =>
  sharp({ create: { width, height, channels: 3, background: { r: seed % 256, g: 120, b: 200 } } });

/** The [r, g, b] of one pixel. */
export async function pixel(image: Buffer, x: number, y: number): Promise<number[]> {
  const { data } = await sharp(image).extract({ left: x, top: y, width: 1, height: 1 }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return [...data];
}

/** True when the EXIF block carries a GPS IFD pointer (tag 0x8825, either byte order). */
export function hasGpsTag(exif: Buffer | undefined): boolean {
  if (!exif) return false;
  return exif.includes(Buffer.from([0x25, 0x88])) || exif.includes(Buffer.from([0x88, 0x25]));
}

function crc32(buf: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of buf) {
    let c = (crc ^ byte) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A decompression bomb: a few KB of PNG that declares width × height RGB pixels. */
export function pngBomb(width = 20000, height = 20000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(Buffer.alloc((width * 3 + 1) * 16))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

export interface UploadOptions {
  filename?: string;
  type?: string;
  field?: string;
}

/** POST /api/v1/attachments with a real multipart body (FormData + Blob, as a browser or the mini-program sends). */
export async function upload(t: TestApp, token: string, bytes: Buffer, opts: UploadOptions = {}): Promise<TestResponse> {
  const form = new FormData();
  form.append(opts.field ?? 'file', new Blob([new Uint8Array(bytes)], { type: opts.type ?? 'image/jpeg' }), opts.filename ?? 'photo.jpg');
  const res = await fetch(`${t.baseUrl}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return asTestResponse(res);
}

/** GET an image (display or thumbnail URL from an AttachmentView) as bytes. */
export async function download(t: TestApp, token: string, url: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.baseUrl}${url}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
  const bytes = Buffer.from(await res.arrayBuffer());
  let json: any = null;
  if (res.headers.get('content-type')?.startsWith('application/json')) json = JSON.parse(bytes.toString('utf8'));
  return { status: res.status, headers: res.headers, bytes, json };
}

/** Every file below a directory (temporary files included). */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}
