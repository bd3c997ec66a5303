// npm run bench:photos — photo uploads through the real API (POST /api/v1/attachments, multipart, resident
// tokens) vs. the bare image work of the same run: sharp metadata + the display (1280 px) and thumbnail (320 px)
// JPEG renders the API makes, on the same images at the same concurrency. Camera-like 4000×3000 JPEGs are made
// with sharp (noise, so they compress like photos); a few bytes after the end marker make each upload distinct
// (the API de-duplicates a resident's identical photos).
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import sharp from 'sharp';
import { json, machine, MYSQL, seedDatabase, startApi } from './lib.mjs';

const DB = 'jyg_bench_photos';
const CONCURRENCY = Number(process.env.BENCH_PHOTO_CONCURRENCY ?? 4);
const SECONDS = Number(process.env.BENCH_DURATION ?? 10);

async function images() {
  const out = [];
  for (let i = 0; i < 4; i++) {
    out.push(
      await sharp({ create: { width: 4000, height: 3000, channels: 3, background: { r: 90 + i * 30, g: 120, b: 150 }, noise: { type: 'gaussian', mean: 120, sigma: 25 } } })
        .blur(1.2)
        .jpeg({ quality: 88 })
        .toBuffer(),
    );
  }
  return out;
}

async function loop(op) {
  const lat = [];
  const end = performance.now() + SECONDS * 1000;
  let n = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        try {
          await op(n++);
          lat.push(performance.now() - t);
        } catch (err) {
          if (errors++ === 0) console.error(err.message);
        }
      }
    }),
  );
  lat.sort((a, b) => a - b);
  return { rps: lat.length / SECONDS, p50: lat[Math.floor(lat.length / 2)] ?? 0, p99: lat[Math.floor(lat.length * 0.99)] ?? 0, errors };
}

const f = (r) => `${r.rps.toFixed(1)}/s, p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms${r.errors ? `, ${r.errors} errors` : ''}`;

export async function photos() {
  const imgs = await images();
  console.log(`photos bench: ${CONCURRENCY} at once, ${SECONDS} s each, ${imgs.length} JPEGs 4000×3000 of ~${Math.round(imgs[0].length / 1024)} KiB; ${machine()}`);
  const admin = await mysql.createConnection({ uri: MYSQL });
  await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
  seedDatabase(`${MYSQL}/${DB}`);
  const api = await startApi(`${MYSQL}/${DB}`);
  const tokens = [];
  for (let i = 0; i < CONCURRENCY; i++) tokens.push((await json(api.base, 'POST', '/api/v1/auth/dev', { openid: `bench-photo-${i}` })).token);
  const upload = async (i) => {
    const form = new FormData();
    form.append('file', new Blob([imgs[i % imgs.length], randomBytes(8)], { type: 'image/jpeg' }), 'photo.jpg');
    const res = await fetch(`${api.base}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${tokens[i % tokens.length]}` }, body: form });
    if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
  const bare = async (i) => {
    const bytes = imgs[i % imgs.length];
    const input = { failOn: 'truncated', limitInputPixels: 40_000_000 };
    await sharp(bytes, input).metadata();
    const render = (side, quality) => sharp(bytes, input).rotate().resize(side, side, { fit: 'inside', withoutEnlargement: true }).flatten({ background: '#ffffff' }).jpeg({ quality, mozjpeg: true }).toBuffer();
    await Promise.all([render(1280, 82), render(320, 75)]);
  };
  await loop(upload).catch(() => {});
  const a = await loop(upload);
  await api.stop();
  const b = await loop(bare);
  await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
  await admin.end();
  console.log(`POST /attachments      API ${f(a)} | bare sharp ${f(b)} | ratio ${(a.rps / b.rps).toFixed(2)}`);
  return { api: a, bare: b };
}

if (import.meta.url === `file://${process.argv[1]}`) await photos();
