import { describe, expect, it } from '@jest/globals';
import { ErrorCode, type Ring } from '@jyg12345/shared';
import { AppError } from '../common/app-error.js';
import { validateDto } from '../common/validation.js';
import { CreateBoundaryDto, PutBoundaryDto } from './boundaries.dto.js';

const square = (x0: number, y0: number, size: number): Ring => [
  [x0, y0],
  [x0 + size, y0],
  [x0 + size, y0 + size],
  [x0, y0 + size],
  [x0, y0],
];

async function refusal(cls: typeof PutBoundaryDto, body: unknown): Promise<AppError | null> {
  try {
    await validateDto(cls, body);
    return null;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
}

describe('boundary bodies', () => {
  it('accepts a Feature or a geometry, normalised to the 2D geometry, with the defaults', async () => {
    const parsed = await validateDto(PutBoundaryDto, { name: ' x ', geojson: { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [square(0, 0, 1)] } } });
    expect(parsed.geojson).toEqual({ type: 'Polygon', coordinates: [square(0, 0, 1)] });
    expect(parsed).toMatchObject({ name: 'x', coordSystem: 'gcj02', approximate: false });
    const multi = await validateDto(PutBoundaryDto, { name: 'x', geojson: { type: 'MultiPolygon', coordinates: [[square(0, 0, 1).map(([a, b]) => [a, b, 1500])]] } });
    expect(multi.geojson).toEqual({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1)]] });
  });

  it.each([
    ['an open ring', { type: 'Polygon', coordinates: [square(0, 0, 1).slice(0, 4)] }, 'geojson', '线性环必须首尾相同'],
    ['a short ring', { type: 'Polygon', coordinates: [[[0, 0], [1, 1], [0, 0]]] }, 'geojson', '至少需要 4 个坐标'],
    ['a position out of range', { type: 'Polygon', coordinates: [square(200, 0, 1)] }, 'geojson', '经度应在 -180 到 180'],
    ['a point', { type: 'Point', coordinates: [0, 0] }, 'geojson', 'type 必须是 Polygon 或 MultiPolygon'],
    ['text', 'not json', 'geojson', '必须是 Polygon、MultiPolygon 或包含它们的 Feature'],
  ])('refuses %s, saying what is wrong in Chinese', async (_label, geojson, path, message) => {
    const err = await refusal(PutBoundaryDto, { name: 'x', geojson });
    expect(err?.code).toBe(ErrorCode.VALIDATION_FAILED);
    expect(err?.details).toEqual([{ path, message: expect.stringContaining(message) }]);
  });

  it('refuses an unknown kind', async () => {
    const err = await refusal(CreateBoundaryDto, { kind: 'planet', name: 'x', geojson: { type: 'Polygon', coordinates: [square(0, 0, 1)] } });
    expect(err?.details).toEqual([{ path: 'kind', message: '必须是以下之一：service_area、street、community' }]);
  });
});
