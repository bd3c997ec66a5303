import { describe, expect, it } from '@jest/globals';
import { categoryView as c } from '../../../test/fixtures';
import { leafName, leavesOf, level1Names } from './category';

describe('category suggestions', () => {
  it('shows the leaf of a suggested path', () => {
    expect(leafName('城乡建设/供热/供暖')).toBe('供暖');
    expect(leafName('其他')).toBe('其他');
    expect(leafName('交通运输/出租车管理/其他')).toBe('出租车管理·其他');
  });

  it('builds the two-level picker from GET /categories', () => {
    const all = [
      c('1', '城乡建设', '供热', '供暖'),
      c('2', '城乡建设', '供热', '热费'),
      c('3', '环境保护', '噪音', '施工噪音'),
      c('4', '城乡建设', '物业', '物业服务'),
      c('5', '民政', '养老', '养老服务', false),
    ];
    expect(level1Names(all)).toEqual(['城乡建设', '环境保护']);
    expect(leavesOf(all, '城乡建设').map((g) => [g.level2, g.leaves.map((l) => l.id)])).toEqual([
      ['供热', ['1', '2']],
      ['物业', ['4']],
    ]);
  });
});
