import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AttachmentView } from '@jyg12345/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Auth } from '../auth/auth.guard.js';
import type { Principal } from '../auth/principal.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AttachmentsService, type StoredImage } from './attachments.service.js';
import { readUpload, UPLOAD_FIELD } from './upload.js';

const CACHE_CONTROL = 'private, max-age=86400';

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
  ) {}

  /** Anyone signed in uploads a photo (JPEG, PNG or WebP, decided from the bytes; at most ATTACHMENT_MAX_BYTES). */
  @Post()
  @HttpCode(201)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: [UPLOAD_FIELD], properties: { [UPLOAD_FIELD]: { type: 'string', format: 'binary' } } } })
  async upload(@Auth() p: Principal, @Req() req: FastifyRequest): Promise<AttachmentView> {
    const bytes = await readUpload(req, this.config.attachments.maxBytes);
    return this.attachments.upload(p, bytes);
  }

  @Get(':id')
  @ApiProduces('image/jpeg')
  async display(@Auth() p: Principal, @Param('id') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    this.send(req, reply, await this.attachments.read(p, id, 'display'));
  }

  @Get(':id/thumbnail')
  @ApiProduces('image/jpeg')
  async thumbnail(@Auth() p: Principal, @Param('id') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    this.send(req, reply, await this.attachments.read(p, id, 'thumbnail'));
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
