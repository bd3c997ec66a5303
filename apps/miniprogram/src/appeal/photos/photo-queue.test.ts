import { describe, expect, it, jest } from '@jest/globals';
import { ErrorCode } from '@jyg12345/shared';
import { ApiError, ClientErrorCode } from '../../services/api-error';
import { PhotoQueue, type UploadFn, type UploadHooks } from './photo-queue';

/** An upload whose outcome each test decides, one call at a time. */
function controlledUpload() {
  const calls: { path: string; hooks: UploadHooks; resolve: (id: string) => void; reject: (e: unknown) => void; aborted: boolean }[] = [];
  const upload: UploadFn = (path, hooks) =>
    new Promise((resolve, reject) => {
      const call = {
        path,
        hooks,
        resolve: (id: string) => resolve({ id }),
        reject,
        aborted: false,
      };
      hooks.onTask(() => {
        call.aborted = true;
        reject(new ApiError(ClientErrorCode.NETWORK_ERROR, 0));
      });
      calls.push(call);
    });
  return { upload, calls };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const file = (n: number, size = 1000) => ({ path: `tmp/${n}.jpg`, size });

describe('PhotoQueue', () => {
  it('uploads each photo on its own, a few at a time, and reports progress', async () => {
    const { upload, calls } = controlledUpload();
    const queue = new PhotoQueue(upload, { concurrency: 2 });
    const seen = jest.fn();
    queue.subscribe(seen);

    expect(queue.add([file(1), file(2), file(3)])).toBe(3);
    expect(queue.items().map((i) => i.status)).toEqual(['uploading', 'uploading', 'queued']);
    expect(calls.map((c) => c.path)).toEqual(['tmp/1.jpg', 'tmp/2.jpg']);

    calls[0]!.hooks.onProgress(40);
    expect(queue.items()[0]!.progress).toBe(40);
    // Sent is not answered: a tile stays below 100 until the id arrives.
    calls[0]!.hooks.onProgress(100);
    expect(queue.items()[0]!.progress).toBe(99);

    calls[0]!.resolve('A1');
    await flush();
    expect(queue.items()[0]).toMatchObject({ status: 'done', attachmentId: 'A1', progress: 100 });
    // The freed slot goes to the third photo.
    expect(calls.map((c) => c.path)).toEqual(['tmp/1.jpg', 'tmp/2.jpg', 'tmp/3.jpg']);
    expect(seen).toHaveBeenCalled();
  });

  it('keeps at most `max` photos', () => {
    const { upload } = controlledUpload();
    const queue = new PhotoQueue(upload, { max: 9 });
    expect(queue.add(Array.from({ length: 7 }, (_, i) => file(i)))).toBe(7);
    expect(queue.room()).toBe(2);
    expect(queue.add([file(7), file(8), file(9)])).toBe(2);
    expect(queue.items()).toHaveLength(9);
    expect(queue.add([file(10)])).toBe(0);
  });

  it('a network failure can be retried; the retry uploads the same file again', async () => {
    const { upload, calls } = controlledUpload();
    const queue = new PhotoQueue(upload);
    queue.add([file(1)]);
    calls[0]!.reject(new ApiError(ClientErrorCode.NETWORK_ERROR, 0));
    await flush();
    const [failed] = queue.items();
    expect(failed).toMatchObject({ status: 'failed', retryable: true, error: { short: '上传失败' } });
    expect(queue.pending()).toBe(false);
    expect(queue.failed()).toHaveLength(1);

    queue.retry(failed!.key);
    expect(queue.items()[0]!.status).toBe('uploading');
    expect(calls[1]!.path).toBe('tmp/1.jpg');
    calls[1]!.resolve('A2');
    await flush();
    expect(queue.attachmentIds()).toEqual(['A2']);
    expect(queue.failed()).toHaveLength(0);
  });

  it('a refused file says why and is not retried', async () => {
    const { upload, calls } = controlledUpload();
    const queue = new PhotoQueue(upload);
    queue.add([file(1)]);
    calls[0]!.reject(new ApiError(ErrorCode.ATTACHMENT_TYPE_UNSUPPORTED, 415));
    await flush();
    const [item] = queue.items();
    expect(item).toMatchObject({ status: 'failed', retryable: false, error: { message: '仅支持 JPEG、PNG、WebP 格式的图片' } });
    queue.retry(item!.key);
    expect(calls).toHaveLength(1);
  });

  it('refuses a file above the size limit without uploading it', () => {
    const { upload, calls } = controlledUpload();
    const queue = new PhotoQueue(upload, { maxBytes: 10 * 1024 * 1024 });
    queue.add([file(1, 11 * 1024 * 1024), file(2)]);
    expect(queue.items()[0]).toMatchObject({ status: 'failed', retryable: false, error: { short: '图片过大' } });
    expect(calls.map((c) => c.path)).toEqual(['tmp/2.jpg']);
  });

  it('removing a photo aborts its upload and ignores the answer', async () => {
    const { upload, calls } = controlledUpload();
    const queue = new PhotoQueue(upload, { concurrency: 1 });
    queue.add([file(1), file(2)]);
    queue.remove(queue.items()[0]!.key);
    expect(calls[0]!.aborted).toBe(true);
    await flush();
    expect(queue.items().map((i) => i.path)).toEqual(['tmp/2.jpg']);
    expect(queue.items()[0]!.status).toBe('uploading');
    calls[1]!.resolve('B');
    await flush();
    expect(queue.attachmentIds()).toEqual(['B']);
  });

  it('settled() waits for every pending upload, whatever its outcome', async () => {
    const { upload, calls } = controlledUpload();
    const queue = new PhotoQueue(upload, { concurrency: 1 });
    queue.add([file(1), file(2)]);
    let done = false;
    const settled = queue.settled().then(() => {
      done = true;
    });
    calls[0]!.resolve('A');
    await flush();
    expect(done).toBe(false);
    calls[1]!.reject(new Error('boom'));
    await settled;
    expect(done).toBe(true);
    expect(queue.attachmentIds()).toEqual(['A']);
    expect(queue.failed()).toHaveLength(1);
    await expect(queue.settled()).resolves.toBeUndefined();
  });

  it('starts with the photos a restored draft already uploaded, in order', () => {
    const { upload, calls } = controlledUpload();
    const queue = new PhotoQueue(upload, { initial: [{ attachmentId: 'A', path: 'tmp/a.jpg' }, { attachmentId: 'B', path: 'tmp/b.jpg' }] });
    expect(calls).toHaveLength(0);
    expect(queue.pending()).toBe(false);
    expect(queue.uploaded()).toEqual([
      { attachmentId: 'A', path: 'tmp/a.jpg' },
      { attachmentId: 'B', path: 'tmp/b.jpg' },
    ]);
    expect(queue.room()).toBe(7);
  });

  it('keeps the order of the tiles, not of the answers', async () => {
    const { upload, calls } = controlledUpload();
    const queue = new PhotoQueue(upload);
    queue.add([file(1), file(2)]);
    calls[1]!.resolve('second');
    await flush();
    calls[0]!.resolve('first');
    await flush();
    expect(queue.attachmentIds()).toEqual(['first', 'second']);
  });
});
