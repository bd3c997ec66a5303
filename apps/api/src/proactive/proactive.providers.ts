import { HotspotsService } from './hotspots.service.js';
import { ProactiveController } from './proactive.controller.js';
import { ProactiveRepository } from './proactive.repository.js';
import { ScreenService } from './screen.service.js';
import { TopicTagger } from './topic-tagger.js';
import { TopicsService } from './topics.service.js';

/** 未诉先办 (ProactiveModule; the screen reads the assessment's rates). */
export const PROACTIVE_CONTROLLERS = [ProactiveController];
export const PROACTIVE_PROVIDERS = [ProactiveRepository, HotspotsService, TopicsService, TopicTagger, ScreenService];
