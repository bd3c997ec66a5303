import { Module } from '@nestjs/common';
import { SecurityModule } from '../security/security.module.js';
import { StaffController } from './staff.controller.js';
import { StaffService } from './staff.service.js';

@Module({ imports: [SecurityModule], controllers: [StaffController], providers: [StaffService] })
export class StaffModule {}
