import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { __reset } from '../../test/mocks/taro';
import { AsyncView } from './AsyncView';

describe('AsyncView', () => {
  beforeEach(() => __reset());

  it('a failed load offers 重新加载, and no way home it does not need', () => {
    const retry = jest.fn();
    render(
      <AsyncView loading={false} error={{ message: '网络不给力' }} onRetry={retry}>
        <div>content</div>
      </AsyncView>,
    );
    fireEvent.click(screen.getByRole('button', { name: '重新加载' }));
    expect(retry).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('button', { name: '返回首页' })).toBeNull();
    expect(screen.queryByText('content')).toBeNull();
  });

  it('something that does not exist offers the way home instead of a retry that cannot help', () => {
    render(
      <AsyncView loading={false} error={{ message: '诉求不存在', notFound: true }} onRetry={jest.fn()}>
        <div>content</div>
      </AsyncView>,
    );
    expect(screen.getByText('找不到该内容')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '重新加载' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '返回首页' }));
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/home/index' });
  });

  it('a page may name its own home (the staff queue)', () => {
    const home = jest.fn();
    render(
      <AsyncView loading={false} error={{ message: '工单不存在', notFound: true }} onHome={home} homeText="返回工作台">
        <div />
      </AsyncView>,
    );
    fireEvent.click(screen.getByRole('button', { name: '返回工作台' }));
    expect(home).toHaveBeenCalledTimes(1);
  });
});
