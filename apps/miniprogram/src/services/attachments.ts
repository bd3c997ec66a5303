import type { AttachmentView } from '@jyg12345/shared';
import { download, upload, type UploadOptions } from './http';
import { authed } from './session';

export const attachmentsService = {
  /** Uploads one photo (multipart field `file`); the id goes into `attachmentIds` of the appeal or supplement. */
  upload(filePath: string, options: Pick<UploadOptions, 'onProgress' | 'onTask'> = {}): Promise<AttachmentView> {
    return authed(() => upload<AttachmentView>('/attachments', filePath, options));
  },

  /** A local copy of an uploaded photo's thumbnail (the uploader may read it), for a draft whose file is gone. */
  localThumbnail(attachmentId: string): Promise<string> {
    return authed(() => download(`/attachments/${encodeURIComponent(attachmentId)}/thumbnail`));
  },
};
