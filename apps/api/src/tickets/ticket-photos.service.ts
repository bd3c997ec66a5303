import { Injectable } from '@nestjs/common';
import type { AttachmentUsage, TicketView } from '@jyg12345/shared';
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
    return this.view(await this.attachments.listForTicket(ticketId, tx));
  }

  /** Photos already read (id and usage, in upload order) as the view shows them. */
  view(rows: readonly { id: string; usage: AttachmentUsage | null }[]): TicketView['photos'] {
    return rows.map((a) => ({
      id: a.id,
      usage: a.usage,
      url: this.signer.url(a.id, 'display'),
      thumbnailUrl: this.signer.url(a.id, 'thumbnail'),
    }));
  }
}
