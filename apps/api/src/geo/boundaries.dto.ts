import {
  BOUNDARY_KINDS,
  type BoundaryKind,
  COORD_SYSTEMS,
  type CoordSystem,
  type CreateBoundaryInput,
  type PolygonalGeometry,
  type PutBoundaryInput,
} from '@jyg12345/shared';
import { Transform } from 'class-transformer';
import { IsString, ValidateBy } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { Bool, Nullable, OneOf, Optional, QueryNum, RefId, Str, Trim } from '../common/dto.js';
import { readGeoJsonArea } from './geojson.js';

/** A Polygon/MultiPolygon or a Feature carrying one, read into the bare geometry; the message says what is wrong. */
function GeoJsonArea(): PropertyDecorator {
  const rule = ValidateBy({
    name: 'geoJsonArea',
    validator: {
      validate: (v: unknown) => 'geometry' in readGeoJsonArea(v),
      defaultMessage: (args) => {
        const read = readGeoJsonArea(args?.value);
        return 'problem' in read ? read.problem : '格式不正确';
      },
    },
  });
  const normalise = Transform(({ value }: { value: unknown }) => {
    const read = readGeoJsonArea(value);
    return 'geometry' in read ? read.geometry : value;
  });
  const doc = JSONSchema({ type: 'object', description: 'GeoJSON Polygon、MultiPolygon，或包含它们的 Feature（线性环首尾相同，至少 4 个坐标）' });
  return (target: object, key: string | symbol) => {
    normalise(target, key);
    rule(target, key);
    doc(target, key as string);
  };
}

/** PUT /boundaries/:kind/:unitId? — coordinates in `coordSystem` (default GCJ-02, how they are stored). */
export class PutBoundaryDto implements PutBoundaryInput {
  @Trim()
  @Str(1, 100)
  name!: string;

  @GeoJsonArea()
  geojson!: PolygonalGeometry;

  @Optional()
  @Bool()
  approximate: boolean = false;

  @Optional()
  @OneOf(COORD_SYSTEMS)
  coordSystem: CoordSystem = 'gcj02';
}

/** POST /boundaries — the same with the scope in the body. */
export class CreateBoundaryDto extends PutBoundaryDto implements CreateBoundaryInput {
  @OneOf(BOUNDARY_KINDS)
  kind!: BoundaryKind;

  @Nullable()
  @RefId()
  unitId?: string | null;
}

/** GET /boundaries */
export class ListBoundariesQueryDto {
  @Optional()
  @OneOf(BOUNDARY_KINDS)
  kind?: BoundaryKind;
}

/** PUT /boundaries/:kind */
export class BoundaryKindParamsDto {
  @OneOf(BOUNDARY_KINDS)
  kind!: BoundaryKind;
}

/** PUT /boundaries/:kind/:unitId */
export class BoundaryUnitParamsDto extends BoundaryKindParamsDto {
  @IsString()
  unitId!: string;
}

/** GET /geo/resolve */
export class ResolveQueryDto {
  @QueryNum(-90, 90)
  lat!: number;

  @QueryNum(-180, 180)
  lng!: number;

  @Optional()
  @OneOf(COORD_SYSTEMS)
  coordSystem: CoordSystem = 'gcj02';
}
