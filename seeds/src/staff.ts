import type { UnitKind } from '@jyg12345/shared';
import type { SeedStaff, SeedUnit } from './types.js';

/** Units that get one demo handler account each. */
export const HANDLER_UNIT_KINDS: readonly UnitKind[] = ['sub_centre', 'department', 'company', 'street', 'community'];

/**
 * A demo mobile number, 1000937 followed by four digits from `n`. Demo data only (10x is no allocated mobile prefix in China): the numbers are
 * generated, not collected, and belong to nobody on record here.
 */
function demoPhone(n: number): string {
  return `1000937${String(n % 10_000).padStart(4, '0')}`;
}

/** Demo staff: the centre's accounts plus one handler per handling unit ('handler.<unit code>'). */
export function seedStaff(units: SeedUnit[]): SeedStaff[] {
  const centre: SeedStaff[] = [
    { username: 'admin', displayName: '系统管理员', role: 'admin', unitCode: 'centre', phone: null },
    { username: 'operator', displayName: '话务员小王', role: 'operator', unitCode: 'centre', phone: demoPhone(1) },
    { username: 'operator2', displayName: '话务员小李', role: 'operator', unitCode: 'centre', phone: demoPhone(2) },
    { username: 'supervisor', displayName: '督办员', role: 'supervisor', unitCode: 'centre', phone: demoPhone(3) },
  ];
  const handlers = units
    .filter((unit) => HANDLER_UNIT_KINDS.includes(unit.kind))
    .map(
      (unit, index): SeedStaff => ({
        username: `handler.${unit.code}`,
        displayName: `${unit.name}经办人`,
        role: 'handler',
        unitCode: unit.code,
        phone: demoPhone(100 + index),
      }),
    );
  return [...centre, ...handlers];
}
