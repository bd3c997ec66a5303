import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import {
  BOUNDARY_KINDS,
  type BoundaryView,
  COORD_SYSTEMS,
  type CreateBoundaryInput,
  createBoundarySchema,
  type PutBoundaryInput,
  putBoundarySchema,
  type ResolvedLocationView,
  STAFF_ROLES,
} from '@jyg12345/shared';
import { z } from 'zod';
import { Roles } from '../auth/auth.guard.js';
import { jsonSchema } from '../common/openapi.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { BoundariesService } from './boundaries.service.js';
import { LocationService } from './location.service.js';

const listQuery = z.strictObject({ kind: z.enum(BOUNDARY_KINDS).optional() });
const kindParam = z.enum(BOUNDARY_KINDS);
const resolveQuery = z.strictObject({
  lat: z.coerce.number().finite().min(-90).max(90),
  lng: z.coerce.number().finite().min(-180).max(180),
  coordSystem: z.enum(COORD_SYSTEMS).default('gcj02'),
});

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
  list(@Query(new ZodPipe(listQuery)) q: z.infer<typeof listQuery>): Promise<BoundaryView[]> {
    return this.boundaries.list(q.kind);
  }

  @Get('boundaries/:id')
  @Roles(...STAFF_ROLES)
  get(@Param('id') id: string): Promise<BoundaryView> {
    return this.boundaries.get(id);
  }

  @Post('boundaries')
  @Roles('admin')
  @ApiBody({ schema: jsonSchema(createBoundarySchema) })
  create(@Body(new ZodPipe(createBoundarySchema)) body: CreateBoundaryInput): Promise<BoundaryView> {
    return this.boundaries.create(body);
  }

  /** PUT /boundaries/service_area */
  @Put('boundaries/:kind')
  @Roles('admin')
  @ApiBody({ schema: jsonSchema(putBoundarySchema) })
  putArea(@Param('kind', new ZodPipe(kindParam)) kind: z.infer<typeof kindParam>, @Body(new ZodPipe(putBoundarySchema)) body: PutBoundaryInput): Promise<BoundaryView> {
    return this.boundaries.put(kind, null, body);
  }

  /** PUT /boundaries/street/:unitId, PUT /boundaries/community/:unitId */
  @Put('boundaries/:kind/:unitId')
  @Roles('admin')
  @ApiBody({ schema: jsonSchema(putBoundarySchema) })
  putUnit(
    @Param('kind', new ZodPipe(kindParam)) kind: z.infer<typeof kindParam>,
    @Param('unitId') unitId: string,
    @Body(new ZodPipe(putBoundarySchema)) body: PutBoundaryInput,
  ): Promise<BoundaryView> {
    return this.boundaries.put(kind, unitId, body);
  }

  @Delete('boundaries/:id')
  @Roles('admin')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.boundaries.remove(id);
  }

  /** Where a point falls (any signed-in user: the mini-program shows the street before filing). */
  @Get('geo/resolve')
  resolve(@Query(new ZodPipe(resolveQuery)) q: z.infer<typeof resolveQuery>): Promise<ResolvedLocationView> {
    return this.location.resolve(q.lat, q.lng, q.coordSystem);
  }
}
