import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { useReachBottom } from '@tarojs/taro';
import { ErrorCode } from '@jyg12345/shared';
import { ticketView } from '../../../test/fixtures';
import { __reset } from '../../../test/mocks/taro';
import { ApiError } from '../../services/api-error';
import { ticketsService } from '../../services/tickets';
import AppealsPage from './index';

jest.mock('../../services/tickets', () => ({ ticketsService: { list: jest.fn() } }));
const list = jest.mocked(ticketsService.list);

const page = (ids: string[], nextCursor: string | null) => ({
  items: ids.map((id) => ticketView({ id, number: `JYG-${id}`, description: `诉求 ${id}` })),
  nextCursor,
});

async function renderPage() {
  await act(async () => {
    render(<AppealsPage />);
  });
}

describe('AppealsPage', () => {
  beforeEach(() => {
    __reset();
    list.mockReset();
  });

  it('loads the first page and the next one when the list reaches the bottom', async () => {
    list.mockResolvedValueOnce(page(['a', 'b'], 'c1')).mockResolvedValueOnce(page(['c'], null));
    await renderPage();
    expect(screen.getAllByText(/^【投诉】诉求/)).toHaveLength(2);
    expect(screen.getByText('加载更多')).toBeTruthy();

    const onReachBottom = jest.mocked(useReachBottom).mock.calls.at(-1)![0] as () => void;
    await act(async () => onReachBottom());

    expect(list).toHaveBeenLastCalledWith({ status: undefined, limit: 20, cursor: 'c1' });
    expect(screen.getAllByText(/^【投诉】诉求/)).toHaveLength(3);
    expect(screen.getByText('没有更多了')).toBeTruthy();
  });

  it('filters by a group of statuses', async () => {
    list.mockResolvedValueOnce(page(['a'], null)).mockResolvedValueOnce(page([], null));
    await renderPage();

    await act(async () => {
      fireEvent.click(screen.getByRole('tab', { name: '已办结' }));
    });

    expect(list).toHaveBeenLastCalledWith({ status: ['closed', 'rejected', 'withdrawn', 'merged'], limit: 20 });
    expect(screen.getByText('没有该状态的诉求')).toBeTruthy();
  });

  it('offers a retry when loading fails', async () => {
    list.mockRejectedValueOnce(new ApiError(ErrorCode.DATABASE_UNAVAILABLE, 503)).mockResolvedValueOnce(page(['a'], null));
    await renderPage();
    expect(screen.getByRole('alert').textContent).toContain('系统繁忙');

    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '重新加载' }));
    });
    expect(screen.getByText('【投诉】诉求 a')).toBeTruthy();
  });
});
