import { Module } from '@nestjs/common';
import { GeoModule } from '../geo/geo.module.js';
import { TicketsModule } from '../tickets/tickets.module.js';
import { PROVINCE_CONTROLLERS, PROVINCE_PROVIDERS } from './province.providers.js';

@Module({ imports: [GeoModule, TicketsModule], controllers: PROVINCE_CONTROLLERS, providers: PROVINCE_PROVIDERS })
export class ProvinceModule {}
