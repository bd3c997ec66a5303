import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth, Roles } from '../common/access.js';
import type { Principal } from '../auth/principal.js';
import { AppError } from '../common/app-error.js';
import { type CommunityCategoryRates, ErrorCode, type ItemsPage, type RatesResult } from '@jyg12345/shared';
import { contentDisposition, CONTENT_TYPES, exportStream, type ExportTable } from './assessment-export.js';
import { periodLabel } from './assessment-periods.js';
import { chinaTime, fromBulletinItem, ITEM_COLUMNS, itemCells, METRIC_NAMES, ratesTable } from './assessment-tables.js';
import {
  BulletinItemsQueryDto,
  CorrectBulletinDto,
  type ExportFormat,
  ExportBulletinItemsQueryDto,
  ExportFormatQueryDto,
  ExportItemsQueryDto,
  ExportRatesQueryDto,
  ItemsQueryDto,
  ListBulletinsQueryDto,
  PeriodQueryDto,
  PublishBulletinDto,
  RATE_VIEWS,
  type RateView,
  RatesQueryDto,
  WeightsDto,
} from './assessment.dto.js';
import type { AssessmentBulletinEntity } from './assessment.entities.js';
import { AssessmentRepository } from './assessment.repository.js';
import { AssessmentService, counted } from './assessment.service.js';
import type { Weights } from './assessment.types.js';

const VIEW_NAMES: Record<RateView | 'centre', string> = { units: '单位', categories: '分类', communities: '社区', 'community-categories': '社区和分类', centre: '全市' };
const PAGE = 2000;

function send(reply: FastifyReply, format: ExportFormat, name: string, table: ExportTable): void {
  void reply.type(CONTENT_TYPES[format]).header('content-disposition', contentDisposition(name, format)).header('cache-control', 'no-store').send(exportStream(format, table));
}

/** 考—评: the three rates, rankings, the tickets behind each figure, and the published bulletins (docs/assessment.md). */
@ApiTags('assessment')
@ApiBearerAuth()
@Controller('assessment')
export class AssessmentController {
  constructor(
    private readonly assessment: AssessmentService,
    private readonly repo: AssessmentRepository,
  ) {}

  @Get('rates/:view')
  @Roles('supervisor', 'admin', 'handler')
  @ApiOperation({
    summary: "Rates of a period by units | categories | communities | community-categories | centre (handlers: their own unit's tree)",
    description: 'community-categories answers compactly: each community and category named once, each pair a row of numbers (CommunityCategoryRates in shared/src/assessment.ts)',
  })
  rates(@Auth() p: Principal, @Param('view') view: string, @Query() q: RatesQueryDto): Promise<RatesResult | CommunityCategoryRates> {
    const v = this.view(view, true);
    return v === 'community-categories' ? this.assessment.communityCategories(p, q) : this.assessment.rates(p, v, q);
  }

  @Get('rates/:view/export')
  @Roles('supervisor', 'admin', 'handler')
  @ApiOperation({ summary: 'The same rates as XLSX, CSV (UTF-8 with BOM) or print HTML (A4 landscape)' })
  async exportRates(@Auth() p: Principal, @Param('view') view: string, @Query() q: ExportRatesQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const v = this.view(view, true);
    const r = await this.assessment.rates(p, v, q);
    const title = `${r.period.label}三率（按${VIEW_NAMES[v]}）`;
    send(reply, q.format, title, ratesTable(title, VIEW_NAMES[v], r.rows));
  }

  @Get('me')
  @Roles('handler', 'supervisor', 'admin')
  @ApiOperation({ summary: "The caller's own unit: its rates, score and rank among all ranked units (the mini-program's staff area)" })
  mine(@Auth() p: Principal, @Query() q: PeriodQueryDto) {
    return this.assessment.mine(p, q);
  }

  @Get('items')
  @Roles('supervisor', 'admin', 'handler')
  @ApiOperation({ summary: 'The tickets behind one figure (metric + row), keyset pages by item key' })
  items(@Auth() p: Principal, @Query() q: ItemsQueryDto): Promise<ItemsPage> {
    return this.assessment.itemsPage(p, q);
  }

  @Get('items/export')
  @Roles('supervisor', 'admin', 'handler')
  async exportItems(@Auth() p: Principal, @Query() q: ExportItemsQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const names = await this.assessment.unitNames();
    const period = this.assessment.period(q);
    const pages = await this.assessment.figureItems(p, { ...q, cursor: undefined }, PAGE);
    // Pages of the roll-up straight to the file: memory stays flat however many tickets the figure holds.
    async function* rows() {
      for await (const page of pages) for (const i of page) yield itemCells(i, names);
    }
    const title = `${periodLabel(period)}${METRIC_NAMES[q.metric]}明细`;
    send(reply, q.format, title, { title, sheet: '明细', columns: ITEM_COLUMNS, rows: rows() });
  }

  @Get('settings')
  @Roles('supervisor', 'admin', 'handler')
  async settings(): Promise<{ weights: Weights }> {
    return { weights: await this.assessment.weights() };
  }

  @Put('settings')
  @Roles('admin')
  @ApiBody({ type: WeightsDto })
  async setSettings(@Auth() p: Principal, @Body() body: WeightsDto): Promise<{ weights: Weights }> {
    return { weights: await this.assessment.setWeights(p, body) };
  }

  @Post('bulletins')
  @Roles('supervisor')
  @ApiBody({ type: PublishBulletinDto })
  @ApiOperation({ summary: 'Publish a period’s bulletin: figures and the tickets behind them are frozen' })
  publish(@Auth() p: Principal, @Body() body: PublishBulletinDto): Promise<AssessmentBulletinEntity> {
    return this.assessment.publish(p, body.kind, body.date);
  }

  @Post('bulletins/:id/corrections')
  @Roles('supervisor')
  @ApiBody({ type: CorrectBulletinDto })
  @ApiOperation({ summary: 'A corrected version of the latest version: recomputed, with the differences; the earlier one stays' })
  correct(@Auth() p: Principal, @Param('id') id: string, @Body() body: CorrectBulletinDto): Promise<AssessmentBulletinEntity> {
    return this.assessment.correct(p, id, body.reason);
  }

  @Get('bulletins')
  @Roles('operator', 'supervisor', 'admin', 'handler')
  list(@Query() q: ListBulletinsQueryDto): Promise<AssessmentBulletinEntity[]> {
    return this.assessment.listBulletins(q.kind);
  }

  @Get('bulletins/:id')
  @Roles('operator', 'supervisor', 'admin', 'handler')
  get(@Param('id') id: string): Promise<AssessmentBulletinEntity> {
    return this.assessment.bulletin(id);
  }

  @Get('bulletins/:id/export')
  @Roles('operator', 'supervisor', 'admin', 'handler')
  async exportBulletin(@Param('id') id: string, @Query() q: ExportFormatQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const b = await this.assessment.bulletin(id);
    const totals = { key: null, name: '全市合计', ...b.figures.totals, score: null, rank: null };
    send(reply, q.format, b.title, ratesTable(`${b.title}（${chinaTime(new Date(b.publishedAt))} 发布）`, '通报', [...b.figures.units, totals]));
  }

  @Get('bulletins/:id/items')
  @Roles('operator', 'supervisor', 'admin', 'handler')
  @ApiOperation({ summary: 'The frozen tickets behind a published figure (handlers: their own tree’s)' })
  bulletinItems(@Auth() p: Principal, @Param('id') id: string, @Query() q: BulletinItemsQueryDto): Promise<ItemsPage> {
    return this.assessment.bulletinItems(p, id, q);
  }

  @Get('bulletins/:id/items/export')
  @Roles('operator', 'supervisor', 'admin', 'handler')
  @HttpCode(200)
  async exportBulletinItems(@Auth() p: Principal, @Param('id') id: string, @Query() q: ExportBulletinItemsQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const b = await this.assessment.bulletin(id);
    const names = await this.assessment.unitNames();
    const keys = await this.assessment.unitKeys(p, q.unitId);
    const repo = this.repo;
    // Pages of the frozen items straight to the file: memory stays flat however many tickets the figure holds.
    async function* rows() {
      let after: string | null = null;
      for (;;) {
        const page = await repo.bulletinItems(b.id, q.metric, keys, counted(q.counted), after, PAGE);
        for (const r of page) yield itemCells(fromBulletinItem(r), names);
        if (page.length < PAGE) return;
        after = page.at(-1)!.itemKey;
      }
    }
    const title = `${b.title}${METRIC_NAMES[q.metric]}明细`;
    send(reply, q.format, title, { title, sheet: '明细', columns: ITEM_COLUMNS, rows: rows() });
  }

  private view(view: string, withCentre: boolean): RateView | 'centre' {
    if ((RATE_VIEWS as readonly string[]).includes(view) || (withCentre && view === 'centre')) return view as RateView | 'centre';
    throw new AppError(ErrorCode.ROUTE_NOT_FOUND);
  }
}
