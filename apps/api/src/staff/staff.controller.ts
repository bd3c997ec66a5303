import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { type CreateStaffInput, createStaffSchema, type StaffView, type UpdateStaffInput, updateStaffSchema } from '@jyg12345/shared';
import { Roles } from '../auth/auth.guard.js';
import { jsonSchema } from '../common/openapi.js';
import { ZodPipe } from '../common/zod.pipe.js';
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
  @ApiBody({ schema: jsonSchema(createStaffSchema) })
  create(@Body(new ZodPipe(createStaffSchema)) body: CreateStaffInput): Promise<StaffView> {
    return this.staff.create(body);
  }

  @Patch(':id')
  @ApiBody({ schema: jsonSchema(updateStaffSchema) })
  update(@Param('id') id: string, @Body(new ZodPipe(updateStaffSchema)) body: UpdateStaffInput): Promise<StaffView> {
    return this.staff.update(id, body);
  }
}
