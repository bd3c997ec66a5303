import { ProvinceController } from './province.controller.js';
import { ProvinceClient } from './province.client.js';
import { ProvinceDeliveryWorker } from './province-delivery.worker.js';
import { ProvinceIntakeService } from './province-intake.service.js';
import { ProvinceOutboxService } from './province-outbox.service.js';
import { ProvinceRawBody } from './province-raw-body.js';

/** The provincial platform integration, registered in AppModule (it shares the ticket and outbox services). */
export const PROVINCE_CONTROLLERS = [ProvinceController];
export const PROVINCE_PROVIDERS = [ProvinceRawBody, ProvinceClient, ProvinceIntakeService, ProvinceOutboxService, ProvinceDeliveryWorker];
