import { ProvinceController } from './province.controller.js';
import { ProvinceClient } from './province.client.js';
import { ProvinceDeliveryWorker } from './province-delivery.worker.js';
import { ProvinceIntakeService } from './province-intake.service.js';
import { ProvinceRawBody } from './province-raw-body.js';

/** The provincial platform integration: intake of forwarded appeals and delivery of their events (queued by notifications/). */
export const PROVINCE_CONTROLLERS = [ProvinceController];
export const PROVINCE_PROVIDERS = [ProvinceRawBody, ProvinceClient, ProvinceIntakeService, ProvinceDeliveryWorker];
