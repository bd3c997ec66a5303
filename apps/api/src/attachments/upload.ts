import { ErrorCode } from '@jyg12345/shared';
import type {} from '@fastify/multipart'; // its request decorations: isMultipart(), file()
import type { FastifyRequest } from 'fastify';
import { AppError } from '../common/app-error.js';

/** Room for the multipart boundaries and part headers around the one file. */
const MULTIPART_OVERHEAD = 64 * 1024;

/** The field the photo must come in. */
export const UPLOAD_FIELD = 'file';

const invalid = (message: string) => new AppError(ErrorCode.VALIDATION_FAILED, undefined, [{ path: UPLOAD_FIELD, message }]);

function fromMultipartError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as { code?: string; statusCode?: number } | null;
  if (e?.code === 'FST_FILES_LIMIT') return invalid('一次只能上传一张图片');
  if (e?.statusCode === 413 || e?.code === 'FST_REQ_FILE_TOO_LARGE') return new AppError(ErrorCode.PAYLOAD_TOO_LARGE);
  return invalid(err instanceof Error ? err.message : 'malformed multipart body');
}

/**
 * Reads the one photo of a `multipart/form-data` request into memory, at most `maxBytes` of it: a declared
 * Content-Length that is already too large is refused before anything is read, and a body without one stops at
 * the limit (the rest of the request is discarded, never buffered).
 */
export async function readUpload(req: FastifyRequest, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes + MULTIPART_OVERHEAD) throw new AppError(ErrorCode.PAYLOAD_TOO_LARGE);
  if (!req.isMultipart()) throw invalid(`send the photo as multipart/form-data in the field "${UPLOAD_FIELD}"`);
  try {
    // Every part is read, so a second file is refused rather than silently dropped (files: 1 raises FST_FILES_LIMIT).
    let bytes: Buffer | null = null;
    for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1 } })) {
      if (part.type !== 'file') continue;
      if (part.fieldname !== UPLOAD_FIELD) throw invalid(`the photo must come in the field "${UPLOAD_FIELD}"`);
      const read = await part.toBuffer();
      // toBuffer() notices the limit only on a chunk read after busboy truncated the file: check once more.
      if (part.file.truncated || read.length > maxBytes) throw new AppError(ErrorCode.PAYLOAD_TOO_LARGE);
      bytes = read;
    }
    if (!bytes) throw invalid('no file');
    if (bytes.length === 0) throw invalid('empty file');
    return bytes;
  } catch (err) {
    throw fromMultipartError(err);
  }
}
