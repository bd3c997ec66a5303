import { describe, expect, it } from '@jest/globals';
import type { CategoryView, UnitView } from '@jyg12345/shared';
import { ticketView } from '../../../test/fixtures';
import { formatDateTime } from '../../utils/format';
import { commitmentsOf } from './commitments';

const category: CategoryView = { id: 'c1', code: '01', level1: '城乡建设', level2: '供热', level3: '供热不达标', defaultUnitId: 'u1', replyDays: 5, active: true };
const units: UnitView[] = [
  { id: 'u1', code: 'co.heating', name: '嘉峪关市热力公司', kind: 'company', parentId: null, active: true },
  { id: 'u2', code: 'dept.housing', name: '市住建局', kind: 'department', parentId: null, active: true },
];

describe('commitmentsOf', () => {
  it('before dispatch: the category, no unit yet, and the time the category allows', () => {
    expect(commitmentsOf(ticketView({ categoryId: 'c1' }), [category], units)).toEqual({
      category: '城乡建设 / 供热 / 供热不达标',
      unit: '待中心派单',
      reply: '派单后 5 个工作日内答复',
      overdue: false,
    });
    expect(commitmentsOf(ticketView(), [category], units).category).toBe('待中心分类');
  });

  it('after dispatch: the lead and cooperating units and the reply deadline from the view', () => {
    const due = '2026-12-07T10:00:00Z';
    const c = commitmentsOf(ticketView({ status: 'in_progress', categoryId: 'c1', leadUnitId: 'u1', cooperatingUnitIds: ['u2'], replyDueAt: due }), [category], units);
    expect(c.unit).toBe('嘉峪关市热力公司（协办：市住建局）');
    expect(c.reply).toBe(`${formatDateTime(due)} 前答复`);
  });

  it('says an overdue reply in words, and a given reply by its time', () => {
    const due = '2026-11-20T10:00:00Z';
    const late = commitmentsOf(ticketView({ status: 'in_progress', leadUnitId: 'u1', replyDueAt: due, overdue: true }), null, units);
    expect(late).toMatchObject({ overdue: true, reply: `${formatDateTime(due)} 前答复（已超期）` });
    const at = '2026-11-21T03:00:00Z';
    const replied = commitmentsOf(
      ticketView({ status: 'replied', leadUnitId: 'u1', replyDueAt: due, reply: { content: '已修复', handlerName: '赵', handlerPhone: null, unitId: 'u1', at } }),
      null,
      units,
    );
    expect(replied.reply).toBe(`已于 ${formatDateTime(at)} 答复`);
  });
});
