import { Module } from '@nestjs/common';
import { AssessmentModule } from '../assessment/assessment.module.js';
import { AttachmentsModule } from '../attachments/attachments.module.js';
import { PROACTIVE_CONTROLLERS, PROACTIVE_PROVIDERS } from './proactive.providers.js';
import { TopicsService } from './topics.service.js';

@Module({ imports: [AssessmentModule, AttachmentsModule], controllers: PROACTIVE_CONTROLLERS, providers: PROACTIVE_PROVIDERS, exports: [TopicsService] })
export class ProactiveModule {}
