import { ResidentBlocksService } from './residents.service.js';
import { SecurityController } from './security.controller.js';
import { SecurityEventsService } from './security-events.service.js';
import { SessionService } from './session.service.js';

/** Sessions that can be taken back, resident blocks and the security log (docs/security.md). */
export const SECURITY_CONTROLLERS = [SecurityController];
export const SECURITY_PROVIDERS = [SessionService, SecurityEventsService, ResidentBlocksService];
