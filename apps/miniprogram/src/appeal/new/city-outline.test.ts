import { describe, expect, it } from '@jest/globals';
import { cityOutline, fromSvg, OUTLINE_HEIGHT, OUTLINE_WIDTH, toSvg } from './city-outline';

describe('the H5 city outline', () => {
  it('draws the outline inside its box, north up', () => {
    const [d] = cityOutline();
    expect(d).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+)+Z$/);
    const [, yNorth] = toSvg({ lat: 39.85, lng: 98.3 });
    const [, ySouth] = toSvg({ lat: 39.75, lng: 98.3 });
    expect(yNorth).toBeLessThan(ySouth);
    expect(OUTLINE_HEIGHT).toBeGreaterThan(0);
  });

  it('turns a tap back into the point under it', () => {
    const point = { lat: 39.80231, lng: 98.29012 };
    const [x, y] = toSvg(point);
    expect(x).toBeGreaterThan(0);
    expect(x).toBeLessThan(OUTLINE_WIDTH);
    const back = fromSvg(x, y);
    expect(back.lat).toBeCloseTo(point.lat, 5);
    expect(back.lng).toBeCloseTo(point.lng, 5);
  });
});
