import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type AttachmentUsage, type AttachmentView, ErrorCode, ULID_PATTERN } from '@jyg12345/shared';
import { DataSource, type EntityManager, In, IsNull, LessThan } from 'typeorm';
import { encodeTime } from 'ulid';
import type { Principal } from '../auth/principal.js';
import { AppError } from '../common/app-error.js';
import { newId } from '../common/ids.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AttachmentEntity } from '../database/entities.js';
import { ATTACHMENT_STORAGE, type AttachmentStorage } from './attachment-storage.js';
import { type ImageMime, processImage, STORED_MIME } from './image.js';
import { BackgroundJobs } from '../common/background-jobs.js';

/** Photos one action may attach. */
export const MAX_ATTACHMENTS_PER_ACTION = 9;


export const toAttachmentView = (a: AttachmentEntity): AttachmentView => ({
  id: a.id,
  mime: a.mime as ImageMime,
  size: a.size,
  width: a.width,
  height: a.height,
  url: `/api/v1/attachments/${a.id}`,
  thumbnailUrl: `/api/v1/attachments/${a.id}/thumbnail`,
});

/** Whether the caller may see the ticket a photo is attached to (the tickets folder decides; see TicketAccessService). */
export type TicketVisibility = (ticketId: string, usage: AttachmentUsage | null) => Promise<boolean>;

export interface StoredImage {
  body: Buffer;
  contentType: string;
  etag: string;
}

@Injectable()
export class AttachmentsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Attachments');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ATTACHMENT_STORAGE) private readonly storage: AttachmentStorage,
    private readonly jobs: BackgroundJobs,
  ) {}

  /**
   * Checks, re-encodes and stores one photo. The same bytes uploaded again by the same person store nothing new: the
   * answer is the copy not attached yet if there is one, else a new attachment sharing the stored files of the
   * attached one (a photo is attached once, so handing back an attached one would make the next filing fail).
   * Nothing is stored for a photo that is refused.
   */
  async upload(p: Principal, bytes: Buffer): Promise<AttachmentView> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const repo = this.db.getRepository(AttachmentEntity);
    const same = await repo.find({ where: { ownerId: p.id, sha256 }, order: { id: 'DESC' } });
    const unattached = same.find((a) => a.ticketId === null);
    if (unattached) return toAttachmentView(unattached);
    const now = new Date();
    const id = newId();
    const attached = same[0];
    if (attached) {
      // Its files stay as long as it does: attached photos are never swept (see sweepUnattached).
      const copy = repo.create({ ...attached, id, ticketId: null, usage: null, createdAt: now });
      await repo.insert(copy);
      return toAttachmentView(copy);
    }

    const image = await processImage(bytes, this.config.attachments.maxPixels);
    const folder = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    const row = repo.create({
      id,
      ownerId: p.id,
      ticketId: null,
      topicReportId: null,
      usage: null,
      mime: image.mime,
      size: bytes.length,
      width: image.width,
      height: image.height,
      sha256,
      storageKey: `${folder}/${id}.jpg`,
      thumbKey: `${folder}/${id}.thumb.jpg`,
      createdAt: now,
    });
    try {
      await this.storage.put(row.storageKey, image.display, STORED_MIME);
      await this.storage.put(row.thumbKey, image.thumb, STORED_MIME);
      await repo.insert(row);
    } catch (err) {
      await this.removeObjects(row);
      throw err;
    }
    return toAttachmentView(row);
  }

  /**
   * The display copy or the thumbnail, for the uploader or anyone who may see the ticket it is attached to (a
   * resident following it after a merge: only the reply's photos, `photoVisible`); everyone else gets
   * ATTACHMENT_NOT_FOUND, exactly as for an id that does not exist.
   */
  async read(p: Principal, id: string, variant: 'display' | 'thumbnail', ticketVisible: TicketVisibility): Promise<StoredImage> {
    return this.load(await this.requireReadable(p, id, ticketVisible), variant);
  }

  /** For a URL whose signature was verified: the signer vouched for the caller's right to see it. */
  async readTrusted(id: string, variant: 'display' | 'thumbnail'): Promise<StoredImage> {
    const attachment = ULID_PATTERN.test(id) ? await this.db.getRepository(AttachmentEntity).findOneBy({ id }) : null;
    if (!attachment) throw new AppError(ErrorCode.ATTACHMENT_NOT_FOUND);
    return this.load(attachment, variant);
  }

  private async load(attachment: AttachmentEntity, variant: 'display' | 'thumbnail'): Promise<StoredImage> {
    const body = await this.storage.get(variant === 'display' ? attachment.storageKey : attachment.thumbKey);
    if (!body) throw new AppError(ErrorCode.ATTACHMENT_NOT_FOUND);
    return { body, contentType: STORED_MIME, etag: `"${attachment.sha256}-${variant === 'display' ? 'd' : 't'}"` };
  }

  async requireReadable(p: Principal, id: string, ticketVisible: TicketVisibility): Promise<AttachmentEntity> {
    const attachment = ULID_PATTERN.test(id) ? await this.db.getRepository(AttachmentEntity).findOneBy({ id }) : null;
    if (!attachment) throw new AppError(ErrorCode.ATTACHMENT_NOT_FOUND);
    if (attachment.ownerId === p.id) return attachment;
    if (attachment.ticketId && (await ticketVisible(attachment.ticketId, attachment.usage))) return attachment;
    throw new AppError(ErrorCode.ATTACHMENT_NOT_FOUND);
  }

  /**
   * Attaches the owner's uploaded photos to a ticket, inside the caller's transaction. Every id must exist, belong
   * to `ownerId` and not be attached yet (a photo is attached once), at most 9; otherwise VALIDATION_FAILED with
   * details on `attachmentIds`. The update is guarded (nothing attached yet, affected rows checked), so two
   * concurrent claims of one photo cannot both succeed. An empty list does nothing.
   */
  async claim(tx: EntityManager, ownerId: string, ids: string[], ticketId: string, usage: AttachmentUsage): Promise<void> {
    await this.claimFor(tx, ownerId, ids, { ticketId, usage });
  }

  /** The same for a 每月一题 progress report (docs/hotspots.md): the photos become the report's. */
  async claimForTopicReport(tx: EntityManager, ownerId: string, ids: string[], topicReportId: string): Promise<void> {
    await this.claimFor(tx, ownerId, ids, { topicReportId });
  }

  private async claimFor(tx: EntityManager, ownerId: string, ids: string[], target: { ticketId: string; usage: AttachmentUsage } | { topicReportId: string }): Promise<void> {
    if (ids.length === 0) return;
    const fail = (message: string): never => {
      throw new AppError(ErrorCode.VALIDATION_FAILED, undefined, [{ path: 'attachmentIds', message }]);
    };
    if (ids.length > MAX_ATTACHMENTS_PER_ACTION) fail(`最多 ${MAX_ATTACHMENTS_PER_ACTION} 张照片`);
    if (new Set(ids).size !== ids.length) fail('同一张照片不能重复提交');
    if (ids.some((id) => !ULID_PATTERN.test(id))) fail('照片不存在');
    const rows = await tx.findBy(AttachmentEntity, { id: In(ids) });
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of ids) {
      const row = byId.get(id);
      if (!row || row.ownerId !== ownerId) fail(`照片不存在：${id}`);
      else if (row.ticketId !== null || row.topicReportId !== null) fail(`照片已被使用：${id}`);
    }
    const result = await tx
      .createQueryBuilder()
      .update(AttachmentEntity)
      .set(target)
      .where({ id: In(ids), ownerId, ticketId: IsNull(), topicReportId: IsNull() })
      .execute();
    if (result.affected !== ids.length) fail('照片刚被其他请求使用');
  }

  /** The photos of these 每月一题 reports, in upload order. */
  async listForTopicReports(reportIds: readonly string[]): Promise<AttachmentEntity[]> {
    if (reportIds.length === 0) return [];
    return this.db.getRepository(AttachmentEntity).find({ where: { topicReportId: In([...reportIds]) }, order: { id: 'ASC' } });
  }

  /** A ticket's photos in upload order (for ticket views). */
  async listForTicket(ticketId: string, tx: EntityManager = this.db.manager): Promise<(AttachmentView & { usage: AttachmentUsage | null })[]> {
    const rows = await tx.find(AttachmentEntity, { where: { ticketId }, order: { id: 'ASC' } });
    return rows.map((r) => ({ ...toAttachmentView(r), usage: r.usage }));
  }

  onApplicationBootstrap(): void {
    this.jobs.every('photo-sweep', this.config.attachments.sweepIntervalMs, async () => {
      const deleted = await this.sweepUnattached(new Date(Date.now() - this.config.attachments.unattachedHours * 3_600_000));
      if (deleted > 0) this.logger.log({ deleted }, 'unattached photos deleted');
    });
  }

  /**
   * Deletes photos uploaded before `before` and never attached to an appeal or a topic report (a draft abandoned, a
   * photo removed from the form), at most `batch` of them; returns how many. Each row goes by a guarded delete
   * (`ticketId IS NULL AND topicReportId IS NULL`), so a photo attached at the same moment stays; its files go after
   * its row, so a crash in between leaves files nobody points to, never a row without its files. Files shared with
   * another row (the same bytes uploaded again after the first copy was attached) stay while that row does. Safe
   * with several processes.
   */
  async sweepUnattached(before: Date, batch = 500): Promise<number> {
    // ids are ULIDs made at upload: "uploaded before" is a range of ix_attachments_ticket (ticketId NULL, id).
    const bound = encodeTime(Math.max(0, before.getTime()), 10) + '0'.repeat(16);
    const repo = this.db.getRepository(AttachmentEntity);
    const rows = await repo.find({ where: { ticketId: IsNull(), topicReportId: IsNull(), id: LessThan(bound) }, order: { id: 'ASC' }, take: batch });
    let deleted = 0;
    for (const row of rows) {
      const gone = await this.db.createQueryBuilder().delete().from(AttachmentEntity).where({ id: row.id, ticketId: IsNull(), topicReportId: IsNull() }).execute();
      if (gone.affected !== 1) continue;
      const shared = await repo.existsBy({ ownerId: row.ownerId, sha256: row.sha256, storageKey: row.storageKey });
      if (!shared) await this.removeObjects(row);
      deleted++;
    }
    return deleted;
  }

  private async removeObjects(row: AttachmentEntity): Promise<void> {
    await Promise.all([row.storageKey, row.thumbKey].map((key) => this.storage.delete(key).catch(() => undefined)));
  }
}
