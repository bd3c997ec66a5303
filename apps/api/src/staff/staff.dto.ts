import { type CreateStaffInput, LIMITS, PHONE_PATTERN, STAFF_ROLES, type StaffRole, type UpdateStaffInput } from '@jyg12345/shared';
import { Transform } from 'class-transformer';
import { Bool, Nullable, OneOf, Optional, Pattern, RefId, Str, Text } from '../common/dto.js';
import { normalizeUsername } from '../security/username.js';

const PHONE_MESSAGE = '电话号码格式不正确';

export class CreateStaffDto implements CreateStaffInput {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normalizeUsername(value) : value))
  @Pattern(/^[a-z0-9][a-z0-9._-]{2,63}$/, '用户名为 3–64 个小写字母、数字、.、_ 或 -，以字母或数字开头')
  username!: string;

  @Str(LIMITS.passwordMin, LIMITS.passwordMax)
  password!: string;

  @Optional()
  @Text(50, { min: 1 })
  displayName?: string;

  @OneOf(STAFF_ROLES)
  role!: StaffRole;

  @RefId()
  unitId!: string;

  @Optional()
  @Pattern(PHONE_PATTERN, PHONE_MESSAGE)
  phone?: string;
}

export class UpdateStaffDto implements UpdateStaffInput {
  @Optional()
  @Text(50, { min: 1 })
  displayName?: string;

  @Optional()
  @Str(LIMITS.passwordMin, LIMITS.passwordMax)
  password?: string;

  @Optional()
  @OneOf(STAFF_ROLES)
  role?: StaffRole;

  @Optional()
  @RefId()
  unitId?: string;

  /** null removes it */
  @Nullable()
  @Pattern(PHONE_PATTERN, PHONE_MESSAGE)
  phone?: string | null;

  @Optional()
  @Bool()
  active?: boolean;
}
