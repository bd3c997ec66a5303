import { Module } from '@nestjs/common';
import { attachmentStorageProvider } from './attachment-storage.js';
import { AttachmentUrlSigner } from './attachment-url.signer.js';
import { AttachmentsService } from './attachments.service.js';

/** Photos: storage, image processing and signed URLs (the HTTP routes are in tickets/, which decides who sees them). */
@Module({
  providers: [AttachmentsService, AttachmentUrlSigner, attachmentStorageProvider],
  exports: [AttachmentsService, AttachmentUrlSigner],
})
export class AttachmentsModule {}
