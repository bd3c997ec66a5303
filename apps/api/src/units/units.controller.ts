import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { type CreateUnitInput, createUnitSchema, type UnitView, type UpdateUnitInput, updateUnitSchema } from '@jyg12345/shared';
import { Roles } from '../auth/auth.guard.js';
import { jsonSchema } from '../common/openapi.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { UnitsService } from './units.service.js';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  // Residents too: the success and detail pages name the unit handling their appeal (a public organisation chart).
  @Get()
  @Roles('resident', 'operator', 'supervisor', 'handler', 'admin')
  list(): Promise<UnitView[]> {
    return this.units.list();
  }

  @Get(':id')
  @Roles('operator', 'supervisor', 'handler', 'admin')
  get(@Param('id') id: string): Promise<UnitView> {
    return this.units.get(id);
  }

  @Post()
  @Roles('admin')
  @ApiBody({ schema: jsonSchema(createUnitSchema) })
  create(@Body(new ZodPipe(createUnitSchema)) body: CreateUnitInput): Promise<UnitView> {
    return this.units.create(body);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiBody({ schema: jsonSchema(updateUnitSchema) })
  update(@Param('id') id: string, @Body(new ZodPipe(updateUnitSchema)) body: UpdateUnitInput): Promise<UnitView> {
    return this.units.update(id, body);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  remove(@Param('id') id: string): Promise<void> {
    return this.units.remove(id);
  }
}
