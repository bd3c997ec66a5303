import { AssessmentLedger } from './assessment-ledger.js';
import { AssessmentController } from './assessment.controller.js';
import { AssessmentRepository } from './assessment.repository.js';
import { AssessmentService } from './assessment.service.js';

/** 考—评, registered in AppModule (it shares the unit tree and the work calendar). */
export const ASSESSMENT_CONTROLLERS = [AssessmentController];
export const ASSESSMENT_PROVIDERS = [AssessmentRepository, AssessmentService, AssessmentLedger];
