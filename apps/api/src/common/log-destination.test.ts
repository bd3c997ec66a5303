import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import pino from 'pino';
import { bufferedLog, LOG_BUFFER_BYTES } from './log-destination.js';

// Complete lines only: the writer is asynchronous, so a read can land in the middle of a write and see part of a line.
const lines = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .slice(0, -1)
    .map((l) => (JSON.parse(l) as { msg: string }).msg);

async function until(test: () => boolean, ms = 5000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 20))) if (test()) return true;
  return test();
}

describe('bufferedLog', () => {
  it('holds lines back, writes them on its own soon after, and all of them on flushSync', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'log-dest-')), 'api.log');
    const stream = bufferedLog(file);
    await new Promise((r) => stream.once('ready', r));
    const log = pino({ base: null }, stream);
    log.info('first');
    // held: nothing written at once
    expect(lines(file)).toEqual([]);
    // written without more lines coming (the periodic flush)
    expect(await until(() => lines(file).length === 1)).toBe(true);
    expect(lines(file)).toEqual(['first']);
    // a line longer than the buffer
    const big = 'x'.repeat(LOG_BUFFER_BYTES);
    log.info(big);
    log.info('after');
    expect(await until(() => lines(file).includes(big))).toBe(true);
    log.info('last');
    stream.flushSync();
    expect(lines(file).at(-1)).toBe('last');
    stream.end();
  });
});
