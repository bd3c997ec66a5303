import { type CreateUnitInput, UNIT_KINDS, type UnitKind, type UpdateUnitInput } from '@jyg12345/shared';
import { Bool, Nullable, OneOf, Optional, Pattern, RefId, Text } from '../common/dto.js';

export class CreateUnitDto implements CreateUnitInput {
  @Pattern(/^[A-Za-z0-9._-]{1,64}$/, '编码为 1–64 个字母、数字、.、_ 或 -')
  code!: string;

  @Text(100, { min: 1 })
  name!: string;

  @OneOf(UNIT_KINDS)
  kind!: UnitKind;

  @Nullable()
  @RefId()
  parentId?: string | null;
}

export class UpdateUnitDto implements UpdateUnitInput {
  @Optional()
  @Text(100, { min: 1 })
  name?: string;

  @Nullable()
  @RefId()
  parentId?: string | null;

  @Optional()
  @Bool()
  active?: boolean;
}
