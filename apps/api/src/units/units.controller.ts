import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { UnitView } from '@jyg12345/shared';
import { Roles } from '../common/access.js';
import { CreateUnitDto, UpdateUnitDto } from './units.dto.js';
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
  @ApiBody({ type: CreateUnitDto })
  create(@Body() body: CreateUnitDto): Promise<UnitView> {
    return this.units.create(body);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiBody({ type: UpdateUnitDto })
  update(@Param('id') id: string, @Body() body: UpdateUnitDto): Promise<UnitView> {
    return this.units.update(id, body);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  remove(@Param('id') id: string): Promise<void> {
    return this.units.remove(id);
  }
}
