import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { KnowledgeEntryView } from '@jyg12345/shared';
import { Auth, Roles } from '../common/access.js';
import type { Principal } from '../auth/principal.js';
import { CreateKnowledgeDto, ListKnowledgeQueryDto, UpdateKnowledgeDto } from './knowledge.dto.js';
import { KnowledgeService } from './knowledge.service.js';

/** The knowledge base behind the operator's `answer` action: centre staff read and search it, admins keep it. */
@ApiTags('knowledge')
@ApiBearerAuth()
@Controller('knowledge')
export class KnowledgeController {
  constructor(private readonly knowledge: KnowledgeService) {}

  @Get()
  @Roles('operator', 'supervisor', 'admin')
  @ApiOperation({ summary: 'Search: every whitespace-separated term in title, keywords or content; title hits first' })
  search(@Auth() p: Principal, @Query() q: ListKnowledgeQueryDto): Promise<KnowledgeEntryView[]> {
    return this.knowledge.search(q, p.role === 'admin' && q.includeInactive === true);
  }

  @Get(':id')
  @Roles('operator', 'supervisor', 'admin')
  get(@Auth() p: Principal, @Param('id') id: string): Promise<KnowledgeEntryView> {
    return this.knowledge.get(id, p.role === 'admin');
  }

  @Post()
  @Roles('admin')
  @ApiBody({ type: CreateKnowledgeDto })
  create(@Body() body: CreateKnowledgeDto): Promise<KnowledgeEntryView> {
    return this.knowledge.create(body);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiBody({ type: UpdateKnowledgeDto })
  update(@Param('id') id: string, @Body() body: UpdateKnowledgeDto): Promise<KnowledgeEntryView> {
    return this.knowledge.update(id, body);
  }
}
