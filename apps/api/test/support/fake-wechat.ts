import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeWechat {
  baseUrl: string;
  requests: URL[];
  close(): Promise<void>;
}

/**
 * A stand-in for api.weixin.qq.com on loopback that answers code2Session as the real one does: HTTP 200 with
 * either { openid, session_key[, unionid] } or { errcode, errmsg }.
 * Codes: `ok-<name>` → openid `wx-<name>`; `used` → 40163; `limited` → 45011; `busy` → -1; anything else → 40029.
 */
export async function startFakeWechat(expected: { appId: string; secret: string }): Promise<FakeWechat> {
  const requests: URL[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    const send = (body: object) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
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
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
