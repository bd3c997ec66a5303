// A small client for the API as staff (and residents) see it, for arranging and checking e2e scenarios.
import { randomUUID } from 'node:crypto';
import { DEMO_PASSWORD } from './env.mjs';

export class ApiClient {
  constructor(baseUrl, token = null) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  async call(method, path, body, headers = {}) {
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const data = text ? JSON.parse(text) : undefined;
    if (!res.ok) {
      const err = new Error(`${method} ${path} → ${res.status} ${text}`);
      err.status = res.status;
      err.body = data;
      throw err;
    }
    return data;
  }

  get(path) {
    return this.call('GET', path);
  }

  post(path, body, headers) {
    return this.call('POST', path, body, headers);
  }

  /** POST /attachments: one image as multipart field `file`. */
  async upload(buffer, name = 'photo.jpg', type = 'image/jpeg') {
    const form = new FormData();
    form.append('file', new Blob([buffer], { type }), name);
    const res = await fetch(`${this.baseUrl}/api/v1/attachments`, {
      method: 'POST',
      headers: this.token ? { authorization: `Bearer ${this.token}` } : {},
      body: form,
    });
    const data = await res.json();
    if (res.status !== 201) throw new Error(`POST /attachments → ${res.status} ${JSON.stringify(data)}`);
    return data;
  }

  /** A workflow action with the ticket's current version. */
  async act(ticketId, action, body = {}) {
    const ticket = await this.get(`/tickets/${ticketId}`);
    return this.post(`/tickets/${ticketId}/actions/${action}`, { version: ticket.version, ...body }, { 'Idempotency-Key': randomUUID() });
  }

  static async staff(baseUrl, username) {
    const { token } = await new ApiClient(baseUrl).post('/auth/staff', { username, password: DEMO_PASSWORD });
    return new ApiClient(baseUrl, token);
  }

  static async resident(baseUrl, openid) {
    const { token } = await new ApiClient(baseUrl).post('/auth/dev', { openid });
    return new ApiClient(baseUrl, token);
  }
}

/** Every ticket the caller can see whose description contains `marker` (walks all pages). */
export async function ticketsMatching(client, marker) {
  const found = [];
  let cursor = null;
  do {
    const page = await client.get(`/tickets?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    found.push(...page.items.filter((t) => t.description.includes(marker)));
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}

/** The centre takes a resident's appeal in and dispatches it to a unit (by code); returns the ticket. */
export async function acceptAndDispatch(baseUrl, ticketId, unitCode = 'co.heating') {
  const operator = await ApiClient.staff(baseUrl, 'operator');
  const units = await operator.get('/units');
  const unit = units.find((u) => u.code === unitCode);
  if (!unit) throw new Error(`no unit ${unitCode}`);
  const categories = await operator.get('/categories');
  const category = categories.find((c) => c.defaultUnitId === unit.id) ?? categories[0];
  await operator.act(ticketId, 'accept', { categoryId: category.id });
  return operator.act(ticketId, 'dispatch', { leadUnitId: unit.id });
}

/** A small JPEG made on the fly: a sky, a wall and a label, so screenshots show something photo-like. */
export async function makeJpeg(label = '现场照片', { width = 640, height = 480 } = {}) {
  const { default: sharp } = await import('sharp');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#8ec5ff"/><stop offset="1" stop-color="#dff1ff"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#sky)"/>
    <rect x="0" y="${height * 0.45}" width="${width}" height="${height * 0.55}" fill="#b98b63"/>
    <rect x="${width * 0.2}" y="${height * 0.55}" width="${width * 0.18}" height="${height * 0.25}" fill="#5a7fa8"/>
    <rect x="${width * 0.6}" y="${height * 0.55}" width="${width * 0.18}" height="${height * 0.25}" fill="#5a7fa8"/>
    <text x="50%" y="${height * 0.3}" font-size="${Math.round(height / 10)}" text-anchor="middle" fill="#333">${label}</text>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}
