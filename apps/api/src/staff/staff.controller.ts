import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { StaffView } from '@jyg12345/shared';
import { Auth, Roles } from '../common/access.js';
import type { Principal } from '../auth/principal.js';
import { CreateStaffDto, UpdateStaffDto } from './staff.dto.js';
import { StaffService } from './staff.service.js';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('staff')
@Roles('admin')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Get()
  list(): Promise<StaffView[]> {
    return this.staff.list();
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<StaffView> {
    return this.staff.get(id);
  }

  @Post()
  @ApiBody({ type: CreateStaffDto })
  create(@Auth() p: Principal, @Body() body: CreateStaffDto): Promise<StaffView> {
    return this.staff.create(p, body);
  }

  @Patch(':id')
  @ApiBody({ type: UpdateStaffDto })
  update(@Auth() p: Principal, @Param('id') id: string, @Body() body: UpdateStaffDto): Promise<StaffView> {
    return this.staff.update(p, id, body);
  }
}
