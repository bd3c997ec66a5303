// A stand-in for the provincial 12345 platform on loopback, speaking docs/adr/0002-province-protocol.md: it takes
// feedback at POST /feedback, checks the signature and the timestamp, and dedups on the delivery id. Scriptable to
// fail (500), hang (never answer) and answer slowly, before or after it recorded a message (a lost acknowledgement).
// Used by the medium tests (through fake-province.ts) and by the fault suite.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';

export const HEADERS = { timestamp: 'x-province-timestamp', signature: 'x-province-signature', deliveryId: 'x-province-delivery-id' };

export function sign(secret, timestamp, body) {
  return createHmac('sha256', secret).update(`${timestamp}\n`).update(body).digest('hex');
}

/** Headers and body of a signed request (what the platform sends us, and what we send it). */
export function signed(secret, body, { timestamp = Math.floor(Date.now() / 1000) } = {}) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const ts = String(timestamp);
  return { body: raw, headers: { 'content-type': 'application/json', [HEADERS.timestamp]: ts, [HEADERS.signature]: sign(secret, ts, raw) } };
}

/** A seeded generator, so a chaotic run can be replayed. */
function random(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/**
 * Behaviours, per request: 'ok', 'fail' (500, nothing recorded), 'fail-after' (recorded, then 500),
 * 'hang' (never answers, nothing recorded), 'hang-after' (recorded, never answers), 'slow' (answers after slowMs),
 * 'reject' (422: refused for good).
 */
export async function startFakeProvince({ secret, maxSkewSeconds = 300 } = {}) {
  /** Every feedback request that passed the signature check, in arrival order. */
  const requests = [];
  /** Messages accepted the first time, in order; `deliveries.length` is the count of distinct delivery ids. */
  const deliveries = [];
  const seen = new Set();
  const refused = { signature: 0, stale: 0, body: 0 };
  const stats = { fail: 0, 'fail-after': 0, hang: 0, 'hang-after': 0, slow: 0, reject: 0, ok: 0, duplicates: 0 };
  const script = [];
  let chaos = null;
  const sockets = new Set();

  const nextBehaviour = () => {
    if (script.length > 0) return script.shift();
    if (!chaos) return { kind: 'ok' };
    const r = chaos.rand();
    let acc = 0;
    for (const [kind, p] of Object.entries(chaos.weights)) {
      acc += p;
      if (r < acc) return { kind, ms: kind === 'slow' ? chaos.slowMs[0] + Math.floor(chaos.rand() * (chaos.slowMs[1] - chaos.slowMs[0])) : 0 };
    }
    return { kind: 'ok' };
  };

  const record = (msg, sender) => {
    if (seen.has(msg.deliveryId)) {
      stats.duplicates++;
      return true;
    }
    seen.add(msg.deliveryId);
    deliveries.push({ ...msg, acceptedAt: requests.length, sender });
    return false;
  };

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const send = (status, body) => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || req.url !== '/feedback') return send(404, { code: 'NOT_FOUND' });
      const raw = Buffer.concat(chunks);
      const ts = String(req.headers[HEADERS.timestamp] ?? '');
      const sig = String(req.headers[HEADERS.signature] ?? '');
      const expected = Buffer.from(sign(secret, ts, raw), 'hex');
      const given = /^[0-9a-f]{64}$/.test(sig) ? Buffer.from(sig, 'hex') : Buffer.alloc(0);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        refused.signature++;
        return send(401, { code: 'SIGNATURE_INVALID' });
      }
      if (!/^\d+$/.test(ts) || Math.abs(Date.now() / 1000 - Number(ts)) > maxSkewSeconds) {
        refused.stale++;
        return send(401, { code: 'TIMESTAMP_STALE' });
      }
      let msg;
      try {
        msg = JSON.parse(raw.toString('utf8'));
      } catch {
        msg = null;
      }
      if (!msg || typeof msg.deliveryId !== 'string' || msg.deliveryId !== req.headers[HEADERS.deliveryId] || typeof msg.sequence !== 'number') {
        refused.body++;
        return send(400, { code: 'BAD_BODY' });
      }
      const sender = String(req.headers['user-agent'] ?? '');
      requests.push({ deliveryId: msg.deliveryId, provinceNumber: msg.provinceNumber, sequence: msg.sequence, at: requests.length, sender });
      const b = nextBehaviour();
      stats[b.kind]++;
      switch (b.kind) {
        case 'fail':
          return send(500, { code: 'INTERNAL' });
        case 'fail-after':
          record(msg, sender);
          return send(500, { code: 'INTERNAL' });
        case 'hang':
          return; // never answers; close() destroys the socket
        case 'hang-after':
          record(msg, sender);
          return;
        case 'reject':
          return send(422, { code: 'UNKNOWN_TICKET' });
        case 'slow':
          await new Promise((r) => setTimeout(r, b.ms));
          break;
        default:
          break;
      }
      const duplicate = record(msg, sender);
      send(200, { ok: true, duplicate });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    deliveries,
    refused,
    stats,
    /** The next requests behave like this, in order (then chaos, or ok). */
    script(...behaviours) {
      script.push(...behaviours.map((b) => (typeof b === 'string' ? { kind: b, ms: 0 } : b)));
    },
    /** Random behaviour per request, e.g. { fail: 0.2, hang: 0.05, slow: 0.2 }; null turns it off. */
    chaos(weights, { seed = 1, slowMs = [50, 500] } = {}) {
      chaos = weights ? { weights, rand: random(seed), slowMs } : null;
    },
    /** Messages accepted for one provincial number, in the order the platform first took them. */
    of(provinceNumber) {
      return deliveries.filter((d) => d.provinceNumber === provinceNumber);
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
