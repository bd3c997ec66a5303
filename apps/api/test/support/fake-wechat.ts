import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery {
  touser: string;
  template_id: string;
  page: string;
  data: Record<string, { value: string }>;
}

export interface FakeWechat {
  baseUrl: string;
  requests: URL[];
  /** subscribe messages WeChat accepted */
  deliveries: Delivery[];
  tokenRequests: { force_refresh: boolean }[];
  /** The current access token stops working (as when it expires early): the next send gets 40001. */
  invalidateToken(): void;
  /** The next n sends fail with errcode -1 (system busy). */
  failNext(n: number): void;
  /** Answer sends after this many milliseconds. */
  delaySends(ms: number): void;
  close(): Promise<void>;
}

/**
 * A stand-in for api.weixin.qq.com on loopback that answers code2Session as the real one does: HTTP 200 with
 * either { openid, session_key[, unionid] } or { errcode, errmsg }.
 * Codes: `ok-<name>` → openid `wx-<name>`; `used` → 40163; `limited` → 45011; `busy` → -1; anything else → 40029.
 */
export async function startFakeWechat(expected: { appId: string; secret: string }): Promise<FakeWechat> {
  const requests: URL[] = [];
  const deliveries: Delivery[] = [];
  const tokenRequests: { force_refresh: boolean }[] = [];
  let tokenSeq = 0;
  let validToken: string | null = null;
  let failures = 0;
  let delay = 0;

  const readJson = (req: http.IncomingMessage) =>
    new Promise<Record<string, unknown>>((resolve) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        try {
          resolve(JSON.parse(raw) as Record<string, unknown>);
        } catch {
          resolve({});
        }
      });
    });

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    const send = (body: object) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    // Stable access token: the same token until it expires or a refresh is forced.
    if (url.pathname === '/cgi-bin/stable_token' && req.method === 'POST') {
      const body = await readJson(req);
      if (body.appid !== expected.appId || body.secret !== expected.secret) {
        send({ errcode: 40013, errmsg: 'invalid appid' });
        return;
      }
      tokenRequests.push({ force_refresh: body.force_refresh === true });
      if (!validToken || body.force_refresh === true) validToken = `token-${++tokenSeq}`;
      send({ access_token: validToken, expires_in: 7200 });
      return;
    }
    if (url.pathname === '/cgi-bin/message/subscribe/send' && req.method === 'POST') {
      const body = (await readJson(req)) as unknown as Delivery;
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      if (!validToken || url.searchParams.get('access_token') !== validToken) {
        send({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
        return;
      }
      if (failures > 0) {
        failures--;
        send({ errcode: -1, errmsg: 'system error' });
        return;
      }
      if (String(body.touser).includes('refuse')) {
        send({ errcode: 43101, errmsg: 'user refuse to accept the msg' });
        return;
      }
      deliveries.push(body);
      send({ errcode: 0, errmsg: 'ok' });
      return;
    }
    if (url.pathname !== '/sns/jscode2session') {
      res.writeHead(404).end();
      return;
    }
    const q = url.searchParams;
    if (q.get('appid') !== expected.appId || q.get('secret') !== expected.secret) {
      send({ errcode: 40013, errmsg: 'invalid appid' });
      return;
    }
    if (q.get('grant_type') !== 'authorization_code') {
      send({ errcode: 40002, errmsg: 'invalid grant_type' });
      return;
    }
    const code = q.get('js_code') ?? '';
    if (code.startsWith('ok-')) send({ openid: `wx-${code.slice(3)}`, session_key: 'c2Vzc2lvbi1rZXk=' });
    else if (code === 'used') send({ errcode: 40163, errmsg: 'code been used' });
    else if (code === 'limited') send({ errcode: 45011, errmsg: 'api minute-quota reach limit' });
    else if (code === 'busy') send({ errcode: -1, errmsg: 'system error' });
    else send({ errcode: 40029, errmsg: 'invalid code' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    deliveries,
    tokenRequests,
    invalidateToken: () => {
      validToken = `revoked-${tokenSeq}`;
    },
    failNext: (n) => {
      failures = n;
    },
    delaySends: (ms) => {
      delay = ms;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
