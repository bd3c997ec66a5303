import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type AttachmentView, ErrorCode } from '@jyg12345/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Auth, Public } from '../common/access.js';
import { SessionService } from '../security/session.service.js';
import { AppError } from '../common/app-error.js';
import { RateLimit } from '../security/rate-limit.guard.js';
import { AttachmentUrlSigner, type ImageVariant } from '../attachments/attachment-url.signer.js';
import type { Principal } from '../auth/principal.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AttachmentsService, type StoredImage } from '../attachments/attachments.service.js';
import { readUpload, UPLOAD_FIELD } from '../attachments/upload.js';
import { photoVisible, TicketAccessService } from './ticket-access.service.js';

const CACHE_CONTROL = 'private, max-age=86400';

interface SignedQuery {
  exp?: string;
  sig?: string;
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

@ApiTags('attachments')
@ApiBearerAuth()
@Controller('attachments')
export class AttachmentsController {
  constructor(
    private readonly attachments: AttachmentsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly signer: AttachmentUrlSigner,
    private readonly sessions: SessionService,
    private readonly access: TicketAccessService,
  ) {}

  /** Anyone signed in uploads a photo (JPEG, PNG or WebP, decided from the bytes; at most ATTACHMENT_MAX_BYTES). */
  @Post()
  @RateLimit('upload')
  @HttpCode(201)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: [UPLOAD_FIELD], properties: { [UPLOAD_FIELD]: { type: 'string', format: 'binary' } } } })
  async upload(@Auth() p: Principal, @Req() req: FastifyRequest): Promise<AttachmentView> {
    const bytes = await readUpload(req, this.config.attachments.maxBytes);
    return this.attachments.upload(p, bytes);
  }

  /** With a bearer token, or with the signed `exp`/`sig` a ticket view handed out (for <image> tags). */
  @Get(':id')
  @Public()
  @ApiProduces('image/jpeg')
  async display(@Param('id') id: string, @Query() q: SignedQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    this.send(req, reply, await this.readSignedOrAuthorized(req, id, 'display', q));
  }

  @Get(':id/thumbnail')
  @Public()
  @ApiProduces('image/jpeg')
  async thumbnail(@Param('id') id: string, @Query() q: SignedQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    this.send(req, reply, await this.readSignedOrAuthorized(req, id, 'thumbnail', q));
  }

  private async readSignedOrAuthorized(req: FastifyRequest, id: string, variant: ImageVariant, q: SignedQuery): Promise<StoredImage> {
    if (q.sig !== undefined || q.exp !== undefined) {
      if (!this.signer.verify(id, variant, q.exp, q.sig)) throw new AppError(ErrorCode.ATTACHMENT_NOT_FOUND);
      return this.attachments.readTrusted(id, variant);
    }
    const header = req.headers.authorization;
    if (!header) throw new AppError(ErrorCode.UNAUTHENTICATED);
    const match = /^Bearer ([A-Za-z0-9._-]+)$/.exec(header);
    if (!match?.[1]) throw new AppError(ErrorCode.TOKEN_INVALID);
    const p = await this.sessions.authenticate(match[1]);
    return this.attachments.read(p, id, variant, async (ticketId, usage) => {
      try {
        const { scope } = await this.access.requireVisible(p, ticketId);
        return photoVisible(scope, usage);
      } catch (err) {
        if (err instanceof AppError && err.code === ErrorCode.TICKET_NOT_FOUND) return false;
        throw err;
      }
    });
  }

  private send(req: FastifyRequest, reply: FastifyReply, image: StoredImage): void {
    void reply.header('cache-control', CACHE_CONTROL).header('etag', image.etag).header('x-content-type-options', 'nosniff');
    if (etagMatches(req.headers['if-none-match'], image.etag)) {
      void reply.status(304).send();
      return;
    }
    void reply.status(200).type(image.contentType).header('content-disposition', 'inline').send(image.body);
  }
}
