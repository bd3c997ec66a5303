import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ExportFormat } from './assessment.dto.js';

export type Cell = string | number | null;
export interface ExportColumn {
  header: string;
  width: number;
  kind: 'text' | 'int' | 'percent' | 'number';
}
export interface ExportTable {
  title: string;
  sheet: string;
  columns: ExportColumn[];
  rows: AsyncIterable<Cell[]> | Iterable<Cell[]>;
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/** Text a spreadsheet could take for a formula (=, +, -, @, and the tab/CR tricks) is kept as text. */
const FORMULA_START = /^[=+\-@\t\r]/;

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', resolve));
}

/**
 * exceljs's streaming writer hands each worksheet part to its zip (archiver) through a pipe whose `write` result it
 * ignores: rows committed faster than deflate compresses them pile up there uncompressed (tens of MiB for 100,000
 * rows). Waiting for that pipe to drain every few hundred rows keeps the export's memory flat. If the download is
 * abandoned, `out` closes and the wait ends.
 */
async function sheetDrained(sheet: unknown, out: Writable): Promise<void> {
  // archiver's pipe is a readable-stream v2 PassThrough: its state is `_writableState`, not `writableNeedDrain`
  const pipes = (sheet as { pipes?: (Writable & { _writableState?: { needDrain?: boolean } })[] }).pipes ?? [];
  for (const p of pipes) {
    if (!(p._writableState?.needDrain ?? p.writableNeedDrain) || out.destroyed) continue;
    await new Promise<void>((resolve) => {
      const done = () => {
        p.off('drain', done);
        out.off('close', done);
        resolve();
      };
      p.once('drain', done);
      out.once('close', done);
    });
  }
}

async function writeXlsx(out: Writable, t: ExportTable): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(t.sheet, { views: [{ state: 'frozen', ySplit: 1 }], pageSetup: { paperSize: 9, orientation: 'landscape' } });
  ws.columns = t.columns.map((c, i) => ({
    header: c.header,
    key: `c${i}`,
    width: c.width,
    // '@' is Excel's text format: a resident's "=…" stays text even when the cell is edited.
    style: { numFmt: c.kind === 'percent' ? '0.00%' : c.kind === 'int' ? '0' : c.kind === 'number' ? '0.00' : '@' },
  }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  const sheet = (ws as unknown as { stream: unknown }).stream;
  let n = 0;
  for await (const row of t.rows) {
    // Strings are written as string cells (never formulas); only {formula} objects would become formulas.
    ws.addRow(row.map((v, i) => (v === null ? null : t.columns[i]?.kind === 'text' ? String(v) : v))).commit();
    if (++n % 256 === 0) await sheetDrained(sheet, out);
  }
  ws.commit();
  await wb.commit();
}

const csvCell = (v: Cell, kind: ExportColumn['kind']): string => {
  if (v === null) return '';
  let s = kind === 'percent' && typeof v === 'number' ? `${(v * 100).toFixed(2)}%` : String(v);
  if (kind === 'text' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

async function writeCsv(out: Writable, t: ExportTable): Promise<void> {
  await write(out, `\uFEFF${t.columns.map((c) => csvCell(c.header, 'text')).join(',')}\r\n`);
  for await (const row of t.rows) await write(out, `${row.map((v, i) => csvCell(v, t.columns[i]?.kind ?? 'text')).join(',')}\r\n`);
}

const html = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function writeHtml(out: Writable, t: ExportTable): Promise<void> {
  await write(
    out,
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${html(t.title)}</title><style>` +
      '@page{size:A4 landscape;margin:12mm}body{font-family:"Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;font-size:10pt}' +
      'h1{font-size:14pt;text-align:center}table{border-collapse:collapse;width:100%}th,td{border:1px solid #333;padding:2px 4px}' +
      'th{background:#eee}thead{display:table-header-group}tr{page-break-inside:avoid}td.n{text-align:right}' +
      `</style></head><body><h1>${html(t.title)}</h1><table><thead><tr>${t.columns.map((c) => `<th>${html(c.header)}</th>`).join('')}</tr></thead><tbody>\n`,
  );
  for await (const row of t.rows) {
    const cells = row.map((v, i) => {
      const kind = t.columns[i]?.kind ?? 'text';
      const text = v === null ? '' : kind === 'percent' && typeof v === 'number' ? `${(v * 100).toFixed(2)}%` : String(v);
      return `<td${kind === 'text' ? '' : ' class="n"'}>${html(text)}</td>`;
    });
    await write(out, `<tr>${cells.join('')}</tr>\n`);
  }
  await write(out, '</tbody></table></body></html>\n');
}

/** Streams the table in the format; errors end the stream (the client sees a truncated download, never a wrong one). */
export function exportStream(format: ExportFormat, t: ExportTable): PassThrough {
  const out = new PassThrough();
  const run = format === 'xlsx' ? writeXlsx : format === 'csv' ? writeCsv : writeHtml;
  run(out, t).then(
    () => {
      if (!out.writableEnded) out.end();
    },
    (e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))),
  );
  return out;
}

/** `attachment` with the Chinese file name for browsers (RFC 6266 / 5987) and an ASCII fallback. */
export function contentDisposition(name: string, format: ExportFormat): string {
  return `attachment; filename="assessment.${format}"; filename*=UTF-8''${encodeURIComponent(`${name}.${format}`)}`;
}
