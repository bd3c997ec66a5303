import { Module } from '@nestjs/common';
import { UnitTreeService } from './unit-tree.service.js';
import { UnitsController } from './units.controller.js';
import { UnitsService } from './units.service.js';

@Module({ controllers: [UnitsController], providers: [UnitTreeService, UnitsService], exports: [UnitTreeService] })
export class UnitsModule {}
