import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DuplicateCandidateView } from '@jyg12345/shared';
import { Auth } from '../common/access.js';
import type { Principal } from '../auth/principal.js';
import { DuplicatesService } from './duplicates.service.js';

/** Lives beside TicketsController under `tickets/`; the `merge` action links a duplicate once the operator decides. */
@ApiTags('tickets')
@ApiBearerAuth()
@Controller('tickets')
export class DuplicatesController {
  constructor(private readonly duplicates: DuplicatesService) {}

  @Get(':id/duplicates')
  @ApiOperation({
    summary: 'Likely duplicates at intake (operator, supervisor): open tickets of the same category within 200 m and 7 days, nearest first, at most 10',
  })
  find(@Auth() p: Principal, @Param('id') id: string): Promise<DuplicateCandidateView[]> {
    return this.duplicates.find(p, id);
  }
}
