import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module.js';
import { UnitsModule } from '../units/units.module.js';
import { AssessmentLedger } from './assessment-ledger.js';
import { AssessmentController } from './assessment.controller.js';
import { AssessmentRepository } from './assessment.repository.js';
import { AssessmentService } from './assessment.service.js';

/** 考—评: it reads the unit tree and the work calendar; the action writer records into its ledger. */
@Module({
  imports: [CalendarModule, UnitsModule],
  controllers: [AssessmentController],
  providers: [AssessmentRepository, AssessmentService, AssessmentLedger],
  exports: [AssessmentService, AssessmentLedger],
})
export class AssessmentModule {}
