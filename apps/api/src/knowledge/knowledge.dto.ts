import type { CreateKnowledgeInput, ListKnowledgeQuery, UpdateKnowledgeInput } from '@jyg12345/shared';
import { Bool, Nullable, Optional, QueryFlag, QueryInt, Str, Text, Trim, Ulid } from '../common/dto.js';

export class CreateKnowledgeDto implements CreateKnowledgeInput {
  @Text(100, { min: 1, trim: true })
  title!: string;

  @Text(10000, { min: 1, trim: true })
  content!: string;

  @Nullable()
  @Ulid()
  categoryId?: string | null;

  /** Extra search words, separated by spaces or commas. */
  @Optional()
  @Text(200, { trim: true })
  keywords: string = '';

  @Optional()
  @Bool()
  active: boolean = true;
}

export class UpdateKnowledgeDto implements UpdateKnowledgeInput {
  @Optional()
  @Text(100, { min: 1, trim: true })
  title?: string;

  @Optional()
  @Text(10000, { min: 1, trim: true })
  content?: string;

  @Nullable()
  @Ulid()
  categoryId?: string | null;

  @Optional()
  @Text(200, { trim: true })
  keywords?: string;

  @Optional()
  @Bool()
  active?: boolean;
}

/** GET /knowledge */
export class ListKnowledgeQueryDto implements ListKnowledgeQuery {
  /** Whitespace-separated terms; an entry matches when every term is in its title, keywords or content. */
  @Optional()
  @Trim()
  @Str(1, 100)
  q?: string;

  @Optional()
  @Ulid()
  categoryId?: string;

  /** admins only: include inactive entries */
  @Optional()
  @QueryFlag()
  includeInactive?: boolean;

  @Optional()
  @QueryInt(1, 50)
  limit: number = 20;
}
