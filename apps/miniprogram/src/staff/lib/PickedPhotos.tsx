import { Image, View } from '@tarojs/components';
import { LIMITS } from '@jyg12345/shared';
import { native } from '../../native';
import { describeUploadError, pickFailureMessage } from '../../services/photo-errors';
import { staffApi } from './api';
import { isSignedOut, toStaffLogin } from './session';
import './PickedPhotos.scss';

/** A photo a handler picked for a reply or a report. */
export interface PickedPhoto {
  path: string;
  /** Set once uploaded, so a retried submit does not upload it again. */
  attachmentId?: string;
}

/** Opens the picker for the room left: the longer list, or why nothing was added (null when cancelled). */
export async function pickMore(photos: readonly PickedPhoto[]): Promise<{ ok: true; photos: PickedPhoto[] } | { ok: false; message: string | null }> {
  const result = await native.chooseImages(LIMITS.photosPerTicket - photos.length);
  if (!result.ok) return { ok: false, message: pickFailureMessage(result.reason) };
  return { ok: true, photos: [...photos, ...result.value.map((m) => ({ path: m.tempFilePath }))].slice(0, LIMITS.photosPerTicket) };
}

/**
 * Uploads the photos not uploaded yet, one by one. `photos` is the list with every id got so far (keep it, so a retry
 * uploads only the rest); `error` the sentence to show when one failed (a signed-out handler is sent to log in).
 */
export async function uploadPicked(picked: readonly PickedPhoto[]): Promise<{ photos: PickedPhoto[]; error: string | null }> {
  const photos = [...picked];
  try {
    for (const [i, photo] of photos.entries()) {
      if (!photo.attachmentId) photos[i] = { ...photo, attachmentId: (await staffApi.upload(photo.path)).id };
    }
    return { photos, error: null };
  } catch (e) {
    if (isSignedOut(e)) toStaffLogin();
    return { photos, error: `照片上传失败：${describeUploadError(e, LIMITS.photoMaxBytes).message}` };
  }
}

/** The ids of the uploaded photos. */
export function attachmentIdsOf(photos: readonly PickedPhoto[]): string[] {
  return photos.map((p) => p.attachmentId!).filter(Boolean);
}

/** 现场照片 of a handler's form: WeUI uploader tiles (remove with ×) and 添加照片 while there is room. */
export function PickedPhotos({ photos, className, onChange, onAdd }: { photos: readonly PickedPhoto[]; className: string; onChange: (photos: PickedPhoto[]) => void; onAdd: () => void }) {
  return (
    <>
      <View className="cells__title">现场照片（选填，最多 {LIMITS.photosPerTicket} 张）</View>
      <View className={`cells uploader ${className}`}>
        {photos.map((p, i) => (
          <View key={`${p.path}-${i}`} className="uploader__tile">
            <Image className="uploader__img" src={p.path} mode="aspectFill" />
            <View className="uploader__remove" role="button" aria-label="删除照片" onClick={() => onChange(photos.filter((_, j) => j !== i))}>
              ×
            </View>
          </View>
        ))}
        {photos.length < LIMITS.photosPerTicket ? (
          <View className="uploader__tile uploader__add" role="button" aria-label="添加照片" onClick={onAdd}>
            +
          </View>
        ) : null}
      </View>
    </>
  );
}
