import { ErrorCode, LIMITS } from '@jyg12345/shared';
import { ApiError } from '../../services/api-error';
import { describeUploadError } from '../../services/photo-errors';

export { describeUploadError, pickFailureMessage } from '../../services/photo-errors';

/**
 * The photos of one form, each uploading on its own as soon as it is picked: a few at a time, each with its
 * progress, a retry for failures that may pass next time (network, 5xx) and a plain reason for those that
 * will not (too large, not an image). Pure logic: the page renders `items()` and the upload is injected.
 */
export type PhotoStatus = 'queued' | 'uploading' | 'done' | 'failed';

export interface PhotoItem {
  key: string;
  /** Local file (weapp temp path, H5 blob: URL): what the tile shows. */
  path: string;
  size: number;
  status: PhotoStatus;
  /** 0..100 while uploading. */
  progress: number;
  attachmentId: string | null;
  /** Why it failed, in Chinese; `short` fits a 96 px tile. */
  error: { message: string; short: string } | null;
  /** Whether tapping the failed tile may help. */
  retryable: boolean;
}

/** What a draft keeps of an uploaded photo. */
export interface UploadedPhoto {
  attachmentId: string;
  path: string;
}

export interface UploadHooks {
  onProgress: (percent: number) => void;
  onTask: (abort: () => void) => void;
}
export type UploadFn = (path: string, hooks: UploadHooks) => Promise<{ id: string }>;

export interface PhotoQueueOptions {
  max?: number;
  concurrency?: number;
  /** Files above this are refused without uploading. */
  maxBytes?: number;
  /** Photos a restored draft already uploaded. */
  initial?: readonly UploadedPhoto[];
}

export class PhotoQueue {
  readonly max: number;
  private readonly concurrency: number;
  private readonly maxBytes: number;
  private list: PhotoItem[];
  private readonly listeners = new Set<(items: readonly PhotoItem[]) => void>();
  private readonly aborts = new Map<string, () => void>();
  private waiters: (() => void)[] = [];
  private seq = 0;

  constructor(
    private readonly upload: UploadFn,
    options: PhotoQueueOptions = {},
  ) {
    this.max = options.max ?? 9;
    this.concurrency = options.concurrency ?? 3;
    this.maxBytes = options.maxBytes ?? LIMITS.photoMaxBytes;
    this.list = (options.initial ?? []).slice(0, this.max).map((p) => ({
      key: this.nextKey(),
      path: p.path,
      size: 0,
      status: 'done' as const,
      progress: 100,
      attachmentId: p.attachmentId,
      error: null,
      retryable: false,
    }));
  }

  items(): readonly PhotoItem[] {
    return this.list;
  }

  /** How many more may be added. */
  room(): number {
    return Math.max(0, this.max - this.list.length);
  }

  subscribe(listener: (items: readonly PhotoItem[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Adds picked files (beyond `max` they are dropped) and starts uploading; returns how many were taken. */
  add(files: readonly { path: string; size: number }[]): number {
    const taken = files.slice(0, this.room());
    if (taken.length === 0) return 0;
    const added = taken.map((f): PhotoItem => {
      const tooLarge = f.size > this.maxBytes;
      const error = tooLarge ? describeUploadError(new ApiError(ErrorCode.PAYLOAD_TOO_LARGE, 413), this.maxBytes) : null;
      return {
        key: this.nextKey(),
        path: f.path,
        size: f.size,
        status: tooLarge ? 'failed' : 'queued',
        progress: 0,
        attachmentId: null,
        error: error ? { message: error.message, short: error.short } : null,
        retryable: false,
      };
    });
    this.list = [...this.list, ...added];
    this.changed();
    return taken.length;
  }

  /** Uploads a failed photo again (only when the failure may pass). */
  retry(key: string): void {
    const item = this.list.find((i) => i.key === key);
    if (!item || item.status !== 'failed' || !item.retryable) return;
    this.patch(key, { status: 'queued', progress: 0, error: null, retryable: false });
  }

  /** Drops a photo; an upload in flight is aborted (its answer is ignored either way). */
  remove(key: string): void {
    if (!this.list.some((i) => i.key === key)) return;
    this.aborts.get(key)?.();
    this.aborts.delete(key);
    this.list = this.list.filter((i) => i.key !== key);
    this.changed();
  }

  clear(): void {
    for (const abort of this.aborts.values()) abort();
    this.aborts.clear();
    this.list = [];
    this.changed();
  }

  /** Whether any photo is still waiting or uploading. */
  pending(): boolean {
    return this.list.some((i) => i.status === 'queued' || i.status === 'uploading');
  }

  failed(): PhotoItem[] {
    return this.list.filter((i) => i.status === 'failed');
  }

  uploaded(): UploadedPhoto[] {
    return this.list.filter((i) => i.status === 'done' && i.attachmentId).map((i) => ({ attachmentId: i.attachmentId!, path: i.path }));
  }

  attachmentIds(): string[] {
    return this.uploaded().map((p) => p.attachmentId);
  }

  /** Resolves once nothing is waiting or uploading (at once if that is already so). */
  settled(): Promise<void> {
    if (!this.pending()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private nextKey(): string {
    this.seq += 1;
    return `photo-${this.seq}`;
  }

  private patch(key: string, patch: Partial<PhotoItem>): void {
    let found = false;
    this.list = this.list.map((i) => {
      if (i.key !== key) return i;
      found = true;
      return { ...i, ...patch };
    });
    if (found) this.changed();
  }

  private changed(): void {
    this.pump();
    const snapshot = this.list;
    for (const listener of this.listeners) listener(snapshot);
    if (!this.pending() && this.waiters.length > 0) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  /** Starts queued uploads while fewer than `concurrency` run. */
  private pump(): void {
    let running = this.list.filter((i) => i.status === 'uploading').length;
    for (const item of this.list) {
      if (running >= this.concurrency) break;
      if (item.status !== 'queued') continue;
      running += 1;
      this.start(item);
    }
  }

  private start(item: PhotoItem): void {
    const { key } = item;
    // Mark it without notifying yet: pump() runs inside changed(), which notifies once afterwards.
    this.list = this.list.map((i) => (i.key === key ? { ...i, status: 'uploading' as const, progress: 0 } : i));
    const current = () => this.list.find((i) => i.key === key && i.status === 'uploading');
    let settled = false;
    const run = async () => {
      try {
        const result = await this.upload(item.path, {
          onProgress: (percent) => {
            const live = current();
            // 100 means sent, not yet answered: keep the tile in progress until the id arrives.
            if (!settled && live && percent !== live.progress) this.patch(key, { progress: Math.min(99, Math.round(percent)) });
          },
          onTask: (abort) => this.aborts.set(key, abort),
        });
        settled = true;
        this.aborts.delete(key);
        if (current()) this.patch(key, { status: 'done', progress: 100, attachmentId: result.id });
      } catch (error) {
        settled = true;
        this.aborts.delete(key);
        if (!current()) return;
        const described = describeUploadError(error, this.maxBytes);
        this.patch(key, { status: 'failed', error: { message: described.message, short: described.short }, retryable: described.retryable });
      }
    };
    void run();
  }
}
