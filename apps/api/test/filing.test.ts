import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AttachmentEntity, TicketEntity } from '../src/database/entities.js';
import { phoneJpeg, upload } from './support/images.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** What filing does with what a resident sends: photos attached once, the location resolved and flagged. */
describe('filing with photos and a location', () => {
  let t: TestApp;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    t = await startTestApp();
    alice = (await t.resident('photo-alice')).token;
    bob = (await t.resident('photo-bob')).token;
  });
  afterAll(() => t.close());

  const body = (extra: Record<string, unknown> = {}) => ({
    type: 'complaint',
    description: '人行道上的井盖丢失，很危险，请尽快处理',
    location: { lat: 39.8023, lng: 98.2901, coordSystem: 'gcj02', address: '雄关区新华中路' },
    confidential: false,
    ...extra,
  });

  it('attaches uploaded photos to the ticket, with URLs signed for the viewer', async () => {
    const a = await upload(t, alice, await phoneJpeg(640, 480));
    const b = await upload(t, alice, await phoneJpeg(480, 640));
    expect([a.status, b.status]).toEqual([201, 201]);
    const res = await t.request('POST', '/api/v1/tickets', { token: alice, body: body({ attachmentIds: [a.body.id, b.body.id] }) });
    expect(res.status).toBe(201);
    expect(res.body.photos.map((p: { id: string }) => p.id).sort()).toEqual([a.body.id, b.body.id].sort());
    const rows = await t.db.getRepository(AttachmentEntity).findBy({ ticketId: res.body.id });
    expect(rows).toHaveLength(2);

    // A signed URL works without a token (an <image> tag cannot send one) …
    const photo = res.body.photos[0];
    const img = await fetch(`${t.baseUrl}${photo.thumbnailUrl}`);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/jpeg');
    // … but not once tampered with, and not for another attachment.
    const signed = new URL(photo.thumbnailUrl, t.baseUrl);
    const sig = signed.searchParams.get('sig') as string;
    signed.searchParams.set('sig', `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`);
    const tampered = await fetch(signed);
    expect(tampered.status).toBe(404);
    const other = res.body.photos[1];
    const swapped = photo.url.replace(photo.id, other.id);
    expect((await fetch(`${t.baseUrl}${swapped}`)).status).toBe(404);
    // Unsigned requests still need a token.
    expect((await fetch(`${t.baseUrl}/api/v1/attachments/${photo.id}`)).status).toBe(401);
  });

  it('refuses photos that are not the filer’s own or already attached, and files nothing', async () => {
    const mine = await upload(t, alice, await phoneJpeg(300, 300));
    await t.request('POST', '/api/v1/tickets', { token: alice, body: body({ attachmentIds: [mine.body.id] }) });
    const before = await t.count(TicketEntity);
    const again = await t.request('POST', '/api/v1/tickets', { token: alice, body: body({ attachmentIds: [mine.body.id] }) });
    expect([again.status, again.body.code, again.body.details?.[0]?.path]).toEqual([400, 'VALIDATION_FAILED', 'attachmentIds']);
    const stolen = await t.request('POST', '/api/v1/tickets', { token: bob, body: body({ attachmentIds: [mine.body.id] }) });
    expect(stolen.status).toBe(400);
    const tooMany = await t.request('POST', '/api/v1/tickets', { token: alice, body: body({ attachmentIds: Array(10).fill(mine.body.id) }) });
    expect(tooMany.status).toBe(400);
    expect(await t.count(TicketEntity)).toBe(before);
  });

  it('shows the reply’s photos to the resident', async () => {
    const operator = (await t.login('operator')).token;
    const heating = (await t.login('handler.co.heating')).token;
    const units = (await t.request('GET', '/api/v1/units', { token: operator })).body as { id: string; code: string }[];
    const categories = (await t.request('GET', '/api/v1/categories', { token: operator })).body as { id: string }[];
    const created = await t.request('POST', '/api/v1/tickets', { token: alice, body: body() });
    const id = created.body.id as string;
    await t.request('POST', `/api/v1/tickets/${id}/actions/accept`, { token: operator, body: { version: 1, categoryId: categories[0]?.id } });
    await t.request('POST', `/api/v1/tickets/${id}/actions/dispatch`, {
      token: operator,
      body: { version: 2, leadUnitId: units.find((u) => u.code === 'co.heating')?.id },
    });
    await t.request('POST', `/api/v1/tickets/${id}/actions/sign`, { token: heating, body: { version: 3 } });
    const proof = await upload(t, heating, await phoneJpeg(800, 600));
    const replied = await t.request('POST', `/api/v1/tickets/${id}/actions/reply`, {
      token: heating,
      body: { version: 4, content: '已补装井盖', handlerName: '钱师傅', handlerPhone: '13900000003', attachmentIds: [proof.body.id] },
    });
    expect(replied.status).toBe(200);
    const seen = await t.request('GET', `/api/v1/tickets/${id}`, { token: alice });
    expect(seen.body.photos).toEqual([expect.objectContaining({ id: proof.body.id, usage: 'reply' })]);
    expect((await fetch(`${t.baseUrl}${seen.body.photos[0].url}`)).status).toBe(200);
  });

  /** Signed URLs carry an expiry to the second: compare what they point at. */
  const unsigned = (view: { photos: { url: string; thumbnailUrl: string }[] }) => ({
    ...view,
    photos: view.photos.map((ph) => ({ ...ph, url: ph.url.split('?')[0], thumbnailUrl: ph.thumbnailUrl.split('?')[0] })),
  });

  it('answers a filing with the ticket exactly as reading it back shows it', async () => {
    const photos = [await upload(t, alice, await phoneJpeg(320, 240)), await upload(t, alice, await phoneJpeg(240, 320))];
    const ids = photos.map((ph) => ph.body.id as string);
    const filed = await t.request('POST', '/api/v1/tickets', {
      token: alice,
      body: body({ title: '井盖', contact: { name: '张先生', phone: '13800000000' }, confidential: true, attachmentIds: [...ids].reverse() }),
    });
    expect(filed.status).toBe(201);
    const read = await t.request('GET', `/api/v1/tickets/${filed.body.id}`, { token: alice });
    expect(unsigned(read.body)).toEqual(unsigned(filed.body));
    expect(filed.body.photos.map((ph: { id: string; usage: string }) => [ph.id, ph.usage])).toEqual([...ids].sort().map((id) => [id, 'ticket']));

    // An operator's registration for a caller, read back by the centre.
    const operator = (await t.login('operator')).token;
    const categories = (await t.request('GET', '/api/v1/categories', { token: operator })).body as { id: string }[];
    const registered = await t.request('POST', '/api/v1/tickets', {
      token: operator,
      body: body({ channel: 'phone', categoryId: categories[0]?.id, urgent: true, contact: { name: '李女士', phone: '13900000001' } }),
    });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ status: 'accepted', channel: 'phone', urgent: true });
    const back = await t.request('GET', `/api/v1/tickets/${registered.body.id}`, { token: operator });
    expect(back.body).toEqual(registered.body);
  });

  it('replays a filing with photos from its key, and refuses the key with another body, writing nothing', async () => {
    const photo = await upload(t, alice, await phoneJpeg(200, 300));
    const headers = { 'idempotency-key': `photo-draft-${photo.body.id}` };
    const first = await t.request('POST', '/api/v1/tickets', { token: alice, body: body({ attachmentIds: [photo.body.id] }), headers });
    expect(first.status).toBe(201);
    const before = await t.count(TicketEntity);
    // The photo is attached by now: the retry must still get the first answer, not a refusal of the photo.
    const again = await t.request('POST', '/api/v1/tickets', { token: alice, body: body({ attachmentIds: [photo.body.id] }), headers });
    expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
    expect(again.body).toEqual(first.body);
    const other = await t.request('POST', '/api/v1/tickets', { token: alice, body: body({ description: '另一件事：路灯不亮，晚上很黑' }), headers });
    expect([other.status, other.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect(await t.count(TicketEntity)).toBe(before);
    const rows = await t.db.getRepository(AttachmentEntity).findBy({ ticketId: first.body.id });
    expect(rows.map((r) => r.id)).toEqual([photo.body.id]);
  });

  it('resolves a location in Jiayuguan to its street and keeps WGS-84 beside GCJ-02', async () => {
    const res = await t.request('POST', '/api/v1/tickets', { token: alice, body: body() });
    expect(res.body).toMatchObject({ outsideArea: false, streetId: expect.any(String) });
    expect(res.body.location).toMatchObject({ lat: 39.8023, lng: 98.2901, coordSystem: 'gcj02' });
    // GCJ-02 is offset from WGS-84 by a few hundred metres in China.
    expect(Math.abs(res.body.wgs84.lat - 39.8023)).toBeGreaterThan(0.0005);
    expect(Math.abs(res.body.wgs84.lat - 39.8023)).toBeLessThan(0.01);
  });

  it('accepts an appeal from outside the service area and flags it for the operator', async () => {
    const lanzhou = body({ location: { lat: 36.0611, lng: 103.8343, coordSystem: 'gcj02', address: '兰州市城关区' } });
    const res = await t.request('POST', '/api/v1/tickets', { token: alice, body: lanzhou });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ outsideArea: true, streetId: null, status: 'submitted' });
  });
});
