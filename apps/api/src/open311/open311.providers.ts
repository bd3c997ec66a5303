import { Open311Controller } from './open311.controller.js';
import { Open311KeysController } from './open311-keys.controller.js';
import { Open311KeysService } from './open311-keys.service.js';
import { Open311Service } from './open311.service.js';

/**
 * Open311 GeoReport v2 (Open311Module): it files through TicketsService and signs photo URLs with
 * AttachmentUrlSigner.
 */
export const OPEN311_CONTROLLERS = [Open311Controller, Open311KeysController];
export const OPEN311_PROVIDERS = [Open311Service, Open311KeysService];
/** Served at exactly /open311/v2/…: no `/api` prefix (bootstrap.ts). */
export const OPEN311_PREFIX_EXCLUDE = 'open311/v2/{*path}';
