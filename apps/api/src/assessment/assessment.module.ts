import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module.js';
import { UnitsModule } from '../units/units.module.js';
import { AssessmentLedger } from './assessment-ledger.js';
import { AssessmentService } from './assessment.service.js';
import { ASSESSMENT_CONTROLLERS, ASSESSMENT_PROVIDERS } from './assessment.providers.js';

@Module({
  imports: [CalendarModule, UnitsModule],
  controllers: ASSESSMENT_CONTROLLERS,
  providers: ASSESSMENT_PROVIDERS,
  exports: [AssessmentService, AssessmentLedger],
})
export class AssessmentModule {}
