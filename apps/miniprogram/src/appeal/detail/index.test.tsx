import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { ErrorCode } from '@jyg12345/shared';
import { ticketView } from '../../../test/fixtures';
import { __reset, __setRouterParams } from '../../../test/mocks/taro';
import { ApiError } from '../../services/api-error';
import { ticketsService } from '../../services/tickets';
import AppealDetailPage from './index';

jest.mock('../../services/tickets', () => ({
  RESIDENT_ACTIONS: ['supplement', 'rate', 'withdraw'],
  ticketsService: { get: jest.fn(), events: jest.fn(), act: jest.fn(), list: jest.fn(), create: jest.fn() },
}));
jest.mock('../../native', () => ({ native: { makePhoneCall: jest.fn(async () => ({ ok: true })), systemFontSize: () => null } }));

const service = jest.mocked(ticketsService);

async function renderPage() {
  await act(async () => {
    render(<AppealDetailPage />);
  });
}

describe('AppealDetailPage', () => {
  beforeEach(() => {
    __reset();
    __setRouterParams({ id: 't1' });
    service.get.mockReset();
    service.events.mockReset().mockResolvedValue([]);
    service.act.mockReset();
  });

  it('shows the status, the content and the buttons the server allows', async () => {
    service.get.mockResolvedValue(ticketView({ actions: ['withdraw', 'supplement'] }));
    await renderPage();

    expect(screen.getByText('已提交', { selector: '.tag' })).toBeTruthy();
    expect(screen.getByText('小区门口路灯坏了一个多月')).toBeTruthy();
    expect(screen.getByRole('button', { name: '补充材料' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '撤回诉求' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: '评价' })).toBeNull();
  });

  it('shows the resident\'s and the reply\'s photos apart; a tap previews the full images', async () => {
    const photo = (id: string, usage: 'ticket' | 'reply') => ({
      id,
      usage,
      url: `/api/v1/attachments/${id}?exp=1&sig=s`,
      thumbnailUrl: `/api/v1/attachments/${id}/thumbnail?exp=1&sig=s`,
    });
    service.get.mockResolvedValue(
      ticketView({
        status: 'replied',
        actions: [],
        reply: { content: '已修好', handlerName: null, handlerPhone: null, unitId: 'u1', at: '2026-11-29T02:00:00Z' },
        photos: [photo('P1', 'ticket'), photo('P2', 'ticket'), photo('R1', 'reply')],
      }),
    );
    await renderPage();

    expect(screen.getByText('我的照片')).toBeTruthy();
    expect(screen.getByText('答复照片')).toBeTruthy();
    const thumbs = screen.getAllByRole('button', { name: /我的照片 \d，点按查看大图/ });
    expect(thumbs).toHaveLength(2);
    expect(thumbs[0]!.querySelector('img')!.getAttribute('src')).toBe('/api/v1/attachments/P1/thumbnail?exp=1&sig=s');
    fireEvent.click(thumbs[1]!);
    expect(Taro.previewImage).toHaveBeenCalledWith({
      current: '/api/v1/attachments/P2?exp=1&sig=s',
      urls: ['/api/v1/attachments/P1?exp=1&sig=s', '/api/v1/attachments/P2?exp=1&sig=s'],
    });
    expect(screen.getAllByRole('button', { name: /答复照片 1/ })).toHaveLength(1);
  });

  it('shows the reply with the handler and a call button', async () => {
    service.get.mockResolvedValue(
      ticketView({
        status: 'replied',
        actions: ['rate', 'supplement'],
        reply: { content: '已更换路灯灯泡', handlerName: '李工', handlerPhone: '0937-6212345', unitId: 'u1', at: '2026-11-29T02:00:00Z' },
      }),
    );
    await renderPage();

    expect(screen.getByText('已更换路灯灯泡')).toBeTruthy();
    expect(screen.getByText('李工')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '拨打电话' }));
    const { native } = jest.requireMock<{ native: { makePhoneCall: jest.Mock } }>('../../native');
    expect(native.makePhoneCall).toHaveBeenCalledWith('0937-6212345');
  });

  it('withdraws after confirmation, sending the version it showed', async () => {
    service.get.mockResolvedValue(ticketView({ version: 3 }));
    service.act.mockResolvedValue(ticketView({ status: 'withdrawn', actions: [] }));
    await renderPage();

    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '撤回诉求' }));
    });

    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '撤回诉求' }));
    expect(service.act).toHaveBeenCalledWith('t1', 'withdraw', { version: 3 }, expect.any(String));
  });

  it('does nothing when the resident cancels the withdrawal', async () => {
    service.get.mockResolvedValue(ticketView());
    jest.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true } as never);
    await renderPage();

    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '撤回诉求' }));
    });

    expect(service.act).not.toHaveBeenCalled();
  });

  it('explains a version conflict and reloads', async () => {
    service.get.mockResolvedValue(ticketView());
    service.act.mockRejectedValue(new ApiError(ErrorCode.VERSION_CONFLICT, 409));
    await renderPage();

    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '撤回诉求' }));
    });

    expect(Taro.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ content: '诉求状态已更新，请查看最新进度' }));
    expect(service.get).toHaveBeenCalledTimes(2);
  });

  it('says so when the appeal cannot be found', async () => {
    service.get.mockRejectedValue(new ApiError(ErrorCode.TICKET_NOT_FOUND, 404));
    await renderPage();

    expect(screen.getByRole('alert').textContent).toContain('诉求不存在');
  });

  it('still shows the appeal when the timeline fails', async () => {
    service.get.mockResolvedValue(ticketView());
    service.events.mockRejectedValue(new ApiError(ErrorCode.INTERNAL_ERROR, 500));
    await renderPage();

    expect(screen.getByText('小区门口路灯坏了一个多月')).toBeTruthy();
    expect(screen.getByText(/办理记录暂时无法加载/)).toBeTruthy();
  });
});
