import pino from 'pino';

/** Lines are written once this many bytes are waiting ... */
export const LOG_BUFFER_BYTES = 4096;
/** ... or at the latest this long after they were logged. */
export const LOG_FLUSH_MS = 250;

/**
 * Where the request log (Fastify's pino) writes: stdout, in writes of a few kilobytes. Pino's default destination
 * starts a write to stdout for every line (~20 % of a read's CPU at load, docs/performance.md); here lines wait
 * until LOG_BUFFER_BYTES have gathered or LOG_FLUSH_MS have passed. Pino writes what is left when the process exits
 * (also after an uncaught error); a process killed outright (SIGKILL, out of memory) loses at most the last
 * LOG_FLUSH_MS of lines, where the default destination could lose those still queued too. Nest's own lines (start,
 * errors) go to stdout unbuffered, so a request line may follow a Nest line logged up to LOG_FLUSH_MS after it.
 */
export function bufferedLog(dest: number | string = 1): ReturnType<typeof pino.destination> {
  return pino.destination({ dest, sync: false, minLength: LOG_BUFFER_BYTES, periodicFlush: LOG_FLUSH_MS });
}
