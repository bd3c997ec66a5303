import type { TicketType } from '@jyg12345/shared';
import { SEED_CATEGORIES } from './categories.js';
import type { SeedTicket } from './types.js';

/** Code of the taxonomy leaf level1/level2/level3; throws at load time on a typo. */
function categoryCode(path: string): string {
  const [level1, level2, level3] = path.split('/');
  const category = SEED_CATEGORIES.find(
    (c) => c.level1 === level1 && c.level2 === level2 && c.level3 === level3,
  );
  if (!category) throw new Error(`unknown seed ticket category ${path}`);
  return category.code;
}

function ticket(
  openid: string,
  type: TicketType,
  category: string,
  description: string,
  [lat, lng]: readonly [number, number],
  address: string,
): SeedTicket {
  return { openid, type, categoryCode: categoryCode(category), description, lat, lng, address };
}

const R1 = 'demo-resident-1';
const R2 = 'demo-resident-2';
const R3 = 'demo-resident-3';

/** Demo appeals from three demo residents; coordinates are GCJ-02 in the urban area. */
export const SEED_TICKETS: SeedTicket[] = [
  ticket(
    R1,
    'complaint',
    '城乡建设/城市建设和市政管理/冬季采暖',
    '入冬以来家里暖气一直不热，客厅室温只有14度左右，家里有老人和孩子，已经给物业反映过两次仍未解决，请供热公司尽快上门检修。',
    [39.7981, 98.2897],
    '嘉峪关市雄关区新华中路新华小区5号楼2单元',
  ),
  ticket(
    R1,
    'help',
    '城乡建设/城市建设和市政管理/城市公共设施',
    '小区东门外人行道上的路灯坏了一个多星期，晚上一片漆黑，老人出门散步很不安全，希望尽快维修。',
    [39.8012, 98.2861],
    '嘉峪关市雄关区雄关东路与新华中路交叉口东侧',
  ),
  ticket(
    R2,
    'complaint',
    '环境保护/环境污染/噪音污染',
    '附近工地连续多天夜间施工，晚上11点以后还在用打桩机，噪音很大，严重影响周边居民休息，请相关部门查处。',
    [39.7853, 98.3012],
    '嘉峪关市镜铁区兰新东路南侧在建工地',
  ),
  ticket(
    R2,
    'help',
    '城乡建设/城市建设和市政管理/自来水供应',
    '今天早上7点开始小区突然停水，没有看到任何停水通知，家里做饭洗漱都成问题，请问什么时候能恢复供水？',
    [39.7824, 98.2956],
    '嘉峪关市镜铁区五一南路佳苑小区',
  ),
  ticket(
    R3,
    'complaint',
    '城乡建设/城市建设和市政管理/基础设施',
    '路口附近路面有一个很深的坑，下雨后积水看不见，已经有骑电动车的人摔倒，请尽快修补。',
    [39.7762, 98.2788],
    '嘉峪关市长城区建设西路与迎宾路交叉口北侧',
  ),
  ticket(
    R3,
    'consultation',
    '劳动和社会保障/城镇居民社会保险/城乡居民养老保险',
    '想咨询一下城乡居民养老保险今年的缴费档次有哪些，在哪里缴费，最晚什么时候之前缴纳？',
    [39.7731, 98.2702],
    '嘉峪关市长城区南湖大道附近',
  ),
  ticket(
    R1,
    'complaint',
    '城乡建设/城市建设和市政管理/环境卫生',
    '小区门口的垃圾桶已经满了三天没人清运，垃圾散落一地，天热有异味，请环卫部门及时清理。',
    [39.7966, 98.2833],
    '嘉峪关市雄关区胜利中路胜利小区北门',
  ),
  ticket(
    R2,
    'suggestion',
    '城乡建设/城市建设和市政管理/公共汽车',
    '建议早高峰时段加密往返镜铁区和雄关区的公交班次，现在早上7点半左右车上非常拥挤，经常等两三趟才能上车。',
    [39.8075, 98.3106],
    '嘉峪关市镜铁区迎宾东路公交站',
  ),
  ticket(
    R3,
    'complaint',
    '城乡建设/住房保障与房地产/物业服务',
    '楼道声控灯坏了大半年，单元门禁也一直损坏，多次找物业都说没有维修资金，物业费照收不误，希望主管部门督促整改。',
    [39.7795, 98.2751],
    '嘉峪关市长城区峪泉西路和园小区8号楼',
  ),
  ticket(
    R1,
    'report',
    '卫生计生/食品药品监管/食品安全',
    '路边一家早餐店后厨卫生条件很差，食材直接堆在地上，员工不戴口罩手套，请市场监管部门检查。',
    [39.7902, 98.2925],
    '嘉峪关市雄关区新华南路东侧商铺',
  ),
  ticket(
    R2,
    'praise',
    '城乡建设/城市建设和市政管理/冬季采暖',
    '上周反映家里暖气漏水，供热公司维修师傅当天晚上就上门处理了，态度很好，特此表扬。',
    [39.7841, 98.2989],
    '嘉峪关市镜铁区五一南路佳苑小区',
  ),
  ticket(
    R3,
    'complaint',
    '政法/交通管理/交通安全管理',
    '学校门口上下学时段车辆乱停乱放，占用人行道和非机动车道，孩子们只能从车缝里穿行，存在安全隐患，建议加强管理。',
    [39.7817, 98.2694],
    '嘉峪关市长城区明珠西路学校门口',
  ),
  ticket(
    R1,
    'help',
    '城乡建设/城市建设和市政管理/燃气供应',
    '单元楼道里能闻到明显的燃气味，已经通知邻居开窗通风，请燃气公司马上派人来检查。',
    [39.8034, 98.2812],
    '嘉峪关市雄关区峪泉东路祁连小区2号楼',
  ),
];
