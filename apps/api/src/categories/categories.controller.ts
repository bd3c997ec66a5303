import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import {
  type CategoryView,
  type CreateCategoryInput,
  createCategorySchema,
  type UpdateCategoryInput,
  updateCategorySchema,
} from '@jyg12345/shared';
import { z } from 'zod';
import { Auth, Roles } from '../auth/auth.guard.js';
import type { Principal } from '../auth/principal.js';
import { jsonSchema } from '../common/openapi.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { CategoriesService } from './categories.service.js';

const listQuery = z.strictObject({ includeInactive: z.enum(['true', 'false']).optional() });

@ApiTags('categories')
@ApiBearerAuth()
@Controller('categories')
export class CategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  /** Everyone signed in reads the taxonomy (the appeal form needs it); only admins see inactive ones. */
  @Get()
  list(@Auth() p: Principal, @Query(new ZodPipe(listQuery)) q: z.infer<typeof listQuery>): Promise<CategoryView[]> {
    return this.categories.list(p.role === 'admin' && q.includeInactive === 'true');
  }

  @Post()
  @Roles('admin')
  @ApiBody({ schema: jsonSchema(createCategorySchema) })
  create(@Body(new ZodPipe(createCategorySchema)) body: CreateCategoryInput): Promise<CategoryView> {
    return this.categories.create(body);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiBody({ schema: jsonSchema(updateCategorySchema) })
  update(@Param('id') id: string, @Body(new ZodPipe(updateCategorySchema)) body: UpdateCategoryInput): Promise<CategoryView> {
    return this.categories.update(id, body);
  }
}
