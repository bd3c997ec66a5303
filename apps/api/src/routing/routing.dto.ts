import type { RoutingSuggestInput } from '@jyg12345/shared';
import { IsString } from 'class-validator';
import { MaxLen, Nested, Optional, Str, Trim } from '../common/dto.js';
import { LocationDto } from '../geo/location.dto.js';

/** POST /routing/suggest */
export class RoutingSuggestDto implements RoutingSuggestInput {
  @Optional()
  @IsString()
  @MaxLen(100)
  title?: string;

  @Trim()
  @Str(1, 5000)
  description!: string;

  @Optional()
  @Nested(() => LocationDto)
  location?: LocationDto;
}
