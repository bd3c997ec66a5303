import { Injectable } from '@nestjs/common';
import type { TicketView } from '@jyg12345/shared';
import type { EntityManager } from 'typeorm';
import { AttachmentUrlSigner } from '../attachments/attachment-url.signer.js';
import { AttachmentsService } from '../attachments/attachments.service.js';

/** A ticket's photos as its views show them: URLs signed for the caller who may see the ticket. */
@Injectable()
export class TicketPhotosService {
  constructor(
    private readonly attachments: AttachmentsService,
    private readonly signer: AttachmentUrlSigner,
  ) {}

  async of(ticketId: string, tx?: EntityManager): Promise<TicketView['photos']> {
    const rows = await this.attachments.listForTicket(ticketId, tx);
    return rows.map((a) => ({
      id: a.id,
      usage: a.usage,
      url: this.signer.url(a.id, 'display'),
      thumbnailUrl: this.signer.url(a.id, 'thumbnail'),
    }));
  }
}
