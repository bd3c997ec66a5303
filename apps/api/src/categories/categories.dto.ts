import type { CreateCategoryInput, UpdateCategoryInput } from '@jyg12345/shared';
import { Bool, Int, Nullable, Optional, Pattern, QueryFlag, RefId, Text } from '../common/dto.js';

/** Where a category's tickets go by default and how long they have: set when created, changed later. */
class CategoryDefaultsDto {
  @Nullable()
  @RefId()
  defaultUnitId?: string | null;

  /** Working days to reply; null: the default. */
  @Nullable()
  @Int(0, 60)
  replyDays?: number | null;
}

export class CreateCategoryDto extends CategoryDefaultsDto implements CreateCategoryInput {
  @Pattern(/^[A-Za-z0-9._-]{1,32}$/, '编码为 1–32 个字母、数字、.、_ 或 -')
  code!: string;

  @Text(50, { min: 1 })
  level1!: string;

  @Text(50, { min: 1 })
  level2!: string;

  @Text(50, { min: 1 })
  level3!: string;
}

export class UpdateCategoryDto extends CategoryDefaultsDto implements UpdateCategoryInput {
  @Optional()
  @Text(50, { min: 1 })
  level1?: string;

  @Optional()
  @Text(50, { min: 1 })
  level2?: string;

  @Optional()
  @Text(50, { min: 1 })
  level3?: string;

  @Optional()
  @Bool()
  active?: boolean;
}

/** GET /categories */
export class ListCategoriesQueryDto {
  /** admins only */
  @Optional()
  @QueryFlag()
  includeInactive?: boolean;
}
