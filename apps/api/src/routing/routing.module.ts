import { Module } from '@nestjs/common';
import { GeoModule } from '../geo/geo.module.js';
import { RoutingController } from './routing.controller.js';
import { RoutingService } from './routing.service.js';

@Module({ imports: [GeoModule], controllers: [RoutingController], providers: [RoutingService] })
export class RoutingModule {}
