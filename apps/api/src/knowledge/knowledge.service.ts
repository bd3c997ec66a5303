import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type CreateKnowledgeInput,
  ErrorCode,
  type KnowledgeEntryView,
  type ListKnowledgeQuery,
  type UpdateKnowledgeInput,
} from '@jyg12345/shared';
import { Brackets, DataSource } from 'typeorm';
import { AppError } from '../common/app-error.js';
import { newId } from '../common/ids.js';
import { likePattern } from '../common/sql-rows.js';
import { CategoryEntity, KnowledgeEntryEntity } from '../database/entities.js';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
/** More terms than this are ignored: each one adds three LIKEs to the query. */
const MAX_TERMS = 5;

const iso = (d: Date) => new Date(d).toISOString();

export const toKnowledgeView = (k: KnowledgeEntryEntity): KnowledgeEntryView => ({
  id: k.id,
  title: k.title,
  content: k.content,
  categoryId: k.categoryId,
  keywords: k.keywords,
  active: k.active,
  createdAt: iso(k.createdAt),
  updatedAt: iso(k.updatedAt),
});

/** `!` is the LIKE escape character on both MySQL and SQLite (SQLite has no default one, MySQL's `\` is not portable). */

/** Whitespace-separated terms, deduplicated, at most MAX_TERMS. */
export const searchTerms = (q: string | undefined): string[] =>
  [...new Set((q ?? '').split(/\s+/).filter((s) => s.length > 0))].slice(0, MAX_TERMS);

@Injectable()
export class KnowledgeService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Search. Portable on purpose: every term must appear (LIKE, escaped) in the title, keywords or content, and
   * entries rank by where the terms hit (title 4, keywords 2, content 1 per term), then newest first. Leading-%
   * LIKE scans the table, which is fine for a knowledge base of a few thousand entries; on MySQL the later path
   * is a FULLTEXT index WITH PARSER ngram (Chinese has no spaces) queried with MATCH ... AGAINST, which SQLite
   * does not have, so it would sit behind the driver check.
   */
  async search(query: ListKnowledgeQuery, includeInactive: boolean): Promise<KnowledgeEntryView[]> {
    const q = this.db.getRepository(KnowledgeEntryEntity).createQueryBuilder('k');
    if (!includeInactive) q.andWhere('k.active = :active', { active: true });
    if (query.categoryId) q.andWhere('k.categoryId = :categoryId', { categoryId: query.categoryId });
    const terms = searchTerms(query.q);
    const score: string[] = [];
    terms.forEach((term, i) => {
      const p = `:term${i}`;
      q.setParameter(`term${i}`, likePattern(term));
      q.andWhere(
        new Brackets((b) =>
          b
            .where(`k.title LIKE ${p} ESCAPE '!'`)
            .orWhere(`k.keywords LIKE ${p} ESCAPE '!'`)
            .orWhere(`k.content LIKE ${p} ESCAPE '!'`),
        ),
      );
      score.push(
        `(CASE WHEN k.title LIKE ${p} ESCAPE '!' THEN 4 ELSE 0 END)`,
        `(CASE WHEN k.keywords LIKE ${p} ESCAPE '!' THEN 2 ELSE 0 END)`,
        `(CASE WHEN k.content LIKE ${p} ESCAPE '!' THEN 1 ELSE 0 END)`,
      );
    });
    if (score.length > 0) q.addSelect(score.join(' + '), 'score').orderBy('score', 'DESC').addOrderBy('k.id', 'DESC');
    else q.orderBy('k.id', 'DESC');
    const rows = await q.limit(query.limit).getMany();
    return rows.map(toKnowledgeView);
  }

  async get(id: string, includeInactive: boolean): Promise<KnowledgeEntryView> {
    return toKnowledgeView(await this.require(id, includeInactive));
  }

  async create(input: CreateKnowledgeInput): Promise<KnowledgeEntryView> {
    if (input.categoryId) await this.requireCategory(input.categoryId);
    const now = new Date();
    const entry = this.db.getRepository(KnowledgeEntryEntity).create({
      id: newId(),
      title: input.title,
      content: input.content,
      categoryId: input.categoryId ?? null,
      keywords: input.keywords,
      active: input.active,
      createdAt: now,
      updatedAt: now,
    });
    await this.db.getRepository(KnowledgeEntryEntity).insert(entry);
    return toKnowledgeView(entry);
  }

  async update(id: string, input: UpdateKnowledgeInput): Promise<KnowledgeEntryView> {
    const entry = await this.require(id, true);
    if (input.categoryId) await this.requireCategory(input.categoryId);
    const patch: Partial<KnowledgeEntryEntity> = {};
    for (const key of ['title', 'content', 'categoryId', 'keywords', 'active'] as const) {
      if (input[key] !== undefined) (patch as Record<string, unknown>)[key] = input[key];
    }
    if (Object.keys(patch).length === 0) return toKnowledgeView(entry);
    patch.updatedAt = new Date();
    await this.db.getRepository(KnowledgeEntryEntity).update({ id }, patch);
    return toKnowledgeView({ ...entry, ...patch });
  }

  /** An inactive entry answers like a missing one to everyone but admins. */
  private async require(id: string, includeInactive: boolean): Promise<KnowledgeEntryEntity> {
    const entry = ULID.test(id) ? await this.db.getRepository(KnowledgeEntryEntity).findOneBy({ id }) : null;
    if (!entry || (!entry.active && !includeInactive)) throw new AppError(ErrorCode.KNOWLEDGE_NOT_FOUND);
    return entry;
  }

  private async requireCategory(categoryId: string): Promise<void> {
    if (!(await this.db.getRepository(CategoryEntity).existsBy({ id: categoryId }))) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, undefined, [{ path: 'categoryId', message: '类别不存在' }]);
    }
  }
}
