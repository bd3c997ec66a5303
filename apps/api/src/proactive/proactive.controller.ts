import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '@jyg12345/shared';
import { Auth, Roles } from '../common/access.js';
import type { Principal } from '../auth/principal.js';
import { AppError } from '../common/app-error.js';
import { HotspotsService } from './hotspots.service.js';
import {
  AssignTopicDto,
  CreateTopicDto,
  EvaluateTopicDto,
  HotspotCountsQueryDto,
  ListTopicsQueryDto,
  RisingQueryDto,
  SpotsQueryDto,
  TagTicketDto,
  TermsQueryDto,
  TopicReportDto,
} from './proactive.dto.js';
import { ScreenService } from './screen.service.js';
import { TopicsService } from './topics.service.js';

type Staff = Extract<Principal, { kind: 'staff' }>;
const staff = (p: Principal): Staff => {
  if (p.kind !== 'staff') throw new AppError(ErrorCode.FORBIDDEN);
  return p;
};

/** 未诉先办: hot spots, 每月一题 and the big screen (docs/hotspots.md). */
@ApiTags('proactive')
@ApiBearerAuth()
@Controller('proactive')
export class ProactiveController {
  constructor(
    private readonly hotspots: HotspotsService,
    private readonly topics: TopicsService,
    private readonly screen: ScreenService,
  ) {}

  @Get('hotspots/counts')
  @Roles('operator', 'supervisor', 'admin')
  @ApiOperation({ summary: 'Appeals by category × community × day | week | month over a range of China dates' })
  counts(@Query() q: HotspotCountsQueryDto) {
    return this.hotspots.counts(q);
  }

  @Get('hotspots/rising')
  @Roles('operator', 'supervisor', 'admin')
  @ApiOperation({ summary: 'Categories (city-wide and per community) significantly above their own history' })
  rising(@Query() q: RisingQueryDto) {
    return this.hotspots.rising(q);
  }

  @Get('hotspots/terms')
  @Roles('operator', 'supervisor', 'admin')
  @ApiOperation({ summary: "The top words of the range's appeals, against the range before" })
  terms(@Query() q: TermsQueryDto) {
    return this.hotspots.terms(q);
  }

  @Get('hotspots/spots')
  @Roles('operator', 'supervisor', 'admin')
  @ApiOperation({ summary: 'Open appeals of one category close together in space and time' })
  spots(@Query() q: SpotsQueryDto) {
    return this.hotspots.spots(q);
  }

  @Get('screen')
  @Roles('operator', 'supervisor', 'admin')
  @ApiOperation({ summary: "The big screen's figures: today, this month's rates, categories, 30-day trend, communities, the current topic" })
  summary(@Auth() p: Principal) {
    return this.screen.summary(p);
  }

  @Get('topics')
  @Roles('operator', 'supervisor', 'admin', 'handler')
  @ApiOperation({ summary: 'Monthly topics (handlers: the ones their unit takes part in)' })
  list(@Auth() p: Principal, @Query() q: ListTopicsQueryDto) {
    return this.topics.list(staff(p), q.month);
  }

  @Post('topics')
  @Roles('supervisor')
  @ApiBody({ type: CreateTopicDto })
  @ApiOperation({ summary: '选题: create a topic (from a hot spot or by hand); its month’s matching appeals are tagged' })
  create(@Auth() p: Principal, @Body() body: CreateTopicDto) {
    return this.topics.create(staff(p), body);
  }

  @Get('topics/:id')
  @Roles('operator', 'supervisor', 'admin', 'handler')
  get(@Auth() p: Principal, @Param('id') id: string) {
    return this.topics.get(staff(p), id);
  }

  @Post('topics/:id/assign')
  @Roles('supervisor')
  @HttpCode(200)
  @ApiBody({ type: AssignTopicDto })
  @ApiOperation({ summary: '交题: lead unit, cooperating units, the standard of solved, the deadline' })
  assign(@Auth() p: Principal, @Param('id') id: string, @Body() body: AssignTopicDto) {
    return this.topics.assign(staff(p), id, body);
  }

  @Post('topics/:id/reports')
  @Roles('handler')
  @ApiBody({ type: TopicReportDto })
  @ApiOperation({ summary: '答题: a unit taking part reports progress' })
  report(@Auth() p: Principal, @Param('id') id: string, @Body() body: TopicReportDto) {
    return this.topics.report(staff(p), id, body);
  }

  @Get('topics/:id/tickets')
  @Roles('operator', 'supervisor', 'admin', 'handler')
  tickets(@Auth() p: Principal, @Param('id') id: string) {
    return this.topics.tickets(staff(p), id);
  }

  @Post('topics/:id/tickets')
  @Roles('operator', 'supervisor', 'handler')
  @HttpCode(204)
  @ApiBody({ type: TagTicketDto })
  @ApiOperation({ summary: 'Tag a ticket to the topic by hand' })
  async tag(@Auth() p: Principal, @Param('id') id: string, @Body() body: TagTicketDto): Promise<void> {
    await this.topics.tag(staff(p), id, body.ticketId);
  }

  @Delete('topics/:id/tickets/:ticketId')
  @Roles('operator', 'supervisor', 'handler')
  @HttpCode(204)
  @ApiOperation({ summary: 'Untag a ticket (automatic tagging will not put it back)' })
  async untag(@Auth() p: Principal, @Param('id') id: string, @Param('ticketId') ticketId: string): Promise<void> {
    await this.topics.untag(staff(p), id, ticketId);
  }

  @Post('topics/:id/retag')
  @Roles('operator', 'supervisor')
  @HttpCode(200)
  @ApiOperation({ summary: "Tag the month's matching appeals again (e.g. ones classified since they were filed); untagged ones stay off" })
  async retag(@Auth() p: Principal, @Param('id') id: string): Promise<{ matched: number }> {
    return { matched: await this.topics.retag(staff(p), id) };
  }

  @Get('topics/:id/evaluation')
  @Roles('operator', 'supervisor', 'admin', 'handler')
  @ApiOperation({ summary: '评题 figures: matching appeals this month against the three before, tags, the units’ reports' })
  evaluation(@Auth() p: Principal, @Param('id') id: string) {
    return this.topics.evaluation(staff(p), id);
  }

  @Post('topics/:id/evaluate')
  @Roles('supervisor')
  @HttpCode(200)
  @ApiBody({ type: EvaluateTopicDto })
  @ApiOperation({ summary: '评题: the verdict' })
  evaluate(@Auth() p: Principal, @Param('id') id: string, @Body() body: EvaluateTopicDto) {
    return this.topics.evaluate(staff(p), id, body);
  }
}
