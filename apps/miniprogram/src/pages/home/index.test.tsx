import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { ticketView } from '../../../test/fixtures';
import { __reset } from '../../../test/mocks/taro';
import { native } from '../../native';
import { ticketsService } from '../../services/tickets';
import { prefs } from '../../stores/prefs';
import HomePage from './index';

jest.mock('../../services/tickets', () => ({ ticketsService: { list: jest.fn() } }));
jest.mock('../../native', () => ({ native: { makePhoneCall: jest.fn(async () => ({ ok: true })), systemFontSize: () => null } }));
const list = jest.mocked(ticketsService.list);

async function renderPage() {
  await act(async () => {
    render(<HomePage />);
  });
}

describe('HomePage', () => {
  beforeEach(() => {
    __reset();
    list.mockReset().mockResolvedValue({ items: [ticketView()], nextCursor: null });
  });

  it('opens the form with the type of the entry', async () => {
    await renderPage();
    fireEvent.click(screen.getByText('我要建议'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/appeal/new/index?type=suggestion' });
  });

  it('calls 12345 in one tap', async () => {
    await renderPage();
    fireEvent.click(screen.getByText('拨打 12345 热线'));
    expect(native.makePhoneCall).toHaveBeenCalledWith('12345');
  });

  it('shows the latest appeals', async () => {
    await renderPage();
    expect(list).toHaveBeenCalledWith({ limit: 3 });
    expect(screen.getByText('【投诉】小区门口路灯坏了一个多月')).toBeTruthy();
  });

  it('turns 长辈版 on and remembers it', async () => {
    await renderPage();
    await act(async () => {
      fireEvent.click(screen.getByRole('switch', { name: '长辈版' }));
    });
    expect(prefs.careMode()).toBe(true);
    expect(document.querySelector('.page--care')).not.toBeNull();
  });

  it('hides the privacy notice once acknowledged', async () => {
    await renderPage();
    fireEvent.click(screen.getByText('我知道了'));
    expect(screen.queryByText(/个人信息保护提示/)).toBeNull();
    expect(prefs.privacyNoticeAcknowledged()).toBe(true);
  });
});
