import { describe, expect, it } from '@jest/globals';
import { COORD_SYSTEMS, TICKET_TYPES } from '@jyg12345/shared';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata.js';
import fc from 'fast-check';
import { validateDto, validateDtoSync } from '../common/validation.js';
import { LocationDto } from '../geo/location.dto.js';
import { acceptsCreateTicket, ContactDto, CreateTicketDto } from './tickets.dto.js';

/** Every class-validator rule of the filing body, as `property: rule(constraints)`. */
function rules(cls: new () => object): string[] {
  const metas = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false) as ValidationMetadata[];
  return metas
    .map((m) => `${m.propertyName}: ${m.name ?? m.type}${m.each ? '[each]' : ''}(${(m.constraints ?? []).filter((c) => c !== undefined && typeof c !== 'function').map((c) => String(c)).join(',')})`)
    .sort();
}

const VALID = {
  type: 'complaint',
  title: '供暖',
  description: '小区供暖不热，室温只有12度',
  location: { lat: 39.8, lng: 98.29, coordSystem: 'gcj02', address: '雄关区新华中路' },
  contact: { name: '张三', phone: '13800138000' },
  confidential: true,
  attachmentIds: ['01ARZ3NDEKTSV4RRFFQ69G5FAV'],
  categoryId: 'cat-1',
};

async function outcome(body: unknown, fast: boolean): Promise<unknown> {
  try {
    return { ok: fast ? await validateDto(CreateTicketDto, body, acceptsCreateTicket) : validateDtoSync(CreateTicketDto, body) };
  } catch (e) {
    return { error: e };
  }
}

describe('acceptsCreateTicket (the filing body past class-validator)', () => {
  it('knows every rule of CreateTicketDto, LocationDto and ContactDto: a rule added there must be added to the check', () => {
    expect({ ticket: rules(CreateTicketDto), location: rules(LocationDto), contact: rules(ContactDto) }).toEqual({
      ticket: [
        'attachmentIds: arrayMaxSize(9)',
        'attachmentIds: conditionalValidation()',
        'attachmentIds: isArray()',
        'attachmentIds: isString[each]()',
        'attachmentIds: matches[each](/^[0-9A-HJKMNP-TV-Z]{26}$/)',
        'categoryId: conditionalValidation()',
        'categoryId: isString()',
        'categoryId: maxLength(40)',
        'categoryId: minLength(1)',
        'confidential: conditionalValidation()',
        'confidential: isBoolean()',
        'contact: conditionalValidation()',
        'contact: isObject()',
        'contact: nestedValidation()',
        'description: isString()',
        'description: matches(/^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$/)',
        'description: maxLength(2000)',
        'description: minTrimmedLength(5)',
        'description: noBidiControls()',
        'location: conditionalValidation()',
        'location: isObject()',
        'location: nestedValidation()',
        'title: conditionalValidation()',
        'title: isString()',
        'title: matches(/^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$/)',
        'title: maxLength(100)',
        'title: noBidiControls()',
        'type: isIn(consultation,help,complaint,report,suggestion,praise)',
        'type: isString()',
      ],
      location: [
        'address: conditionalValidation()',
        'address: isString()',
        'address: matches(/^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$/)',
        'address: maxLength(200)',
        'address: noBidiControls()',
        'coordSystem: isIn(gcj02,wgs84)',
        'coordSystem: isString()',
        'lat: isNumber([object Object])',
        'lat: max(90)',
        'lat: min(-90)',
        'lng: isNumber([object Object])',
        'lng: max(180)',
        'lng: min(-180)',
      ],
      contact: [
        'name: conditionalValidation()',
        'name: isString()',
        'name: matches(/^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$/)',
        'name: maxLength(50)',
        'name: noBidiControls()',
        'phone: conditionalValidation()',
        'phone: isString()',
        'phone: matches(/^(1\\d{10}|0\\d{2,3}-?\\d{7,8})$/)',
      ],
    });
  });

  it('takes the fast path for valid bodies, with the same instance class-validator would give', async () => {
    const minimal = { type: 'help', description: '路灯不亮了五天' };
    for (const body of [VALID, minimal]) {
      expect(acceptsCreateTicket(plainToInstance(CreateTicketDto, body))).toBe(true);
      expect(await outcome(body, true)).toEqual(await outcome(body, false));
    }
  });

  it('refuses what class-validator refuses, one rule at a time', () => {
    const broken: Record<string, unknown>[] = [
      { type: 'other' },
      { type: undefined },
      { title: null },
      { title: 'x'.repeat(101) },
      { title: 'a\u0000b' },
      { description: '  \u200b  ab  ' },
      { description: '正常的描述\u202e文字' },
      { description: 'x'.repeat(2001) },
      { location: null },
      { location: { lat: 91, lng: 98, coordSystem: 'gcj02' } },
      { location: { lat: 39, lng: Number.NaN, coordSystem: 'gcj02' } },
      { location: { lat: 39, lng: 98, coordSystem: 'bd09' } },
      { location: { lat: 39, lng: 98, coordSystem: 'gcj02', floor: 3 } },
      { location: [39, 98] },
      { contact: { phone: '12345' } },
      { contact: { name: 'x'.repeat(51) } },
      { confidential: 'yes' },
      { attachmentIds: Array.from({ length: 10 }, () => '01ARZ3NDEKTSV4RRFFQ69G5FAV') },
      { attachmentIds: ['not-a-ulid'] },
      { categoryId: '' },
      { extra: 1 },
    ];
    for (const change of broken) {
      const body = { ...VALID, ...change };
      expect([change, acceptsCreateTicket(plainToInstance(CreateTicketDto, body))]).toEqual([change, false]);
      expect(() => validateDtoSync(CreateTicketDto, body)).toThrow();
    }
  });

  it('never accepts a body class-validator refuses, and answers exactly as class-validator does (random bodies)', async () => {
    const text = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('小区供暖不热', '路灯坏了很多天了', 'Street light broken') },
      { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
      { weight: 1, arbitrary: fc.constantFrom(' \u200b ', 'a\u0000b', '\u202e反', 'x'.repeat(120), '长'.repeat(2001), '') },
    );
    const anything = fc.oneof(fc.constant(null), fc.boolean(), fc.double(), fc.integer(), text, fc.constant([]), fc.constant({}));
    /** mostly good, sometimes anything, sometimes left out */
    const field = <T>(good: fc.Arbitrary<T>) =>
      fc.oneof({ weight: 12, arbitrary: good }, { weight: 1, arbitrary: anything }, { weight: 4, arbitrary: fc.constant(undefined) });
    const rare = fc.oneof({ weight: 15, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: anything });
    /** as a JSON body has it: a key left out is not there */
    const strip = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
    const location = fc
      .record({
        lat: fc.oneof({ weight: 8, arbitrary: fc.double({ min: -95, max: 95 }) }, { weight: 4, arbitrary: fc.constantFrom(-90, 90, 90.5, -90.5, 91, -91) }, { weight: 1, arbitrary: anything }),
        lng: fc.oneof({ weight: 8, arbitrary: fc.double({ min: -185, max: 185 }) }, { weight: 4, arbitrary: fc.constantFrom(-180, 180, 180.5, -180.5) }, { weight: 1, arbitrary: anything }),
        coordSystem: field(fc.constantFrom(...COORD_SYSTEMS)),
        address: field(text),
        floor: rare,
      })
      .map(strip);
    const contact = fc.record({ name: field(text), phone: field(fc.constantFrom('13800138000', '0937-6221234', '123')), x: rare }).map(strip);
    const body = fc
      .record({
        type: field(fc.constantFrom(...TICKET_TYPES)),
        title: field(text),
        description: field(text),
        location: field(location),
        contact: field(contact),
        confidential: field(fc.boolean()),
        attachmentIds: field(fc.array(fc.oneof({ weight: 9, arbitrary: fc.constant('01ARZ3NDEKTSV4RRFFQ69G5FAV') }, { weight: 1, arbitrary: anything }), { maxLength: 11 })),
        categoryId: field(fc.string({ maxLength: 45 })),
        other: rare,
      })
      .map(strip);
    let fast = 0;
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        if (acceptsCreateTicket(plainToInstance(CreateTicketDto, b))) {
          fast++;
          expect(() => validateDtoSync(CreateTicketDto, b)).not.toThrow();
        }
        expect(await outcome(b, true)).toEqual(await outcome(b, false));
      }),
      // A fixed seed: the same 1,000 bodies every run (about 6 % of them valid), so the count below cannot flake.
      { numRuns: 1000, seed: 20261202 },
    );
    // the property says something only if both paths ran
    expect(fast).toBeGreaterThan(50);
    expect(fast).toBeLessThan(950);
  });
});
