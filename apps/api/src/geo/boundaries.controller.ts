import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { type BoundaryView, type ResolvedLocationView, STAFF_ROLES } from '@jyg12345/shared';
import { Roles } from '../common/access.js';
import {
  BoundaryKindParamsDto,
  BoundaryUnitParamsDto,
  CreateBoundaryDto,
  ListBoundariesQueryDto,
  PutBoundaryDto,
  ResolveQueryDto,
} from './boundaries.dto.js';
import { BoundariesService } from './boundaries.service.js';
import { LocationService } from './location.service.js';

@ApiTags('geo')
@ApiBearerAuth()
@Controller()
export class BoundariesController {
  constructor(
    private readonly boundaries: BoundariesService,
    private readonly location: LocationService,
  ) {}

  @Get('boundaries')
  @Roles(...STAFF_ROLES)
  list(@Query() q: ListBoundariesQueryDto): Promise<BoundaryView[]> {
    return this.boundaries.list(q.kind);
  }

  @Get('boundaries/:id')
  @Roles(...STAFF_ROLES)
  get(@Param('id') id: string): Promise<BoundaryView> {
    return this.boundaries.get(id);
  }

  @Post('boundaries')
  @Roles('admin')
  @ApiBody({ type: CreateBoundaryDto })
  create(@Body() body: CreateBoundaryDto): Promise<BoundaryView> {
    return this.boundaries.create(body);
  }

  /** PUT /boundaries/service_area */
  @Put('boundaries/:kind')
  @Roles('admin')
  @ApiBody({ type: PutBoundaryDto })
  putArea(@Param() params: BoundaryKindParamsDto, @Body() body: PutBoundaryDto): Promise<BoundaryView> {
    return this.boundaries.put(params.kind, null, body);
  }

  /** PUT /boundaries/street/:unitId, PUT /boundaries/community/:unitId */
  @Put('boundaries/:kind/:unitId')
  @Roles('admin')
  @ApiBody({ type: PutBoundaryDto })
  putUnit(@Param() params: BoundaryUnitParamsDto, @Body() body: PutBoundaryDto): Promise<BoundaryView> {
    return this.boundaries.put(params.kind, params.unitId, body);
  }

  @Delete('boundaries/:id')
  @Roles('admin')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.boundaries.remove(id);
  }

  /** Where a point falls (any signed-in user: the mini-program shows the street before filing). */
  @Get('geo/resolve')
  resolve(@Query() q: ResolveQueryDto): Promise<ResolvedLocationView> {
    return this.location.resolve(q.lat, q.lng, q.coordSystem);
  }
}
