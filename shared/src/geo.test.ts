import { describe, expect, it } from '@jest/globals';
import {
  bboxOf,
  clipGeometryToBox,
  clipRingToBox,
  geometryContains,
  polygonContains,
  ringContains,
  type PolygonCoords,
  type Ring,
} from './geo.js';

const square = (x0: number, y0: number, size: number): Ring => [
  [x0, y0],
  [x0 + size, y0],
  [x0 + size, y0 + size],
  [x0, y0 + size],
  [x0, y0],
];

describe('point in polygon (ray casting)', () => {
  const unit: PolygonCoords = [square(0, 0, 10)];

  it('finds points inside and outside a square', () => {
    expect(polygonContains(unit, [5, 5])).toBe(true);
    expect(polygonContains(unit, [0.001, 9.999])).toBe(true);
    expect(polygonContains(unit, [-0.001, 5])).toBe(false);
    expect(polygonContains(unit, [15, 5])).toBe(false);
    expect(polygonContains(unit, [5, 10.5])).toBe(false);
  });

  it('counts points on edges and vertices as inside', () => {
    expect(ringContains(square(0, 0, 10), [0, 5])).toBe(0);
    expect(ringContains(square(0, 0, 10), [10, 10])).toBe(0);
    expect(polygonContains(unit, [10, 3])).toBe(true);
    expect(polygonContains(unit, [5, 0])).toBe(true);
    expect(polygonContains(unit, [0, 0])).toBe(true);
  });

  it('does not double-count a ray through a vertex', () => {
    // A diamond: the horizontal ray from (0, 0) passes exactly through the vertex (5, 0).
    const diamond: Ring = [
      [0, -5],
      [5, 0],
      [0, 5],
      [-5, 0],
      [0, -5],
    ];
    expect(ringContains(diamond, [0, 0])).toBe(1);
    expect(ringContains(diamond, [-6, 0])).toBe(-1);
    expect(ringContains(diamond, [6, 0])).toBe(-1);
    // On a slanted edge (each edge's box is checked before its cross product), and just off it.
    expect(ringContains(diamond, [2.5, 2.5])).toBe(0);
    expect(ringContains(diamond, [-2.5, -2.5])).toBe(0);
    expect(ringContains(diamond, [2.5, 2.6])).toBe(-1);
    expect(ringContains(diamond, [2.5, 2.4])).toBe(1);
    // On the edge's line beyond its ends: outside, not on the boundary.
    expect(ringContains(diamond, [7.5, -2.5])).toBe(-1);
  });

  it('handles a concave (U-shaped) polygon', () => {
    const u: Ring = [
      [0, 0],
      [10, 0],
      [10, 10],
      [7, 10],
      [7, 3],
      [3, 3],
      [3, 10],
      [0, 10],
      [0, 0],
    ];
    expect(ringContains(u, [1, 8])).toBe(1); // left arm
    expect(ringContains(u, [9, 8])).toBe(1); // right arm
    expect(ringContains(u, [5, 8])).toBe(-1); // the notch
    expect(ringContains(u, [5, 1])).toBe(1); // the base
    expect(ringContains(u, [5, 3])).toBe(0); // the notch's floor is an edge
  });

  it('excludes holes but keeps their edges', () => {
    const withHole: PolygonCoords = [square(0, 0, 10), square(3, 3, 4)];
    expect(polygonContains(withHole, [1, 1])).toBe(true);
    expect(polygonContains(withHole, [5, 5])).toBe(false);
    expect(polygonContains(withHole, [3, 5])).toBe(true);
  });

  it('works with rings that are not explicitly closed and on MultiPolygons', () => {
    expect(ringContains(square(0, 0, 2).slice(0, 4), [1, 1])).toBe(1);
    const multi = { type: 'MultiPolygon' as const, coordinates: [[square(0, 0, 1)], [square(5, 5, 1)]] };
    expect(geometryContains(multi, [0.5, 0.5])).toBe(true);
    expect(geometryContains(multi, [5.5, 5.5])).toBe(true);
    expect(geometryContains(multi, [3, 3])).toBe(false);
  });

  it('computes bounding boxes', () => {
    expect(bboxOf({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(5, 5, 1)]] })).toEqual({ minLng: 0, minLat: 0, maxLng: 6, maxLat: 6 });
  });
});

describe('clipping to a box', () => {
  it('clips a square to an overlapping box', () => {
    const clipped = clipRingToBox(square(0, 0, 10), { minLng: 5, minLat: -5, maxLng: 15, maxLat: 5 });
    expect(clipped).not.toBeNull();
    expect(ringContains(clipped as Ring, [7, 2])).toBe(1);
    expect(ringContains(clipped as Ring, [2, 2])).toBe(-1);
    expect(ringContains(clipped as Ring, [7, 7])).toBe(-1);
  });

  it('returns nothing for disjoint shapes and keeps the pieces of a concave shape', () => {
    expect(clipRingToBox(square(0, 0, 1), { minLng: 5, minLat: 5, maxLng: 6, maxLat: 6 })).toBeNull();
    const u = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [0, 0],
          [10, 0],
          [10, 10],
          [7, 10],
          [7, 3],
          [3, 3],
          [3, 10],
          [0, 10],
          [0, 0],
        ] as Ring,
      ],
    };
    const top = { type: 'MultiPolygon' as const, coordinates: clipGeometryToBox(u, { minLng: -1, minLat: 5, maxLng: 11, maxLat: 11 }) };
    expect(geometryContains(top, [1, 8])).toBe(true);
    expect(geometryContains(top, [9, 8])).toBe(true);
    expect(geometryContains(top, [5, 8])).toBe(false);
    expect(geometryContains(top, [5, 1])).toBe(false);
  });
});
