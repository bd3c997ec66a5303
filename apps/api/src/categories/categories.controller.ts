import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { CategoryView } from '@jyg12345/shared';
import { Auth, Roles } from '../common/access.js';
import type { Principal } from '../auth/principal.js';
import { CreateCategoryDto, ListCategoriesQueryDto, UpdateCategoryDto } from './categories.dto.js';
import { CategoriesService } from './categories.service.js';

@ApiTags('categories')
@ApiBearerAuth()
@Controller('categories')
export class CategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  /** Everyone signed in reads the taxonomy (the appeal form needs it); only admins see inactive ones. */
  @Get()
  list(@Auth() p: Principal, @Query() q: ListCategoriesQueryDto): Promise<CategoryView[]> {
    return this.categories.list(p.role === 'admin' && q.includeInactive === true);
  }

  @Post()
  @Roles('admin')
  @ApiBody({ type: CreateCategoryDto })
  create(@Body() body: CreateCategoryDto): Promise<CategoryView> {
    return this.categories.create(body);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiBody({ type: UpdateCategoryDto })
  update(@Param('id') id: string, @Body() body: UpdateCategoryDto): Promise<CategoryView> {
    return this.categories.update(id, body);
  }
}
