import taxonomy from './datasets/taxonomy.json' with { type: 'json' };
import type { SeedCategory } from './types.js';

/**
 * Which unit an appeal of a category goes to by default: a path of 1–3 taxonomy levels
 * ('level1', 'level1/level2' or 'level1/level2/level3') → unit code. The most specific matching path
 * wins, so each level1 has a fallback and exceptions are listed below it.
 */
export const CATEGORY_UNIT_RULES: Readonly<Record<string, string>> = {
  // 城乡建设
  城乡建设: 'dept.housing',
  '城乡建设/安全生产': 'dept.emergency',
  '城乡建设/城市建设和市政管理': 'dept.housing',
  '城乡建设/城市建设和市政管理/园林绿化环卫': 'dept.urban_management',
  '城乡建设/城市建设和市政管理/城管执法': 'dept.urban_management',
  '城乡建设/城市建设和市政管理/城市公共设施': 'dept.urban_management',
  '城乡建设/城市建设和市政管理/公共汽车': 'dept.transport',
  '城乡建设/城市建设和市政管理/公园管理': 'dept.urban_management',
  '城乡建设/城市建设和市政管理/冬季采暖': 'co.heating',
  '城乡建设/城市建设和市政管理/园林绿化': 'dept.urban_management',
  '城乡建设/城市建设和市政管理/地铁城铁': 'dept.transport',
  '城乡建设/城市建设和市政管理/燃气供应': 'co.gas',
  '城乡建设/城市建设和市政管理/环境卫生': 'dept.urban_management',
  '城乡建设/城市建设和市政管理/电力供应': 'co.power',
  '城乡建设/城市建设和市政管理/自来水供应': 'co.water',
  '城乡建设/城乡规划': 'dept.natural_resources',
  '城乡建设/城乡规划/违章建筑': 'dept.urban_management',
  '城乡建设/城乡规划/历史名城保护': 'dept.culture_tourism',
  '城乡建设/村镇建设/新农村建设': 'dept.agriculture',
  '城乡建设/集体土地上房屋拆迁与补偿': 'dept.natural_resources',
  '城乡建设/住房保障与房地产/住房公积金': 'dept.housing_fund',
  '城乡建设/住房保障与房地产/房产证登记、办理': 'dept.natural_resources',

  // 党务政务
  党务政务: 'dept.government_office',
  '党务政务/党的建设': 'dept.organization',
  '党务政务/党的建设/廉政建设': 'dept.discipline',
  '党务政务/港澳台侨': 'dept.united_front',
  '党务政务/国防外交/军事国防': 'dept.veterans',
  '党务政务/民族宗教': 'dept.united_front',
  '党务政务/群众团体': 'dept.civil_affairs',
  '党务政务/群众团体/工会工作': 'dept.trade_union',
  '党务政务/群众团体/共青团工作': 'dept.youth_league',
  '党务政务/群众团体/妇联工作': 'dept.women_federation',
  '党务政务/宣传舆论': 'dept.publicity',
  '党务政务/政治体制/统战工作': 'dept.united_front',
  '党务政务/政治体制/政协工作': 'dept.cppcc',
  '党务政务/政治体制/人大工作': 'dept.npc',

  // 国土资源
  国土资源: 'dept.natural_resources',
  '国土资源/海洋气象地震/气象': 'dept.meteorology',
  '国土资源/海洋气象地震/地震': 'dept.emergency',
  '国土资源/土地征收/失地农民保障': 'dept.hrss',

  // 环境保护
  环境保护: 'dept.ecology',

  // 纪检监察
  纪检监察: 'dept.discipline',

  // 交通运输
  交通运输: 'dept.transport',
  '交通运输/邮政管理': 'dept.postal',

  // 经济管理
  经济管理: 'dept.development_reform',
  '经济管理/安全生产': 'dept.emergency',
  '经济管理/保险证券期货': 'dept.financial',
  '经济管理/国资监管': 'dept.sasac',
  '经济管理/金融财税': 'dept.financial',
  '经济管理/金融财税/税收征管': 'dept.taxation',
  '经济管理/金融财税/财政收支': 'dept.finance',
  '经济管理/企业破产': 'dept.sasac',

  // 科技与信息产业
  科技与信息产业: 'dept.industry',
  '科技与信息产业/科学技术': 'dept.science',
  '科技与信息产业/知识产权': 'dept.market',

  // 民政
  民政: 'dept.civil_affairs',
  '民政/复退安置': 'dept.veterans',
  '民政/优抚': 'dept.veterans',
  '民政/救灾募捐/救灾管理': 'dept.emergency',

  // 农村农业
  农村农业: 'dept.agriculture',
  '农村农业/草原草场': 'dept.natural_resources',
  '农村农业/林业管理': 'dept.natural_resources',
  '农村农业/林业管理/水土流失': 'dept.water_affairs',
  '农村农业/农副产品流通/价格质量': 'dept.market',
  '农村农业/农副产品流通/粮食储备': 'dept.development_reform',
  '农村农业/水库移民': 'dept.water_affairs',
  '农村农业/水利水电': 'dept.water_affairs',
  '农村农业/土地承包经营/宅基地纠纷': 'dept.natural_resources',
  '农村农业/野生资源管理': 'dept.natural_resources',

  // 商贸旅游
  商贸旅游: 'dept.commerce',
  '商贸旅游/旅游管理': 'dept.culture_tourism',
  '商贸旅游/商业贸易/劳务输出': 'dept.hrss',
  '商贸旅游/商业贸易/市场垄断': 'dept.market',
  '商贸旅游/市场监管': 'dept.market',
  '商贸旅游/质监检验检疫': 'dept.market',

  // 卫生计生
  卫生计生: 'dept.health',
  '卫生计生/食品药品监管': 'dept.market',

  // 政法
  政法: 'dept.political_legal',
  '政法/法律服务': 'dept.justice',
  '政法/法制建设': 'dept.justice',
  '政法/行政复议': 'dept.justice',
  '政法/户籍证件': 'dept.public_security',
  '政法/交通管理': 'dept.traffic_police',
  '政法/警务督察': 'dept.public_security',
  '政法/社会治安': 'dept.public_security',
  '政法/社会治安/消防安全': 'dept.fire',
  '政法/刑案侦破': 'dept.public_security',
  '政法/刑罚执行': 'dept.justice',
  '政法/仲裁与调解/司法调解': 'dept.justice',
  '政法/仲裁与调解/人事仲裁': 'dept.hrss',
  '政法/仲裁与调解/劳动仲裁': 'dept.hrss',
  '政法/仲裁与调解/民商事仲裁': 'dept.justice',

  // 教育文体
  教育文体: 'dept.education',
  '教育文体/体育': 'dept.culture_tourism',
  '教育文体/文化': 'dept.culture_tourism',
  '教育文体/文物管理': 'dept.culture_tourism',

  // 劳动和社会保障
  劳动和社会保障: 'dept.hrss',
  '劳动和社会保障/城镇居民社会保险/新农村合作医疗': 'dept.medical_security',
  '劳动和社会保障/城镇居民社会保险/城镇居民医疗保险': 'dept.medical_security',
  '劳动和社会保障/城镇职工社会保险/职工医疗保险': 'dept.medical_security',
  '劳动和社会保障/城镇职工社会保险/职工生育保险': 'dept.medical_security',
  '劳动和社会保障/工资福利/住房公积金': 'dept.housing_fund',
};

/**
 * Reply deadline overrides in working days. Outages of heating, water, power and gas leave homes
 * without a basic service, so the unit replies within one working day whatever the ticket type.
 */
export const CATEGORY_REPLY_DAYS: Readonly<Record<string, number>> = {
  '城乡建设/城市建设和市政管理/冬季采暖': 1,
  '城乡建设/城市建设和市政管理/自来水供应': 1,
  '城乡建设/城市建设和市政管理/电力供应': 1,
  '城乡建设/城市建设和市政管理/燃气供应': 1,
};

function mostSpecific<T>(table: Readonly<Record<string, T>>, level1: string, level2: string, level3: string) {
  return table[`${level1}/${level2}/${level3}`] ?? table[`${level1}/${level2}`] ?? table[level1];
}

/** 1-based position of `key` in first-appearance order, zero-padded to two digits. */
function position(order: Map<string, number>, key: string): string {
  let index = order.get(key);
  if (index === undefined) {
    index = order.size + 1;
    order.set(key, index);
  }
  return String(index).padStart(2, '0');
}

function buildCategories(): SeedCategory[] {
  const level1s = new Map<string, number>();
  /** level2 positions within each level1, level3 positions within each level1/level2. */
  const level2In = new Map<string, Map<string, number>>();
  const level3In = new Map<string, Map<string, number>>();

  return taxonomy.map(({ level1, level2, level3 }): SeedCategory => {
    const l2Order = level2In.get(level1) ?? new Map<string, number>();
    level2In.set(level1, l2Order);
    const l3Key = `${level1}/${level2}`;
    const l3Order = level3In.get(l3Key) ?? new Map<string, number>();
    level3In.set(l3Key, l3Order);

    const code = `${position(level1s, level1)}.${position(l2Order, level2)}.${position(l3Order, level3)}`;
    const defaultUnitCode = mostSpecific(CATEGORY_UNIT_RULES, level1, level2, level3);
    if (defaultUnitCode === undefined) {
      throw new Error(`no unit rule for category ${level1}/${level2}/${level3}`);
    }
    return {
      code,
      level1,
      level2,
      level3,
      defaultUnitCode,
      replyDays: mostSpecific(CATEGORY_REPLY_DAYS, level1, level2, level3) ?? null,
    };
  });
}

export const SEED_CATEGORIES: SeedCategory[] = buildCategories();
