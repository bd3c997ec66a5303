import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { type RoutingSuggestInput, type RoutingSuggestionView, routingSuggestSchema } from '@jyg12345/shared';
import { jsonSchema } from '../common/openapi.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { RoutingService } from './routing.service.js';

@ApiTags('routing')
@ApiBearerAuth()
@Controller('routing')
export class RoutingController {
  constructor(private readonly routing: RoutingService) {}

  /** Any signed-in user: the mini-program pre-selects a category, operators see where to dispatch. */
  @Post('suggest')
  @HttpCode(200)
  @ApiBody({ schema: jsonSchema(routingSuggestSchema) })
  suggest(@Body(new ZodPipe(routingSuggestSchema)) body: RoutingSuggestInput): Promise<RoutingSuggestionView> {
    return this.routing.suggest(body);
  }
}
