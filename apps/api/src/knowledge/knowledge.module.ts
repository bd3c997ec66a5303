import { Module } from '@nestjs/common';
import { SearchModule } from '../search/search.module.js';
import { KnowledgeController } from './knowledge.controller.js';
import { KnowledgeService } from './knowledge.service.js';

@Module({ imports: [SearchModule], controllers: [KnowledgeController], providers: [KnowledgeService] })
export class KnowledgeModule {}
