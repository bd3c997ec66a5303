import type { StaffRole } from '@jyg12345/shared';

export type Principal =
  | { kind: 'resident'; id: string; role: 'resident' }
  | { kind: 'staff'; id: string; role: StaffRole; unitId: string };

/**
 * A third-party client filing through a public intake API (an Open311 API key): it files as a resident does
 * (status submitted, for the operators to accept), on its own channel, and owns no ticket afterwards.
 */
export interface IntakeClient {
  kind: 'client';
  id: string;
  channel: 'open311';
}
