import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { ticketView } from '../../../test/fixtures';
import { __reset, __setRouterParams } from '../../../test/mocks/taro';
import { ticketsService } from '../../services/tickets';
import RatePage from './index';

jest.mock('../../services/tickets', () => ({ ticketsService: { act: jest.fn(), get: jest.fn() } }));
const actMock = jest.mocked(ticketsService.act);
const getMock = jest.mocked(ticketsService.get);

async function submit() {
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: '提交评价' }));
  });
}

describe('RatePage', () => {
  beforeEach(() => {
    __reset();
    __setRouterParams({ id: 't1', version: '4' });
    actMock.mockReset().mockResolvedValue(ticketView({ status: 'closed' }));
    getMock.mockReset().mockRejectedValue(new Error('offline'));
  });

  it('names the appeal being rated: its type, its words, its number and who replied', async () => {
    getMock.mockResolvedValue(
      ticketView({ status: 'replied', number: 'JYG20261128000007', reply: { content: '已修复', handlerName: '李师傅', handlerPhone: null, unitId: 'u1', at: '2026-11-29T02:00:00Z' } }),
    );
    await act(async () => {
      render(<RatePage />);
    });
    expect(getMock).toHaveBeenCalledWith('t1');
    expect(screen.getByText('【投诉】小区门口路灯坏了一个多月')).toBeTruthy();
    expect(screen.getByText(/诉求编号 JYG20261128000007 · .* 答复 · 承办人 李师傅/)).toBeTruthy();
  });

  it('still rates when the appeal cannot be loaded', async () => {
    await act(async () => {
      render(<RatePage />);
    });
    expect(screen.queryByLabelText('评价的诉求')).toBeNull();
    expect(screen.getByRole('button', { name: '提交评价' })).toBeTruthy();
  });

  it('asks for a choice before sending', async () => {
    render(<RatePage />);
    await submit();
    expect(screen.getByText('请选择满意程度')).toBeTruthy();
    expect(screen.getByText('请选择问题是否已解决')).toBeTruthy();
    expect(actMock).not.toHaveBeenCalled();
  });

  it('requires a reason for 不满意', async () => {
    render(<RatePage />);
    fireEvent.click(screen.getByRole('radio', { name: '不满意' }));
    fireEvent.click(screen.getByRole('radio', { name: '未解决' }));
    await submit();
    expect(screen.getByText('请填写不满意的原因')).toBeTruthy();
    expect(actMock).not.toHaveBeenCalled();

    fireEvent.change(screen.getByPlaceholderText('请告诉我们您的想法'), { target: { value: '灯还是不亮' } });
    await submit();
    expect(actMock).toHaveBeenCalledWith('t1', 'rate', { version: 4, satisfaction: 'unsatisfied', resolved: false, comment: '灯还是不亮' }, expect.any(String));
  });

  it('sends 满意 without a comment', async () => {
    render(<RatePage />);
    fireEvent.click(screen.getByRole('radio', { name: '满意' }));
    fireEvent.click(screen.getByRole('radio', { name: '已解决' }));
    await submit();
    expect(actMock).toHaveBeenCalledWith('t1', 'rate', { version: 4, satisfaction: 'satisfied', resolved: true }, expect.any(String));
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 900));
    });
    expect(Taro.navigateBack).toHaveBeenCalled();
  });
});
