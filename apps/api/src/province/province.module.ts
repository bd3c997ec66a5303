import { Module } from '@nestjs/common';
import { GeoModule } from '../geo/geo.module.js';
import { TicketsModule } from '../tickets/tickets.module.js';
import { ProvinceClient } from './province.client.js';
import { ProvinceController } from './province.controller.js';
import { ProvinceDeliveryWorker } from './province-delivery.worker.js';
import { ProvinceIntakeService } from './province-intake.service.js';
import { ProvinceRawBody } from './province-raw-body.js';

/** The provincial platform integration: intake of forwarded appeals and delivery of their events (queued by notifications/). */
@Module({
  imports: [GeoModule, TicketsModule],
  controllers: [ProvinceController],
  providers: [ProvinceRawBody, ProvinceClient, ProvinceIntakeService, ProvinceDeliveryWorker],
})
export class ProvinceModule {}
