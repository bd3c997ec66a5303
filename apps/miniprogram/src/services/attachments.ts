import type { AttachmentView } from '@jyg12345/shared';
import { upload, type UploadOptions } from './http';
import { authed } from './session';

/** What POST /attachments accepts (the API decides the type from the bytes; this is the early check). */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

export const attachmentsService = {
  /** Uploads one photo (multipart field `file`); the id goes into `attachmentIds` of the appeal or supplement. */
  upload(filePath: string, options: Pick<UploadOptions, 'onProgress' | 'onTask'> = {}): Promise<AttachmentView> {
    return authed(() => upload<AttachmentView>('/attachments', filePath, options));
  },
};
