import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { act, render, screen } from '@testing-library/react';
import { __reset } from '../../test/mocks/taro';
import { prefs } from '../stores/prefs';
import { AsyncView } from './AsyncView';
import { Page, rootFontPx } from './Page';

describe('rootFontPx', () => {
  it('scales the root by 1.25 in 长辈版 and follows a larger phone setting', () => {
    expect(rootFontPx(false, null)).toBe(16);
    expect(rootFontPx(true, null)).toBe(20);
    expect(rootFontPx(false, 20)).toBe(20);
    expect(rootFontPx(true, 24)).toBe(30);
    expect(rootFontPx(false, 12)).toBe(16);
  });
});

describe('Page', () => {
  beforeEach(() => {
    __reset();
    document.documentElement.style.fontSize = '';
  });

  it('switches to 长辈版 when the preference changes, and remembers it', () => {
    render(
      <Page title="测试">
        <span>内容</span>
      </Page>,
    );
    const frame = screen.getByText('内容').parentElement!;
    expect(frame.className).not.toContain('page--care');

    act(() => prefs.setCareMode(true));

    expect(frame.className).toContain('page--care');
    expect(document.documentElement.style.fontSize).toBe('125%');
    expect(prefs.careMode()).toBe(true);
  });
});

describe('AsyncView', () => {
  it('shows loading, then an error with a retry, then empty, then content', () => {
    const retry = jest.fn();
    const { rerender } = render(
      <AsyncView loading error={null}>
        <span>列表</span>
      </AsyncView>,
    );
    expect(screen.getByText('正在加载…')).toBeTruthy();

    rerender(
      <AsyncView loading={false} error={{ message: '网络不给力' }} onRetry={retry}>
        <span>列表</span>
      </AsyncView>,
    );
    expect(screen.getByRole('alert').textContent).toContain('网络不给力');
    screen.getByRole('button', { name: '重新加载' }).click();
    expect(retry).toHaveBeenCalled();

    rerender(
      <AsyncView loading={false} error={null} empty emptyTitle="还没有诉求">
        <span>列表</span>
      </AsyncView>,
    );
    expect(screen.getByText('还没有诉求')).toBeTruthy();

    rerender(
      <AsyncView loading={false} error={null}>
        <span>列表</span>
      </AsyncView>,
    );
    expect(screen.getByText('列表')).toBeTruthy();
  });
});
