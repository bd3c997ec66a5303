import { Module } from '@nestjs/common';
import { AssessmentModule } from '../assessment/assessment.module.js';
import { AttachmentsModule } from '../attachments/attachments.module.js';
import { HotspotsService } from './hotspots.service.js';
import { ProactiveController } from './proactive.controller.js';
import { ProactiveRepository } from './proactive.repository.js';
import { ScreenService } from './screen.service.js';
import { TopicTagger } from './topic-tagger.js';
import { TopicsService } from './topics.service.js';

/** 未诉先办: the screen reads the assessment's rates, topic reports carry photos. */
@Module({
  imports: [AssessmentModule, AttachmentsModule],
  controllers: [ProactiveController],
  providers: [ProactiveRepository, HotspotsService, TopicsService, TopicTagger, ScreenService],
  exports: [TopicsService],
})
export class ProactiveModule {}
