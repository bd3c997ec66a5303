import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { RoutingSuggestionView } from '@jyg12345/shared';
import { RoutingSuggestDto } from './routing.dto.js';
import { RoutingService } from './routing.service.js';

@ApiTags('routing')
@ApiBearerAuth()
@Controller('routing')
export class RoutingController {
  constructor(private readonly routing: RoutingService) {}

  /** Any signed-in user: the mini-program pre-selects a category, operators see where to dispatch. */
  @Post('suggest')
  @HttpCode(200)
  @ApiBody({ type: RoutingSuggestDto })
  suggest(@Body() body: RoutingSuggestDto): Promise<RoutingSuggestionView> {
    return this.routing.suggest(body);
  }
}
