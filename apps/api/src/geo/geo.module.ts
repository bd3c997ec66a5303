import { Module } from '@nestjs/common';
import { BoundariesController } from './boundaries.controller.js';
import { BoundariesService } from './boundaries.service.js';
import { LocationService } from './location.service.js';

@Module({ controllers: [BoundariesController], providers: [LocationService, BoundariesService], exports: [LocationService] })
export class GeoModule {}
