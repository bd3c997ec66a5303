import { describe, expect, it } from '@jest/globals';
import taxonomy from './datasets/taxonomy.json' with { type: 'json' };
import { CATEGORY_REPLY_DAYS, CATEGORY_UNIT_RULES, SEED_CATEGORIES } from './categories.js';
import { SEED_CALENDAR_2026 } from './calendar.js';
import { HANDLER_UNIT_KINDS, seedStaff } from './staff.js';
import { SEED_TICKETS } from './tickets.js';
import { SEED_UNITS } from './units.js';

const unitCodes = new Set(SEED_UNITS.map((u) => u.code));
const ofKind = (kind: string) => SEED_UNITS.filter((u) => u.kind === kind);

describe('SEED_UNITS', () => {
  it('has unique codes and existing parents', () => {
    expect(unitCodes.size).toBe(SEED_UNITS.length);
    for (const unit of SEED_UNITS) {
      if (unit.parentCode !== null) expect(unitCodes).toContain(unit.parentCode);
    }
  });

  it('is "1 + N + 3 + 48"', () => {
    expect(ofKind('centre').map((u) => u.code)).toEqual(['centre']);
    expect(ofKind('sub_centre').map((u) => [u.code, u.parentCode])).toEqual([
      ['sub_centre.1', 'centre'],
      ['sub_centre.2', 'centre'],
      ['sub_centre.3', 'centre'],
    ]);
    expect(ofKind('street')).toHaveLength(5);
    expect(ofKind('community')).toHaveLength(48);
    const streets = new Set(ofKind('street').map((u) => u.code));
    for (const community of ofKind('community')) expect(streets).toContain(community.parentCode);
    expect(SEED_UNITS.find((u) => u.code === '620201001001')).toEqual({
      code: '620201001001',
      name: '福民社区',
      kind: 'community',
      parentCode: '620201001',
    });
  });

  it('has the departments and companies the workflow names', () => {
    const required = [
      'dept.housing',
      'dept.urban_management',
      'dept.ecology',
      'dept.market',
      'dept.transport',
      'dept.natural_resources',
      'dept.education',
      'dept.health',
      'dept.hrss',
      'dept.civil_affairs',
      'dept.traffic_police',
      'dept.public_security',
      'dept.agriculture',
      'dept.culture_tourism',
      'dept.emergency',
      'dept.finance',
      'dept.development_reform',
      'dept.water_affairs',
      'dept.industry',
      'dept.commerce',
      'dept.justice',
      'dept.medical_security',
      'dept.veterans',
      'dept.petition',
      'co.heating',
      'co.water',
      'co.power',
      'co.gas',
    ];
    for (const code of required) expect(unitCodes).toContain(code);
    for (const unit of SEED_UNITS) {
      if (unit.code.startsWith('dept.')) expect(unit).toMatchObject({ kind: 'department', parentCode: null });
      if (unit.code.startsWith('co.')) expect(unit).toMatchObject({ kind: 'company', parentCode: null });
    }
  });
});

describe('SEED_CATEGORIES', () => {
  it('covers all 517 taxonomy leaves with unique LL.MM.NN codes', () => {
    expect(SEED_CATEGORIES).toHaveLength(517);
    expect(new Set(SEED_CATEGORIES.map((c) => c.code)).size).toBe(517);
    for (const c of SEED_CATEGORIES) expect(c.code).toMatch(/^\d{2}\.\d{2}\.\d{2}$/);
    expect(new Set(SEED_CATEGORIES.map((c) => c.level1)).size).toBe(15);
    expect(SEED_CATEGORIES[0]).toMatchObject({ code: '01.01.01', level1: '城乡建设', level2: '安全生产', level3: '事故处理' });
  });

  it('numbers level2 within level1 and level3 within level2', () => {
    const heating = SEED_CATEGORIES.find((c) => c.level3 === '冬季采暖');
    expect(heating).toMatchObject({ code: '01.02.08', defaultUnitCode: 'co.heating', replyDays: 1 });
    const byPrefix = new Map<string, string>();
    for (const c of SEED_CATEGORIES) {
      const key = c.code.slice(0, 5);
      const parent = `${c.level1}/${c.level2}`;
      expect(byPrefix.get(key) ?? parent).toBe(parent);
      byPrefix.set(key, parent);
    }
  });

  it('dispatches every category to an existing unit', () => {
    for (const c of SEED_CATEGORIES) expect(unitCodes).toContain(c.defaultUnitCode);
    for (const unit of Object.values(CATEGORY_UNIT_RULES)) expect(unitCodes).toContain(unit);
  });

  it('has no rule or reply override for a path the taxonomy lacks', () => {
    const paths = new Set<string>();
    for (const { level1, level2, level3 } of taxonomy) {
      paths.add(level1).add(`${level1}/${level2}`).add(`${level1}/${level2}/${level3}`);
    }
    for (const path of [...Object.keys(CATEGORY_UNIT_RULES), ...Object.keys(CATEGORY_REPLY_DAYS)]) {
      expect(paths).toContain(path);
    }
  });

  it.each([
    ['城乡建设', '城市建设和市政管理', '自来水供应', 'co.water'],
    ['城乡建设', '城市建设和市政管理', '电力供应', 'co.power'],
    ['城乡建设', '城市建设和市政管理', '燃气供应', 'co.gas'],
    ['城乡建设', '城乡规划', '违章建筑', 'dept.urban_management'],
    ['城乡建设', '住房保障与房地产', '物业服务', 'dept.housing'],
    ['政法', '交通管理', '交通事故', 'dept.traffic_police'],
    ['环境保护', '环境污染', '噪音污染', 'dept.ecology'],
    ['卫生计生', '食品药品监管', '食品安全', 'dept.market'],
    ['劳动和社会保障', '城镇职工社会保险', '职工养老保险', 'dept.hrss'],
    ['劳动和社会保障', '城镇职工社会保险', '职工医疗保险', 'dept.medical_security'],
    ['民政', '优抚', '其他', 'dept.veterans'],
  ])('%s/%s/%s → %s', (level1, level2, level3, unit) => {
    const category = SEED_CATEGORIES.find((c) => c.level1 === level1 && c.level2 === level2 && c.level3 === level3);
    expect(category?.defaultUnitCode).toBe(unit);
  });
});

describe('SEED_CALENDAR_2026', () => {
  it('has valid, unique 2026 dates', () => {
    const dates = SEED_CALENDAR_2026.map((d) => d.date);
    expect(new Set(dates).size).toBe(dates.length);
    for (const date of dates) {
      expect(date).toMatch(/^2026-\d{2}-\d{2}$/);
      expect(new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10)).toBe(date);
    }
  });

  it('lists 33 days off and the 6 make-up workdays, which fall on weekends', () => {
    const holidays = SEED_CALENDAR_2026.filter((d) => d.kind === 'holiday');
    const workdays = SEED_CALENDAR_2026.filter((d) => d.kind === 'workday');
    expect(holidays).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
    expect(workdays.map((d) => d.date).sort()).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    for (const d of workdays) expect([0, 6]).toContain(new Date(`${d.date}T00:00:00Z`).getUTCDay());
    expect(SEED_CALENDAR_2026.find((d) => d.date === '2026-02-14')?.name).toBe('春节调休上班');
    expect(SEED_CALENDAR_2026.find((d) => d.date === '2026-02-23')?.name).toBe('春节');
  });
});

describe('seedStaff', () => {
  const staff = seedStaff(SEED_UNITS);

  it('has unique usernames in existing units', () => {
    expect(new Set(staff.map((s) => s.username)).size).toBe(staff.length);
    for (const s of staff) expect(unitCodes).toContain(s.unitCode);
  });

  it('has the centre accounts', () => {
    expect(staff.filter((s) => s.unitCode === 'centre').map((s) => [s.username, s.role])).toEqual([
      ['admin', 'admin'],
      ['operator', 'operator'],
      ['operator2', 'operator'],
      ['supervisor', 'supervisor'],
    ]);
  });

  it('has a handler for every handling unit', () => {
    const handled = SEED_UNITS.filter((u) => HANDLER_UNIT_KINDS.includes(u.kind));
    expect(handled.length).toBe(3 + ofKind('department').length + ofKind('company').length + 5 + 48);
    for (const unit of handled) {
      expect(staff).toContainEqual(
        expect.objectContaining({ username: `handler.${unit.code}`, role: 'handler', unitCode: unit.code }),
      );
    }
    expect(staff.find((s) => s.username === 'handler.dept.housing')?.displayName).toBe('市住房和城乡建设局经办人');
  });

  it('gives distinct 11-digit demo mobiles', () => {
    const phones = staff.flatMap((s) => (s.phone === null ? [] : [s.phone]));
    expect(new Set(phones).size).toBe(phones.length);
    for (const phone of phones) expect(phone).toMatch(/^1000937\d{4}$/);
  });
});

describe('SEED_TICKETS', () => {
  it('reference existing categories and lie in urban Jiayuguan', () => {
    const codes = new Set(SEED_CATEGORIES.map((c) => c.code));
    expect(SEED_TICKETS.length).toBeGreaterThanOrEqual(10);
    for (const t of SEED_TICKETS) {
      expect(codes).toContain(t.categoryCode);
      expect(t.lat).toBeGreaterThanOrEqual(39.77);
      expect(t.lat).toBeLessThanOrEqual(39.82);
      expect(t.lng).toBeGreaterThanOrEqual(98.26);
      expect(t.lng).toBeLessThanOrEqual(98.32);
      expect(t.address.startsWith('嘉峪关市')).toBe(true);
      expect(t.openid).toMatch(/^demo-resident-\d$/);
    }
  });
});

describe('category keywords', () => {
  it('name leaves that exist in the taxonomy', async () => {
    const { CATEGORY_KEYWORDS } = await import('./category-keywords.js');
    const { SEED_CATEGORIES } = await import('./categories.js');
    const paths = new Set(SEED_CATEGORIES.map((c) => `${c.level2}/${c.level3}`));
    for (const key of Object.keys(CATEGORY_KEYWORDS)) expect([key, paths.has(key)]).toEqual([key, true]);
  });
});
