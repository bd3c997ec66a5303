import { describe, expect, it } from '@jest/globals';
import { geometryContains, type Position } from '@jyg12345/shared';
import { CITY_OUTLINE, SEED_BOUNDARIES } from './geo.js';
import { labelledMessages } from './routing.js';
import { SEED_TICKETS } from './tickets.js';
import { SEED_UNITS } from './units.js';

const streets = SEED_BOUNDARIES.filter((b) => b.kind === 'street');
const streetAt = (p: Position) => streets.filter((s) => geometryContains(s.geometry, p)).map((s) => s.unitCode);

describe('SEED_BOUNDARIES', () => {
  it('has the city outline as the service area and one approximate area per street/town', () => {
    expect(SEED_BOUNDARIES.filter((b) => b.kind === 'service_area')).toHaveLength(1);
    const streetUnits = SEED_UNITS.filter((u) => u.kind === 'street').map((u) => u.code).sort();
    expect(streets.map((s) => s.unitCode).sort()).toEqual(streetUnits);
    for (const s of streets) {
      expect(s.approximate).toBe(true);
      expect(s.geometry.type === 'MultiPolygon' && s.geometry.coordinates.length).toBeGreaterThan(0);
    }
  });

  it('puts downtown points in one urban street and the Pass in 峪泉镇', () => {
    expect(streetAt([98.2901, 39.8023])).toEqual(['620201001']); // 新华中路, 雄关街道
    expect(streetAt([98.29, 39.825])).toEqual(['620201002']); // north of downtown, 钢城街道
    expect(streetAt([98.222, 39.801])).toEqual(['620201101']); // 嘉峪关关城
    expect(streetAt([103.83, 36.06])).toEqual([]); // Lanzhou
  });

  it('covers every demo appeal location with exactly one street inside the city', () => {
    for (const t of SEED_TICKETS) {
      expect(geometryContains(CITY_OUTLINE, [t.lng, t.lat])).toBe(true);
      expect(streetAt([t.lng, t.lat])).toHaveLength(1);
    }
  });
});

describe('labelled messages', () => {
  it('loads every line with a category', () => {
    const rows = labelledMessages();
    expect(rows.length).toBeGreaterThan(300);
    for (const r of rows) expect(r.category.length).toBeGreaterThan(0);
  });
});
