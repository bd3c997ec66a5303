import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { native } from '../../native';
import { pickFailureMessage, type PhotoItem, type PhotoQueue } from './photo-queue';

/** The sentence for photos that did not upload, shown when the resident submits. */
export function failedPhotosMessage(failed: readonly PhotoItem[]): string {
  return `有 ${failed.length} 张照片未上传成功，请点按照片重试，或删除后再提交`;
}

/**
 * A form's photos on a PhotoQueue: the tiles to render, picking (the room left), previewing the uploaded ones,
 * and waiting for those still on their way when the form is submitted. `onChange` sees every change of the list.
 */
export function usePhotoQueue(queue: PhotoQueue, onChange?: (items: readonly PhotoItem[]) => void) {
  const [items, setItems] = useState<readonly PhotoItem[]>(() => queue.items());
  const [waiting, setWaiting] = useState(false);
  const changed = useRef(onChange);
  changed.current = onChange;
  useEffect(
    () =>
      queue.subscribe((next) => {
        setItems(next);
        changed.current?.(next);
      }),
    [queue],
  );

  /** Opens the picker for the room left; `notice` says why some or all were not taken (null when all were). */
  const pick = async (): Promise<{ picked: boolean; notice: string | null }> => {
    const room = queue.room();
    if (room === 0) return { picked: false, notice: null };
    const result = await native.chooseImages(room);
    if (!result.ok) return { picked: false, notice: pickFailureMessage(result.reason) };
    const taken = queue.add(result.value.map((m) => ({ path: m.tempFilePath, size: m.size })));
    return { picked: true, notice: taken < result.value.length ? `最多 ${queue.max} 张照片` : null };
  };

  /** Opens the uploaded photos full-screen, at the one tapped. */
  const preview = (key: string) => {
    const done = items.filter((i) => i.status === 'done');
    const current = done.find((i) => i.key === key);
    if (current) void Taro.previewImage({ current: current.path, urls: done.map((i) => i.path) }).catch(() => undefined);
  };

  /** Waits for the photos still uploading; the sentence to show when some failed, else null. */
  const settle = async (): Promise<string | null> => {
    if (queue.pending()) {
      setWaiting(true);
      await queue.settled();
      setWaiting(false);
    }
    const failed = queue.failed();
    return failed.length > 0 ? failedPhotosMessage(failed) : null;
  };

  return { items, waiting, pick, preview, settle };
}
