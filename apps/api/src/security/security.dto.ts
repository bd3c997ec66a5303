import { Bool, Optional, QueryInt, Ulid } from '../common/dto.js';

export class BlockResidentDto {
  @Bool()
  blocked!: boolean;
}

export class SecurityEventsQuery {
  @Optional()
  @QueryInt(1, 200)
  limit?: number;

  /** The id of the last event of the previous page. */
  @Optional()
  @Ulid()
  before?: string;
}
