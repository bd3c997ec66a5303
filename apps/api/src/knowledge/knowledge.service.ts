import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type CreateKnowledgeInput,
  ErrorCode,
  type KnowledgeEntryView,
  type ListKnowledgeQuery,
  type UpdateKnowledgeInput,
  ULID_PATTERN,
} from '@jyg12345/shared';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error.js';
import { newId } from '../common/ids.js';
import { likePattern } from '../common/sql-rows.js';
import { CategoryEntity, KnowledgeEntryEntity } from '../database/entities.js';
import { queryTerms, segmentedWords } from '../search/search-text.js';
import { TicketSearchIndex } from '../search/ticket-search.index.js';

/** More terms than this rank nothing more: each one adds three LIKEs to the ranking. */
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

/** The query's words (as the index segments them), deduplicated, at most MAX_TERMS: what the ranking weighs. */
export const searchTerms = (q: string | undefined): string[] => [...new Set(segmentedWords(q ?? ''))].slice(0, MAX_TERMS);

@Injectable()
export class KnowledgeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly index: TicketSearchIndex,
  ) {}

  /**
   * Search through the same index as tickets (docs/adr/0004-search.md): every word of the query must be in the
   * title, keywords or content; the few entries found rank by where the words hit (title 4, keywords 2, content 1
   * per word), then newest first. A query with no word in it finds nothing.
   */
  async search(query: ListKnowledgeQuery, includeInactive: boolean): Promise<KnowledgeEntryView[]> {
    const q = this.db.getRepository(KnowledgeEntryEntity).createQueryBuilder('k');
    if (!includeInactive) q.andWhere('k.active = :active', { active: true });
    if (query.categoryId) q.andWhere('k.categoryId = :categoryId', { categoryId: query.categoryId });
    if (query.q !== undefined && query.q.trim() !== '') {
      const words = queryTerms(query.q);
      if (words.length === 0) return [];
      const match = this.index.matchingKnowledge('k.id', words);
      q.andWhere(match.sql, match.params);
    }
    const terms = query.q === undefined ? [] : searchTerms(query.q);
    const score: string[] = [];
    terms.forEach((term, i) => {
      const p = `:term${i}`;
      q.setParameter(`term${i}`, likePattern(term));
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
    await this.db.transaction(async (tx) => {
      await tx.getRepository(KnowledgeEntryEntity).insert(entry);
      await this.index.writeKnowledge(tx, entry);
    });
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
    const updated = { ...entry, ...patch };
    await this.db.transaction(async (tx) => {
      await tx.getRepository(KnowledgeEntryEntity).update({ id }, patch);
      await this.index.writeKnowledge(tx, updated);
    });
    return toKnowledgeView(updated);
  }

  /** An inactive entry answers like a missing one to everyone but admins. */
  private async require(id: string, includeInactive: boolean): Promise<KnowledgeEntryEntity> {
    const entry = ULID_PATTERN.test(id) ? await this.db.getRepository(KnowledgeEntryEntity).findOneBy({ id }) : null;
    if (!entry || (!entry.active && !includeInactive)) throw new AppError(ErrorCode.KNOWLEDGE_NOT_FOUND);
    return entry;
  }

  private async requireCategory(categoryId: string): Promise<void> {
    if (!(await this.db.getRepository(CategoryEntity).existsBy({ id: categoryId }))) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, undefined, [{ path: 'categoryId', message: '类别不存在' }]);
    }
  }
}
