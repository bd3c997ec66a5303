import { ErrorCode } from '@jyg12345/shared';
import sharp, { type Metadata } from 'sharp';
import { AppError } from '../common/app-error.js';

export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp';

/** Longest side of the display copy and of the thumbnail. */
export const DISPLAY_MAX_SIDE = 1280;
export const THUMB_MAX_SIDE = 320;
/** What both stored copies are. */
export const STORED_MIME = 'image/jpeg';

const SHARP_FORMAT: Record<ImageMime, string> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp' };

/**
 * The type from the magic numbers, never from the file name or the declared type. HEIC is not accepted: the
 * prebuilt libvips that sharp ships decodes AVIF but not HEVC-coded HEIC.
 */
export function sniffImage(bytes: Buffer): ImageMime | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

export interface ProcessedImage {
  mime: ImageMime;
  /** Of the photo as it should be seen (after EXIF orientation). */
  width: number;
  height: number;
  display: Buffer;
  thumb: Buffer;
}

function decodeError(err: unknown): AppError {
  const message = err instanceof Error ? err.message : String(err);
  if (/pixel limit/i.test(message)) return new AppError(ErrorCode.ATTACHMENT_TOO_MANY_PIXELS);
  return new AppError(ErrorCode.ATTACHMENT_CORRUPT);
}

/**
 * Checks a photo from its bytes and re-encodes it: EXIF orientation applied, every piece of metadata (EXIF with
 * GPS, XMP, IPTC, ICC) dropped, alpha flattened on white. Truncated input fails (`failOn: 'truncated'`) and so
 * does anything above `maxPixels` decoded pixels, before it is decoded.
 */
export async function processImage(bytes: Buffer, maxPixels: number): Promise<ProcessedImage> {
  const mime = sniffImage(bytes);
  if (!mime) throw new AppError(ErrorCode.ATTACHMENT_TYPE_UNSUPPORTED);
  const input = { failOn: 'truncated', limitInputPixels: maxPixels } as const;

  let meta: Metadata;
  try {
    meta = await sharp(bytes, input).metadata();
  } catch (err) {
    throw decodeError(err);
  }
  if (meta.format !== SHARP_FORMAT[mime]) throw new AppError(ErrorCode.ATTACHMENT_TYPE_UNSUPPORTED);
  if (!meta.width || !meta.height) throw new AppError(ErrorCode.ATTACHMENT_CORRUPT);
  if (meta.width * meta.height > maxPixels) throw new AppError(ErrorCode.ATTACHMENT_TOO_MANY_PIXELS);

  const render = (side: number, quality: number) =>
    sharp(bytes, input)
      .rotate()
      .resize(side, side, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality, mozjpeg: true })
      .toBuffer();
  let display: Buffer;
  let thumb: Buffer;
  try {
    [display, thumb] = await Promise.all([render(DISPLAY_MAX_SIDE, 82), render(THUMB_MAX_SIDE, 75)]);
  } catch (err) {
    throw decodeError(err);
  }
  const swapped = (meta.orientation ?? 1) >= 5;
  return { mime, width: swapped ? meta.height : meta.width, height: swapped ? meta.width : meta.height, display, thumb };
}
