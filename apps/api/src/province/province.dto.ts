import { PROVINCE_NUMBER_PATTERN, type ProvinceForwardInput } from '@jyg12345/shared';
import { Bool, Optional, Pattern } from '../common/dto.js';
import { AppealFieldsDto, IsoDateTime } from '../tickets/tickets.dto.js';

/** POST /api/v1/province/tickets: an appeal the provincial platform forwards to the city. */
export class ProvinceForwardDto extends AppealFieldsDto implements ProvinceForwardInput {
  @Pattern(PROVINCE_NUMBER_PATTERN, '省平台工单号为 1–40 个字母、数字、_ 或 -，以字母或数字开头')
  provinceNumber!: string;

  @Optional()
  @Bool()
  urgent: boolean = false;

  /** When the platform forwarded it. */
  @IsoDateTime('required')
  forwardedAt!: string;
}
