import { COORD_SYSTEMS, type CoordSystem, LIMITS, type LocationInput } from '@jyg12345/shared';
import { Num, OneOf, Optional, Text } from '../common/dto.js';

export class LocationDto implements LocationInput {
  @Num(-90, 90)
  lat!: number;

  @Num(-180, 180)
  lng!: number;

  @OneOf(COORD_SYSTEMS)
  coordSystem!: CoordSystem;

  @Optional()
  @Text(LIMITS.addressMax)
  address?: string;
}
