// Draws the tab bar icons (81×81 PNG, WeChat's recommended size) without any image library:
// shapes are rasterised with 4×4 supersampling and written with zlib. Run once; the PNGs are committed.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 81;
const SS = 4;

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function png(inside, [r, g, b]) {
  const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let y = 0; y < SIZE; y++) {
    raw[y * (SIZE * 4 + 1)] = 0;
    for (let x = 0; x < SIZE; x++) {
      let hits = 0;
      for (let sy = 0; sy < SS; sy++)
        for (let sx = 0; sx < SS; sx++) if (inside(x + (sx + 0.5) / SS, y + (sy + 0.5) / SS)) hits++;
      const o = y * (SIZE * 4 + 1) + 1 + x * 4;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
      raw[o + 3] = Math.round((255 * hits) / (SS * SS));
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const W = 5; // stroke width
const inRect = (x, y, x0, y0, x1, y1) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const nearSegment = (x, y, ax, ay, bx, by, w) => {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy)) <= w / 2;
};
const strokeRect = (x, y, x0, y0, x1, y1) => inRect(x, y, x0, y0, x1, y1) && !inRect(x, y, x0 + W, y0 + W, x1 - W, y1 - W);

// A house: roof as two strokes, body as an outlined box with a door.
const home = (x, y) =>
  nearSegment(x, y, 12, 40, 40.5, 14, W + 1) ||
  nearSegment(x, y, 40.5, 14, 69, 40, W + 1) ||
  (strokeRect(x, y, 20, 36, 61, 68) && !inRect(x, y, 34, 36 + W, 47, 68 - W)) ||
  strokeRect(x, y, 34, 48, 47, 68);

// A sheet with three text lines.
const appeals = (x, y) =>
  strokeRect(x, y, 17, 11, 64, 70) ||
  nearSegment(x, y, 28, 28, 53, 28, W) ||
  nearSegment(x, y, 28, 41, 53, 41, W) ||
  nearSegment(x, y, 28, 54, 43, 54, W);

const grey = [0x7f, 0x7f, 0x7f];
const green = [0x07, 0xc1, 0x60];
const out = new URL('../src/assets/', import.meta.url);
writeFileSync(new URL('tab-home.png', out), png(home, grey));
writeFileSync(new URL('tab-home-active.png', out), png(home, green));
writeFileSync(new URL('tab-appeals.png', out), png(appeals, grey));
writeFileSync(new URL('tab-appeals-active.png', out), png(appeals, green));
console.log('tab icons written to src/assets/');
