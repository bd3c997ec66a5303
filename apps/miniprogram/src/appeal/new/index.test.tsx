import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { TicketView } from '@jyg12345/shared';
import { __reset, __setRouterParams } from '../../../test/mocks/taro';
import { ApiError, ClientErrorCode } from '../../services/api-error';
import { ticketsService } from '../../services/tickets';
import { draftStore } from '../../stores/appeal-draft';
import NewAppealPage from './index';

jest.mock('../../services/tickets', () => ({
  ticketsService: { create: jest.fn(), list: jest.fn(), get: jest.fn(), events: jest.fn() },
}));
jest.mock('../../native', () => ({
  native: {
    canChooseLocation: () => true,
    needsPrivacyAuthorization: jest.fn(async () => false),
    chooseLocation: jest.fn(async () => ({ ok: true, value: { lat: 39.8, lng: 98.3, coordSystem: 'gcj02', address: '嘉峪关市雄关区新华中路' } })),
    getLocation: jest.fn(async () => ({ ok: false, reason: 'denied' })),
    systemFontSize: () => null,
    openPrivacyContract: jest.fn(),
  },
}));

const create = jest.mocked(ticketsService.create);
const filed = { id: 't-9', number: 'JYG20261128000009' } as TicketView;

function fillDescription(text: string) {
  fireEvent.change(screen.getByPlaceholderText(/请描述具体问题/), { target: { value: text } });
}

async function submit() {
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
  });
}

describe('NewAppealPage', () => {
  beforeEach(() => {
    __reset();
    create.mockReset();
    __setRouterParams({ type: 'consultation' });
  });

  it('starts with the type of the entry the resident tapped', () => {
    render(<NewAppealPage />);
    expect(screen.getByRole('radio', { name: '咨询' }).getAttribute('aria-checked')).toBe('true');
  });

  it('shows Chinese messages next to the fields and sends nothing while the form is invalid', async () => {
    render(<NewAppealPage />);

    await submit();

    expect(screen.getByText('请填写诉求内容')).toBeTruthy();
    expect(screen.getByText('请阅读并同意《诉求提交须知》')).toBeTruthy();
    expect(create).not.toHaveBeenCalled();
  });

  it('counts characters as the resident types', () => {
    render(<NewAppealPage />);
    fillDescription('路灯坏了');
    expect(screen.getByText('4/2000')).toBeTruthy();
  });

  it('files the appeal with the draft key and opens the success page', async () => {
    create.mockResolvedValueOnce(filed);
    render(<NewAppealPage />);
    fillDescription('小区门口路灯坏了一个多月');
    fireEvent.click(screen.getByRole('checkbox'));

    await submit();

    expect(create).toHaveBeenCalledWith(
      { type: 'consultation', description: '小区门口路灯坏了一个多月', confidential: false },
      expect.stringMatching(/^[0-9a-f-]{36}$/),
    );
    expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/appeal/success/index?id=t-9&number=JYG20261128000009' });
    expect(draftStore.load()).toBeNull();
  });

  it('keeps the draft after a network failure and resends it with the same key', async () => {
    create.mockRejectedValueOnce(new ApiError(ClientErrorCode.NETWORK_ERROR, 0)).mockResolvedValueOnce(filed);
    render(<NewAppealPage />);
    fillDescription('小区门口路灯坏了一个多月');
    fireEvent.click(screen.getByRole('checkbox'));

    await submit();
    expect(screen.getByRole('alert').textContent).toContain('内容已保存为草稿');
    expect(draftStore.load()?.fields.description).toBe('小区门口路灯坏了一个多月');

    await submit();
    const [first, second] = create.mock.calls;
    expect(second![1]).toBe(first![1]);
    expect(Taro.redirectTo).toHaveBeenCalledTimes(1);
  });

  it('puts a picked map point and its address into the form', async () => {
    render(<NewAppealPage />);
    await act(async () => {
      fireEvent.click(screen.getByText('在地图上选择位置'));
    });
    expect(screen.getByText('已在地图上标注')).toBeTruthy();
    expect((screen.getByPlaceholderText(/新华南路/) as HTMLInputElement).value).toBe('嘉峪关市雄关区新华中路');
  });

  it('offers the typed address when location is denied', async () => {
    render(<NewAppealPage />);
    await act(async () => {
      fireEvent.click(screen.getByText('使用当前位置'));
    });
    expect(screen.getByText(/未开启定位/)).toBeTruthy();
  });

  it('restores an unsent draft', () => {
    draftStore.save({
      type: 'help',
      description: '上次没发出去的内容',
      point: null,
      address: '',
      contactName: '',
      contactPhone: '',
      confidential: false,
      agreed: false,
    });
    render(<NewAppealPage />);
    expect((screen.getByPlaceholderText(/请描述具体问题/) as HTMLTextAreaElement).value).toBe('上次没发出去的内容');
    expect(screen.getByText(/已恢复上次未提交的内容/)).toBeTruthy();
  });
});

describe('NewAppealPage after a lost answer', () => {
  beforeEach(() => {
    __reset();
    create.mockReset();
  });

  it('says the earlier attempt is unconfirmed and asks before discarding it', async () => {
    const draft = draftStore.save({
      type: 'complaint',
      description: '没收到结果的那次提交',
      point: null,
      address: '',
      contactName: '',
      contactPhone: '',
      confidential: false,
      agreed: true,
    });
    draftStore.write({ ...draft, inFlight: { type: 'complaint', description: '没收到结果的那次提交', confidential: false } });

    render(<NewAppealPage />);

    expect(screen.getByText(/上次提交未收到结果/)).toBeTruthy();
    jest.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true } as never);
    await act(async () => {
      fireEvent.click(screen.getByText('清空重写'));
    });
    expect(draftStore.load()?.idempotencyKey).toBe(draft.idempotencyKey);

    await act(async () => {
      fireEvent.click(screen.getByText('清空重写'));
    });
    expect(draftStore.load()).toBeNull();
  });
});
