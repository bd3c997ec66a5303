import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ErrorCode } from '@jyg12345/shared';
import sharp from 'sharp';
import { AttachmentsService } from '../src/attachments/attachments.service.js';
import { AppError } from '../src/common/app-error.js';
import { AttachmentEntity } from '../src/database/entities.js';
import { download, filesUnder, hasGpsTag, phoneJpeg, pixel, pngBomb, solid, upload } from './support/images.js';
import { act, startTestApp, type TestApp } from './support/test-app.js';
import { partsCopyDifferences } from './support/ticket-parts.js';
import { copyPartsIntoRowsSqlite, partsOf } from '../src/tickets/ticket-parts.js';

const MAX_BYTES = 10 * 1024 * 1024;
const appeal = {
  type: 'complaint',
  description: '小区门口路灯坏了一个月，晚上很黑，老人出门不安全',
  location: { lat: 39.8023, lng: 98.2901, coordSystem: 'gcj02', address: '雄关区新华中路12号' },
  confidential: false,
};

describe('photos on local disk', () => {
  let t: TestApp;
  let dir: string;
  let alice: string; // resident
  let bob: string; // another resident
  let operator: string;
  let handler: string; // a unit handler who takes no part in Alice's ticket

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jyg-attachments-'));
    t = await startTestApp({ ATTACHMENTS_DIR: dir });
    alice = (await t.resident('photo-alice')).token;
    bob = (await t.resident('photo-bob')).token;
    operator = (await t.login('operator')).token;
    handler = (await t.login('handler.dept.housing')).token;
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('re-encodes a phone JPEG: orientation applied, GPS and all other metadata gone, display and thumbnail sizes', async () => {
    const original = await phoneJpeg(400, 200);
    const before = await sharp(original).metadata();
    expect(before).toMatchObject({ width: 400, height: 200, orientation: 6 });
    expect(hasGpsTag(before.exif)).toBe(true);

    const res = await upload(t, alice, original, { filename: 'IMG_0001.JPG' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9A-Z]{26}$/),
      mime: 'image/jpeg',
      size: original.length,
      width: 200,
      height: 400,
      url: `/api/v1/attachments/${res.body.id}`,
      thumbnailUrl: `/api/v1/attachments/${res.body.id}/thumbnail`,
    });

    const shown = await download(t, alice, res.body.url);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toBe('image/jpeg');
    expect(shown.headers.get('cache-control')).toBe('private, max-age=86400');
    const sha256 = createHash('sha256').update(original).digest('hex');
    expect(shown.headers.get('etag')).toContain(sha256);
    const meta = await sharp(shown.bytes).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 200, height: 400 });
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    // Rotated, not just relabelled: the stored left half (red) is now the top, the right half (blue) the bottom.
    const [top, bottom] = [await pixel(shown.bytes, 100, 20), await pixel(shown.bytes, 100, 380)];
    expect(top[0]).toBeGreaterThan(180);
    expect(top[2]).toBeLessThan(60);
    expect(bottom[2]).toBeGreaterThan(180);
    expect(bottom[0]).toBeLessThan(60);
    expect(shown.bytes.includes(Buffer.from('TestPhone'))).toBe(false);

    const thumb = await download(t, alice, res.body.thumbnailUrl);
    expect(thumb.status).toBe(200);
    expect(await sharp(thumb.bytes).metadata()).toMatchObject({ format: 'jpeg', width: 160, height: 320 });
    expect(thumb.headers.get('etag')).not.toBe(shown.headers.get('etag'));

    // What is on disk is exactly what is served: two files, neither with EXIF.
    const row = await t.db.getRepository(AttachmentEntity).findOneByOrFail({ id: res.body.id });
    expect(row).toMatchObject({ sha256, ticketId: null, usage: null, mime: 'image/jpeg', width: 200, height: 400 });
    const onDisk = fs.readFileSync(path.join(dir, row.storageKey));
    expect(onDisk.equals(shown.bytes)).toBe(true);
    expect((await sharp(onDisk).metadata()).exif).toBeUndefined();
    expect(hasGpsTag(onDisk)).toBe(false);
    expect(filesUnder(dir).map((f) => path.relative(dir, f)).sort()).toEqual([row.storageKey, row.thumbKey].sort());

    // Conditional GET.
    const again = await download(t, alice, res.body.url, { 'if-none-match': shown.headers.get('etag')! });
    expect(again.status).toBe(304);
    expect(again.bytes.length).toBe(0);
  });

  it('decides the type from the bytes: a PNG named .jpg and declared image/jpeg is a PNG; large ones are scaled down', async () => {
    const png = await solid(2000, 1500, 1).png().toBuffer();
    const res = await upload(t, alice, png, { filename: 'holiday.jpg', type: 'image/jpeg' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ mime: 'image/png', width: 2000, height: 1500, size: png.length });
    const shown = await download(t, alice, res.body.url);
    expect(await sharp(shown.bytes).metadata()).toMatchObject({ format: 'jpeg', width: 1280, height: 960 });

    const webp = await solid(300, 300, 2).webp().toBuffer();
    const w = await upload(t, alice, webp, { filename: 'x.bin', type: 'application/octet-stream' });
    expect(w.status).toBe(201);
    expect(w.body).toMatchObject({ mime: 'image/webp', width: 300, height: 300 });
  });

  it('stores the same photo from the same person once; another person gets an attachment of their own', async () => {
    const photo = await solid(640, 480, 3).jpeg().toBuffer();
    const first = await upload(t, alice, photo);
    expect(first.status).toBe(201);
    const files = filesUnder(dir).length;
    const rows = await t.count(AttachmentEntity);

    const second = await upload(t, alice, photo, { filename: 'again.jpeg' });
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(filesUnder(dir).length).toBe(files);
    expect(await t.count(AttachmentEntity)).toBe(rows);

    const bobs = await upload(t, bob, photo);
    expect(bobs.status).toBe(201);
    expect(bobs.body.id).not.toBe(first.body.id);
    expect(await t.count(AttachmentEntity)).toBe(rows + 1);
  });

  describe('refuses bad files and stores nothing for them', () => {
    const post = (init: RequestInit) =>
      fetch(`${t.baseUrl}/api/v1/attachments`, { method: 'POST', ...init, headers: { authorization: `Bearer ${alice}`, ...init.headers } }).then(
        async (r) => ({ status: r.status, body: (await r.json()) as { code: string } }),
      );

    const cases: [string, () => Promise<{ status: number; body: { code: string } }>, number, ErrorCode][] = [
      ['a truncated JPEG', async () => {
        const jpeg = await solid(800, 600, 4).jpeg().toBuffer();
        return upload(t, alice, jpeg.subarray(0, Math.floor(jpeg.length * 0.6)));
      }, 422, ErrorCode.ATTACHMENT_CORRUPT],
      ['a truncated PNG', async () => {
        const png = await solid(300, 300, 5).png().toBuffer();
        return upload(t, alice, png.subarray(0, png.length - 40), { filename: 'a.png', type: 'image/png' });
      }, 422, ErrorCode.ATTACHMENT_CORRUPT],
      ['an HTML page declared as image/jpeg', () =>
        upload(t, alice, Buffer.from('<!doctype html><script>alert(1)</script>'), { filename: 'cat.jpg', type: 'image/jpeg' }),
      415, ErrorCode.ATTACHMENT_TYPE_UNSUPPORTED],
      ['a GIF', async () => upload(t, alice, await solid(20, 20, 6).gif().toBuffer(), { filename: 'a.gif', type: 'image/gif' }), 415, ErrorCode.ATTACHMENT_TYPE_UNSUPPORTED],
      ['a JPEG header followed by garbage', () => upload(t, alice, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)])), 422, ErrorCode.ATTACHMENT_CORRUPT],
      ['a decompression bomb (a few KB of PNG declaring 20000×20000 px)', () => upload(t, alice, pngBomb(), { filename: 'bomb.png', type: 'image/png' }), 422, ErrorCode.ATTACHMENT_TOO_MANY_PIXELS],
      ['a file over 10 MB (Content-Length refused before reading)', () => upload(t, alice, Buffer.alloc(MAX_BYTES + 2 * 1024 * 1024, 1)), 413, ErrorCode.PAYLOAD_TOO_LARGE],
      ['a file one byte over 10 MB (stopped while streaming)', () => upload(t, alice, Buffer.alloc(MAX_BYTES + 1, 1)), 413, ErrorCode.PAYLOAD_TOO_LARGE],
      ['an empty file', () => upload(t, alice, Buffer.alloc(0)), 400, ErrorCode.VALIDATION_FAILED],
      ['the photo in another field', async () => upload(t, alice, await solid(10, 10, 7).jpeg().toBuffer(), { field: 'photo' }), 400, ErrorCode.VALIDATION_FAILED],
      ['an empty multipart body', () => post({ headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '' }), 400, ErrorCode.VALIDATION_FAILED],
      ['a multipart body with fields only', () => {
        const form = new FormData();
        form.append('note', 'hello');
        return post({ body: form });
      }, 400, ErrorCode.VALIDATION_FAILED],
      ['no body at all', () => post({}), 400, ErrorCode.VALIDATION_FAILED],
      ['a JSON body', () => post({ headers: { 'content-type': 'application/json' }, body: '{"file":"x"}' }), 400, ErrorCode.VALIDATION_FAILED],
    ];

    it.each(cases)('%s', async (_name, send, status, code) => {
      const files = filesUnder(dir).length;
      const rows = await t.count(AttachmentEntity);
      const res = await send();
      expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
      expect(filesUnder(dir).length).toBe(files);
      expect(await t.count(AttachmentEntity)).toBe(rows);
    });

    it('asks for a login first', async () => {
      const res = await fetch(`${t.baseUrl}/api/v1/attachments`, { method: 'POST', body: new FormData() });
      expect(res.status).toBe(401);
    });
  });

  it('JSON routes still parse JSON with the multipart parser registered', async () => {
    const res = await t.request('POST', '/api/v1/tickets', { token: alice, body: appeal });
    expect(res.status).toBe(201);
    const bad = await t.request('POST', '/api/v1/tickets', { token: alice, raw: '{"type":', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
  });

  it('shows a photo to its uploader and, once attached, to whoever may see the ticket; to nobody else', async () => {
    const photo = await upload(t, alice, await solid(500, 400, 8).jpeg().toBuffer());
    expect(photo.status).toBe(201);
    const { id, url, thumbnailUrl } = photo.body;
    const missing = await download(t, bob, '/api/v1/attachments/01ARZ3NDEKTSV4RRFFQ69G5FAV');
    expect(missing.status).toBe(404);
    expect(missing.json.code).toBe(ErrorCode.ATTACHMENT_NOT_FOUND);
    expect((await download(t, bob, '/api/v1/attachments/not-an-id')).json.code).toBe(ErrorCode.ATTACHMENT_NOT_FOUND);

    const denied = async (token: string) => {
      for (const u of [url, thumbnailUrl]) {
        const res = await download(t, token, u);
        expect({ status: res.status, code: res.json?.code, message: res.json?.message }).toEqual({
          status: 404,
          code: missing.json.code,
          message: missing.json.message,
        });
      }
    };
    const allowed = async (token: string) => {
      for (const u of [url, thumbnailUrl]) expect((await download(t, token, u)).status).toBe(200);
    };

    await allowed(alice);
    await denied(bob);
    await denied(operator); // not attached to anything yet: only the uploader sees it

    const ticket = await t.request('POST', '/api/v1/tickets', { token: alice, body: appeal });
    expect(ticket.status).toBe(201);
    const aliceId = (await t.db.getRepository(AttachmentEntity).findOneByOrFail({ id })).ownerId;
    await t.db.transaction((tx) => t.app.get(AttachmentsService).claim(tx, aliceId, [id], ticket.body.id, 'ticket'));
    expect(await t.db.getRepository(AttachmentEntity).findOneByOrFail({ id })).toMatchObject({ ticketId: ticket.body.id, usage: 'ticket' });

    await allowed(alice);
    await allowed(operator); // centre staff see every ticket
    await denied(bob);
    await denied(handler); // a unit that takes no part in the ticket
    expect(await t.app.get(AttachmentsService).listForTicket(ticket.body.id)).toEqual([{ ...photo.body, usage: 'ticket' }]);
  });

  it('reads a ticket with several units and several photos with each once (the database answers a row per pair)', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const photo = await upload(t, alice, await solid(300 + i, 200, 10 + i).jpeg().toBuffer());
      expect(photo.status).toBe(201);
      ids.push(photo.body.id);
    }
    const filed = await t.request('POST', '/api/v1/tickets', { token: alice, body: { ...appeal, attachmentIds: ids } });
    expect(filed.status).toBe(201);
    const units = (await t.request('GET', '/api/v1/units', { token: operator })).body as { id: string; code: string }[];
    const unit = (code: string) => (units.find((u) => u.code === code) as { id: string }).id;
    const categoryId = ((await t.request('GET', '/api/v1/categories', { token: operator })).body as { id: string; level3: string }[]).find((c) => c.level3 === '冬季采暖')!.id;
    await act(t, operator, filed.body.id, 'accept', { categoryId });
    const cooperating = [unit('dept.housing'), unit('620201001')].sort();
    await act(t, operator, filed.body.id, 'dispatch', { leadUnitId: unit('co.heating'), cooperatingUnitIds: cooperating });
    const centre = await t.request('GET', `/api/v1/tickets/${filed.body.id}`, { token: operator });
    expect(centre.body).toMatchObject({ leadUnitId: unit('co.heating'), cooperatingUnitIds: cooperating });
    expect(centre.body.photos.map((p: { id: string }) => p.id)).toEqual([...ids].sort());
    // the resident is shown the lead unit, not the cooperating ones, and her photos
    const own = await t.request('GET', `/api/v1/tickets/${filed.body.id}`, { token: alice });
    expect(own.body).toMatchObject({ leadUnitId: unit('co.heating'), cooperatingUnitIds: [] });
    expect(own.body.photos.map((p: { id: string }) => p.id)).toEqual([...ids].sort());
  });

  /** Accepts an appeal (冬季采暖) and dispatches it to co.heating with these cooperating units; gives unit ids by code. */
  async function dispatchToHeating(id: string, cooperating: string[]): Promise<(code: string) => string> {
    const units = (await t.request('GET', '/api/v1/units', { token: operator })).body as { id: string; code: string }[];
    const unit = (code: string) => (units.find((u) => u.code === code) as { id: string }).id;
    const categoryId = ((await t.request('GET', '/api/v1/categories', { token: operator })).body as { id: string; level3: string }[]).find((c) => c.level3 === '冬季采暖')!.id;
    await act(t, operator, id, 'accept', { categoryId });
    await act(t, operator, id, 'dispatch', { leadUnitId: unit('co.heating'), cooperatingUnitIds: cooperating.map(unit) });
    return unit;
  }

  it('keeps the ticket row’s copy of its units and photos in step through filing, supplement, dispatch and reply', async () => {
    const photo = async (token: string, seed: number) => (await upload(t, token, await solid(320, 240, 40 + seed).jpeg().toBuffer())).body.id as string;
    const heating = (await t.login('handler.co.heating')).token;
    const filedWith = [await photo(alice, 1), await photo(alice, 2)];
    const filed = await t.request('POST', '/api/v1/tickets', { token: alice, body: { ...appeal, attachmentIds: filedWith } });
    expect(filed.status).toBe(201);
    const id = filed.body.id as string;
    const supplemented = await photo(alice, 3);
    await act(t, alice, id, 'supplement', { text: '再补充一张夜间的照片', attachmentIds: [supplemented] });
    const unit = await dispatchToHeating(id, ['dept.housing']);
    await act(t, heating, id, 'sign');
    const replyPhoto = await photo(heating, 4);
    const replied = await act(t, heating, id, 'reply', { content: '已更换灯泡', handlerName: '李师傅', handlerPhone: '13900000002', attachmentIds: [replyPhoto] });
    const all = [...filedWith, supplemented, replyPhoto].sort();
    // the action's answer, a fresh read and the tables agree
    expect(replied.photos.map((p: { id: string }) => p.id)).toEqual(all);
    const read = await t.request('GET', `/api/v1/tickets/${id}`, { token: operator });
    expect(read.body.photos.map((p: { id: string; usage: string }) => [p.id, p.usage])).toEqual(
      all.map((p) => [p, p === replyPhoto ? 'reply' : p === supplemented ? 'supplement' : 'ticket']),
    );
    expect(read.body).toMatchObject({ leadUnitId: unit('co.heating'), cooperatingUnitIds: [unit('dept.housing')] });
    const { differences, compared } = await partsCopyDifferences(t.db, [id]);
    expect({ differences, compared }).toEqual({ differences: [], compared: 1 });
  });

  it('reads a ticket whose row has no copy of its parts from the tables, the same as one that has', async () => {
    const ids = [(await upload(t, alice, await solid(330, 240, 60).jpeg().toBuffer())).body.id as string];
    const filed = await t.request('POST', '/api/v1/tickets', { token: alice, body: { ...appeal, attachmentIds: ids } });
    const id = filed.body.id as string;
    const unit = await dispatchToHeating(id, ['dept.housing']);
    // what the centre, the resident and a cooperating unit's handler (its access and its queue) are shown; photo
    // URLs without their signature, which expires an hour from the second it was made (two reads may straddle one)
    const unsigned = <T>(view: T): T => JSON.parse(JSON.stringify(view).replace(/\?exp=\d+&sig=[\w-]+/g, '?signed')) as T;
    const seen = async () =>
      unsigned({
        centre: (await t.request('GET', `/api/v1/tickets/${id}`, { token: operator })).body,
        resident: (await t.request('GET', `/api/v1/tickets/${id}`, { token: alice })).body,
        handler: (await t.request('GET', `/api/v1/tickets/${id}`, { token: handler })).body,
        queue: ((await t.request('GET', '/api/v1/tickets?limit=50', { token: handler })).body.items as { id: string }[]).find((x) => x.id === id),
      });
    const before = await seen();
    expect(before.centre).toMatchObject({ leadUnitId: unit('co.heating'), cooperatingUnitIds: [unit('dept.housing')] });
    expect(before.handler.photos).toHaveLength(1);
    expect(before.handler.photos[0].url).toBe(`/api/v1/attachments/${ids[0]}?signed`);
    expect(before.queue).toBeDefined();
    await t.db.query('UPDATE tickets SET parts = NULL WHERE id = ?', [id]);
    expect(await seen()).toEqual(before);
    // a change leaves it without one (the tables stay the record) and is read the same way
    await act(t, alice, id, 'supplement', { text: '补充说明：灯在三号楼门口' });
    const [row] = (await t.db.query('SELECT parts FROM tickets WHERE id = ?', [id])) as { parts: string | null }[];
    expect(row?.parts).toBeNull();
    expect(unsigned((await t.request('GET', `/api/v1/tickets/${id}`, { token: operator })).body)).toMatchObject({
      cooperatingUnitIds: [unit('dept.housing')],
      photos: before.centre.photos,
    });
  });

  (process.env.TEST_DATABASE_URL ? it.skip : it)('SQLite: copies the tables into rows without a copy at start, as the writers would', async () => {
    const ids = [(await upload(t, alice, await solid(340, 240, 70).jpeg().toBuffer())).body.id as string, (await upload(t, alice, await solid(350, 240, 71).jpeg().toBuffer())).body.id as string];
    const filed = await t.request('POST', '/api/v1/tickets', { token: alice, body: { ...appeal, attachmentIds: ids } });
    const id = filed.body.id as string;
    await dispatchToHeating(id, ['dept.housing', '620201001']);
    const [written] = (await t.db.query('SELECT parts FROM tickets WHERE id = ?', [id])) as { parts: string }[];
    await t.db.query('UPDATE tickets SET parts = NULL');
    await copyPartsIntoRowsSqlite(t.db);
    const [copied] = (await t.db.query('SELECT parts FROM tickets WHERE id = ?', [id])) as { parts: string }[];
    expect(partsOf(copied!)).toEqual({ ...partsOf(written!), units: [...partsOf(written!)!.units].sort((a, b) => (a.unitId < b.unitId ? -1 : 1)) });
    const { differences, compared } = await partsCopyDifferences(t.db);
    expect(differences).toEqual([]);
    expect(compared).toBe(Number(((await t.db.query('SELECT COUNT(*) AS n FROM tickets')) as { n: unknown }[])[0]?.n));
  });

  describe('claim(tx, ownerId, ids, ticketId, usage)', () => {
    let ownerId: string;
    let ticketId: string;
    let n = 100;
    const fresh = async (token = alice) => {
      const res = await upload(t, token, await solid(32, 32, n++).png().toBuffer(), { filename: 'p.png', type: 'image/png' });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const claim = (owner: string, ids: string[], ticket = ticketId) =>
      t.db.transaction((tx) => t.app.get(AttachmentsService).claim(tx, owner, ids, ticket, 'supplement'));
    const refused = async (promise: Promise<unknown>) => {
      const err = await promise.then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: ErrorCode.VALIDATION_FAILED, details: [expect.objectContaining({ path: 'attachmentIds' })] });
    };
    const unclaimed = async (ids: string[]) => {
      for (const id of ids) expect((await t.db.getRepository(AttachmentEntity).findOneByOrFail({ id })).ticketId).toBeNull();
    };

    beforeAll(async () => {
      const id = await fresh();
      ownerId = (await t.db.getRepository(AttachmentEntity).findOneByOrFail({ id })).ownerId;
      ticketId = (await t.request('POST', '/api/v1/tickets', { token: alice, body: appeal })).body.id;
    });

    it('attaches several photos at once, and an empty list does nothing', async () => {
      const ids = [await fresh(), await fresh(), await fresh()];
      await claim(ownerId, []);
      await claim(ownerId, ids);
      const rows = await t.db.getRepository(AttachmentEntity).findBy({ ticketId });
      expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
      expect(rows.every((r) => r.usage === 'supplement')).toBe(true);
    });

    it('refuses, changing nothing: another owner’s photo, a missing id, an attached photo, a duplicate, more than 9', async () => {
      const mine = await fresh();
      const bobs = await fresh(bob);
      await refused(claim(ownerId, [mine, bobs]));
      await refused(claim(ownerId, [mine, '01ARZ3NDEKTSV4RRFFQ69G5FAV']));
      await refused(claim(ownerId, [mine, 'nonsense']));
      await refused(claim(ownerId, [mine, mine]));
      await unclaimed([mine, bobs]);

      await claim(ownerId, [mine]);
      await refused(claim(ownerId, [mine])); // attached once
      const many = await Promise.all(Array.from({ length: 10 }, () => fresh()));
      await refused(claim(ownerId, many));
      await unclaimed(many);
      await claim(ownerId, many.slice(0, 9));
    });
  });

  it('deletes photos never attached once they are old enough, files and all; attached and recent ones stay', async () => {
    const up = async (seed: number) => (await upload(t, alice, await solid(64, 48, 100 + seed).jpeg().toBuffer())).body.id as string;
    const abandoned = await up(1);
    const attached = await up(2);
    const filed = await t.request('POST', '/api/v1/tickets', {
      token: alice,
      body: { type: 'complaint', description: '路灯坏了，晚上看不见路，请尽快修理', confidential: false, attachmentIds: [attached] },
    });
    expect(filed.status).toBe(201);
    const cutoff = new Date(Date.now() + 1000);
    await new Promise((r) => setTimeout(r, 1100));
    const recent = await up(3);
    const rows = t.db.getRepository(AttachmentEntity);
    const files = async (id: string) => {
      const row = await rows.findOneByOrFail({ id });
      return [row.storageKey, row.thumbKey].map((k) => fs.existsSync(path.join(dir, k)));
    };
    const abandonedRow = await rows.findOneByOrFail({ id: abandoned });
    expect(await files(abandoned)).toEqual([true, true]);

    const deleted = await t.app.get(AttachmentsService).sweepUnattached(cutoff);
    expect(deleted).toBeGreaterThanOrEqual(1); // earlier tests' unattached photos are older too
    expect(await rows.findOneBy({ id: abandoned })).toBeNull();
    expect([abandonedRow.storageKey, abandonedRow.thumbKey].map((k) => fs.existsSync(path.join(dir, k)))).toEqual([false, false]);
    expect(await files(attached)).toEqual([true, true]);
    expect(await files(recent)).toEqual([true, true]);
    expect((await download(t, alice, `/api/v1/attachments/${abandoned}`)).status).toBe(404);
    expect((await download(t, alice, `/api/v1/attachments/${attached}`)).status).toBe(200);
    // Nothing left to do: a second sweep (another process) deletes nothing.
    expect(await t.app.get(AttachmentsService).sweepUnattached(cutoff)).toBe(0);
  });
});
