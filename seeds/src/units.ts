import divisions from './datasets/jiayuguan-divisions.json' with { type: 'json' };
import type { SeedUnit } from './types.js';

/**
 * The "1 + N + 3 + 48" organisation: the centre, its linked departments and companies, the three
 * district sub-centres, and the 5 streets/towns with their 48 communities and villages.
 */

const CENTRE = 'centre';

/** Jiayuguan has three districts without a district government (雄关区, 镜铁区, 长城区). */
const SUB_CENTRES: SeedUnit[] = [
  { code: 'sub_centre.1', name: '雄关区分中心', kind: 'sub_centre', parentCode: CENTRE },
  { code: 'sub_centre.2', name: '镜铁区分中心', kind: 'sub_centre', parentCode: CENTRE },
  { code: 'sub_centre.3', name: '长城区分中心', kind: 'sub_centre', parentCode: CENTRE },
];

/** Linked departments, 'dept.<slug>' → name. */
const DEPARTMENTS: Record<string, string> = {
  housing: '市住房和城乡建设局',
  urban_management: '市城市管理综合行政执法局',
  ecology: '市生态环境局',
  market: '市市场监督管理局',
  transport: '市交通运输局',
  natural_resources: '市自然资源局',
  education: '市教育局',
  health: '市卫生健康委员会',
  hrss: '市人力资源和社会保障局',
  civil_affairs: '市民政局',
  traffic_police: '市公安局交通警察支队',
  public_security: '市公安局',
  agriculture: '市农业农村局',
  culture_tourism: '市文化和旅游局',
  emergency: '市应急管理局',
  finance: '市财政局',
  development_reform: '市发展和改革委员会',
  water_affairs: '市水务局',
  industry: '市工业和信息化局',
  commerce: '市商务局',
  justice: '市司法局',
  medical_security: '市医疗保障局',
  veterans: '市退役军人事务局',
  petition: '市信访局',
  housing_fund: '市住房公积金管理中心',
  science: '市科学技术局',
  sasac: '市人民政府国有资产监督管理委员会',
  financial: '市地方金融工作办公室',
  taxation: '国家税务总局嘉峪关市税务局',
  meteorology: '市气象局',
  postal: '市邮政管理局',
  fire: '市消防救援支队',
  discipline: '市纪委监委',
  organization: '市委组织部',
  publicity: '市委宣传部',
  united_front: '市委统战部',
  political_legal: '市委政法委',
  government_office: '市人民政府办公室',
  npc: '市人大常委会办公室',
  cppcc: '市政协办公室',
  trade_union: '市总工会',
  youth_league: '共青团嘉峪关市委员会',
  women_federation: '市妇女联合会',
};

const COMPANIES: SeedUnit[] = [
  { code: 'co.heating', name: '嘉峪关市供热公司', kind: 'company', parentCode: null },
  { code: 'co.water', name: '嘉峪关市自来水公司', kind: 'company', parentCode: null },
  { code: 'co.power', name: '国网嘉峪关供电公司', kind: 'company', parentCode: null },
  { code: 'co.gas', name: '嘉峪关市燃气公司', kind: 'company', parentCode: null },
];

/** Streets/towns and their communities/villages, keyed by their statistical division codes. */
function divisionUnits(): SeedUnit[] {
  const units: SeedUnit[] = [];
  for (const street of divisions.streets) {
    units.push({ code: street.code, name: street.name, kind: 'street', parentCode: null });
    for (const community of street.communities) {
      units.push({ code: community.code, name: community.name, kind: 'community', parentCode: street.code });
    }
  }
  return units;
}

export const SEED_UNITS: SeedUnit[] = [
  { code: CENTRE, name: '嘉峪关市12345政务服务便民热线中心', kind: 'centre', parentCode: null },
  ...SUB_CENTRES,
  ...Object.entries(DEPARTMENTS).map(
    ([slug, name]): SeedUnit => ({ code: `dept.${slug}`, name, kind: 'department', parentCode: null }),
  ),
  ...COMPANIES,
  ...divisionUnits(),
];
