import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ErrorCode } from '@jyg12345/shared';
import S3rver from 's3rver';
import sharp from 'sharp';
import { AttachmentEntity } from '../src/database/entities.js';
import { download, filesUnder, hasGpsTag, phoneJpeg, pngBomb, solid, upload } from './support/images.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const BUCKET = 'jyg-attachments-test';
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** The same API with S3_* set: photos go to a local S3 server (s3rver on a random loopback port), never to disk. */
describe('photos in an S3-compatible store', () => {
  let s3rver: S3rver;
  let s3: S3Client;
  let s3dir: string;
  let diskDir: string;
  let t: TestApp;
  let token: string;

  const keys = async () => {
    const res = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    return (res.Contents ?? []).map((o) => o.Key!).sort();
  };

  beforeAll(async () => {
    s3dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jyg-s3rver-'));
    diskDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jyg-attachments-'));
    s3rver = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3dir, configureBuckets: [{ name: BUCKET, configs: [] }] });
    const { port } = await s3rver.run();
    const endpoint = `http://127.0.0.1:${port}`;
    s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: CREDENTIALS });
    t = await startTestApp({
      ATTACHMENTS_DIR: diskDir,
      S3_ENDPOINT: endpoint,
      S3_BUCKET: BUCKET,
      S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      S3_REGION: 'us-east-1',
      S3_FORCE_PATH_STYLE: 'true',
    });
    token = (await t.resident('photo-s3')).token;
  });
  afterAll(async () => {
    await t?.close();
    s3?.destroy();
    await s3rver?.close();
    fs.rmSync(s3dir, { recursive: true, force: true });
    fs.rmSync(diskDir, { recursive: true, force: true });
  });

  it('stores the re-encoded display copy and thumbnail as two objects, without EXIF or GPS, and serves them back', async () => {
    const original = await phoneJpeg(400, 200);
    const res = await upload(t, token, original);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ mime: 'image/jpeg', width: 200, height: 400, size: original.length });

    const row = await t.db.getRepository(AttachmentEntity).findOneByOrFail({ id: res.body.id });
    expect(await keys()).toEqual([row.storageKey, row.thumbKey].sort());
    expect(filesUnder(diskDir)).toEqual([]);

    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: row.storageKey }));
    expect(object.ContentType).toBe('image/jpeg');
    const stored = Buffer.from(await object.Body!.transformToByteArray());
    const meta = await sharp(stored).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 200, height: 400 });
    expect(meta.exif).toBeUndefined();
    expect(hasGpsTag(stored)).toBe(false);

    const shown = await download(t, token, res.body.url);
    expect(shown.status).toBe(200);
    expect(shown.bytes.equals(stored)).toBe(true);
    const thumb = await download(t, token, res.body.thumbnailUrl);
    expect(await sharp(thumb.bytes).metadata()).toMatchObject({ width: 160, height: 320 });

    const again = await upload(t, token, original);
    expect(again.body.id).toBe(res.body.id);
    expect((await keys()).length).toBe(2);
  });

  it.each([
    ['a truncated JPEG', async () => (await solid(800, 600, 9).jpeg().toBuffer()).subarray(0, 3000), 422, ErrorCode.ATTACHMENT_CORRUPT],
    ['HTML declared as a JPEG', async () => Buffer.from('<html><body>hi</body></html>'), 415, ErrorCode.ATTACHMENT_TYPE_UNSUPPORTED],
    ['a decompression bomb', async () => pngBomb(), 422, ErrorCode.ATTACHMENT_TOO_MANY_PIXELS],
  ] as const)('refuses %s and writes no object', async (_name, make, status, code) => {
    const before = await keys();
    const rows = await t.count(AttachmentEntity);
    const res = await upload(t, token, await make());
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(await keys()).toEqual(before);
    expect(await t.count(AttachmentEntity)).toBe(rows);
  });
});
