import { z } from 'zod';
import { PHONE_PATTERN } from './requests.js';

/** Kept only for the ticket action bodies in workflow.ts (still zod); it leaves with them. */
export const phoneSchema = z.string().regex(PHONE_PATTERN, 'invalid phone number');
