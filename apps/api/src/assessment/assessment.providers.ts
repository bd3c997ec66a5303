import { AssessmentLedger } from './assessment-ledger.js';
import { AssessmentController } from './assessment.controller.js';
import { AssessmentRepository } from './assessment.repository.js';
import { AssessmentService } from './assessment.service.js';

/** 考—评 (AssessmentModule; it reads the unit tree and the work calendar). */
export const ASSESSMENT_CONTROLLERS = [AssessmentController];
export const ASSESSMENT_PROVIDERS = [AssessmentRepository, AssessmentService, AssessmentLedger];
