import { LoginAddressesService } from './login-addresses.service.js';
import { ResidentBlocksService } from './residents.service.js';
import { SecurityController } from './security.controller.js';
import { SecurityEventsService } from './security-events.service.js';
import { SessionService } from './session.service.js';

/** Sessions that can be taken back, resident blocks, the security log and known login addresses (docs/security.md). */
export const SECURITY_CONTROLLERS = [SecurityController];
export const SECURITY_PROVIDERS = [SessionService, SecurityEventsService, ResidentBlocksService, LoginAddressesService];
