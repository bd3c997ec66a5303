// What a failed photo pick or upload says, for every page that takes photos (resident and staff alike).
import { ErrorCode, LIMITS } from '@jyg12345/shared';
import { ApiError } from './api-error';
import type { NativeFailure } from '../native';

const MB = 1024 * 1024;

/** A failure's text, and whether uploading the same file again could succeed. */
export function describeUploadError(error: unknown, maxBytes: number = LIMITS.photoMaxBytes): { message: string; short: string; retryable: boolean } {
  const code = error instanceof ApiError ? error.code : null;
  switch (code) {
    case ErrorCode.PAYLOAD_TOO_LARGE:
      return { message: `图片超过 ${Math.round(maxBytes / MB)} MB，请换一张`, short: '图片过大', retryable: false };
    case ErrorCode.ATTACHMENT_TYPE_UNSUPPORTED:
      return { message: '仅支持 JPEG、PNG、WebP 格式的图片', short: '格式不支持', retryable: false };
    case ErrorCode.ATTACHMENT_CORRUPT:
      return { message: '图片已损坏或不完整，请重新选择', short: '图片已损坏', retryable: false };
    case ErrorCode.ATTACHMENT_TOO_MANY_PIXELS:
      return { message: '图片尺寸过大，请换一张', short: '尺寸过大', retryable: false };
    default:
      return {
        message: error instanceof ApiError ? error.message : '上传失败，请重试',
        short: '上传失败',
        retryable: true,
      };
  }
}

/** Why picking photos gave nothing, said in the view (null when the resident simply cancelled). */
export function pickFailureMessage(reason: NativeFailure): string | null {
  switch (reason) {
    case 'cancelled':
      return null;
    case 'not_image':
      return '所选文件不是图片，请选择 JPEG、PNG 或 WebP 格式的照片';
    case 'denied':
      return '未获得相册或相机权限，可在设置中开启';
    default:
      return '暂时无法选择照片，请稍后再试';
  }
}

