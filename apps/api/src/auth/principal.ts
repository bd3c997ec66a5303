import type { StaffRole } from '@jyg12345/shared';

export type Principal =
  | { kind: 'resident'; id: string; role: 'resident' }
  | { kind: 'staff'; id: string; role: StaffRole; unitId: string };
