// npm run bench:export-memory [-- --sizes 20000,200000,600000] [--formats xlsx,csv]
// The assessment exports' memory on their own, without an API or a database: a drill-down list of N items streamed
// through exportStream (apps/api/src/assessment/assessment-export.ts) into a consumer as fast as the machine allows,
// one process per size and format, RSS / heap / buffers sampled every 10 ms. CSV (a string a row) is the baseline.
// Bounded means the growth stops depending on N; bench:stats measures the same exports through the API.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { args } from './generate.mjs'; // (its imports: the API's search modules and mysql2, ~60 MiB of the baseline)

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const opts = args();

async function one(format, n) {
  const dist = path.join(ROOT, 'apps/api/dist/assessment');
  const { exportStream } = await import(pathToFileURL(path.join(dist, 'assessment-export.js')).href);
  const { ITEM_COLUMNS } = await import(pathToFileURL(path.join(dist, 'assessment-tables.js')).href);
  // pages of 2,000 rows, as the API reads them from the roll-up
  async function* rows() {
    for (let p = 0; p < n; p += 2000) {
      await new Promise((r) => setImmediate(r));
      const page = [];
      for (let i = p; i < Math.min(n, p + 2000); i++) {
        page.push([`JYG20260101${String(i).padStart(6, '0')}`, '响应', '住房和城乡建设局', '2026-01-01 08:00', '是', i % 7 ? '是' : '否', `01J${String(i).padStart(23, '0')}`]);
      }
      yield* page;
    }
  }
  const mem = () => {
    const m = process.memoryUsage();
    return { rss: m.rss / 2 ** 20, heap: m.heapUsed / 2 ** 20, buffers: m.arrayBuffers / 2 ** 20 };
  };
  const before = mem();
  const peak = { ...before };
  const timer = setInterval(() => {
    const m = mem();
    for (const k of Object.keys(m)) peak[k] = Math.max(peak[k], m[k]);
  }, 10);
  let bytes = 0;
  const t = performance.now();
  await new Promise((resolve, reject) => {
    const sink = new Writable({
      write(chunk, _e, cb) {
        bytes += chunk.length;
        setImmediate(cb);
      },
    });
    exportStream(format, { title: 'bench', sheet: 'bench', columns: ITEM_COLUMNS, rows: rows() }).on('error', reject).pipe(sink).on('finish', resolve);
  });
  clearInterval(timer);
  console.log(
    `${format.padEnd(4)} ${n.toLocaleString('en').padStart(9)} items: ${(bytes / 2 ** 20).toFixed(1)} MiB in ${((performance.now() - t) / 1000).toFixed(1)} s; ` +
      `RSS ${before.rss.toFixed(0)} MiB, peak ${peak.rss.toFixed(0)} MiB (+${(peak.rss - before.rss).toFixed(0)}); heap peak ${peak.heap.toFixed(0)} MiB; buffers peak ${peak.buffers.toFixed(0)} MiB`,
  );
}

if (opts.one) {
  const [format, n] = opts.one.split(':');
  await one(format, Number(n));
} else {
  const sizes = (opts.sizes ?? '20000,200000,600000').split(',').map(Number);
  const formats = (opts.formats ?? 'xlsx,csv').split(',');
  for (const n of sizes) {
    for (const format of formats) {
      // a fresh process each: one export's garbage is not the next one's baseline
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--one', `${format}:${n}`], { stdio: 'inherit' });
      if (r.status !== 0) process.exit(r.status ?? 1);
    }
  }
}
