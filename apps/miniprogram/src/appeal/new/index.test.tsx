import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { TicketView } from '@jyg12345/shared';
import { __reset, __setRouterParams } from '../../../test/mocks/taro';
import { ApiError, ClientErrorCode } from '../../services/api-error';
import { attachmentsService } from '../../services/attachments';
import { routingService } from '../../services/routing';
import { ticketsService } from '../../services/tickets';
import { native } from '../../native';
import { draftStore, emptyFields } from '../../stores/appeal-draft';
import NewAppealPage from './index';

jest.mock('../../services/tickets', () => ({
  ticketsService: { create: jest.fn(), list: jest.fn(), get: jest.fn(), events: jest.fn() },
}));
jest.mock('../../services/attachments', () => ({
  attachmentsService: { upload: jest.fn() },
}));
jest.mock('../../services/routing', () => ({
  routingService: {
    suggest: jest.fn(async () => ({ categories: [], units: [] })),
    resolve: jest.fn(async () => ({
      wgs84: { lat: 39.8, lng: 98.28 },
      gcj02: { lat: 39.80231, lng: 98.29012 },
      outsideArea: false,
      streetId: 'street-1',
      communityId: 'community-1',
    })),
  },
}));
jest.mock('../../services/units', () => ({
  unitsService: {
    list: jest.fn(async () => [
      { id: 'street-1', code: '620201001', name: '雄关街道', kind: 'street', parentId: null, active: true },
      { id: 'community-1', code: '620201001001', name: '福民社区', kind: 'community', parentId: 'street-1', active: true },
    ]),
  },
}));
jest.mock('../../native', () => ({
  native: {
    canChooseLocation: () => true,
    chooseImages: jest.fn(),
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

/** The page with a description and the notice agreed: ready to file. */
function renderFilled(description = '小区门口路灯坏了一个多月') {
  render(<NewAppealPage />);
  fillDescription(description);
  fireEvent.click(screen.getByRole('checkbox'));
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
    renderFilled();

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
    renderFilled();

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
    // Named by its street and community, and drawn on the city's outline.
    expect(await screen.findByText('雄关街道 · 福民社区')).toBeTruthy();
    expect(screen.getByRole('img', { name: /诉求位置示意图/ })).toBeTruthy();
  });

  it('offers the typed address when location is denied', async () => {
    render(<NewAppealPage />);
    await act(async () => {
      fireEvent.click(screen.getByText('使用当前位置'));
    });
    expect(screen.getByText(/未开启定位/)).toBeTruthy();
  });

  it('restores an unsent draft', () => {
    draftStore.save({ ...emptyFields('help'), description: '上次没发出去的内容' });
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
    const draft = draftStore.save({ ...emptyFields('complaint'), description: '没收到结果的那次提交', agreed: true });
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

describe('NewAppealPage photos and category', () => {
  const upload = jest.mocked(attachmentsService.upload);
  const suggest = jest.mocked(routingService.suggest);
  const chooseImages = jest.mocked(native.chooseImages);
  const heating = '暖气不热，室温只有十二度，已经三天了';

  beforeEach(() => {
    __reset();
    create.mockReset();
    upload.mockReset();
    suggest.mockReset();
    suggest.mockResolvedValue({ categories: [], units: [] });
    chooseImages.mockReset();
    __setRouterParams({ type: 'complaint' });
  });

  async function addPhotos(paths: string[]) {
    chooseImages.mockResolvedValueOnce({ ok: true, value: paths.map((p) => ({ tempFilePath: p, size: 1000 })) });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '添加照片' }));
    });
  }

  it('uploads picked photos at once and files the appeal with their ids', async () => {
    upload.mockResolvedValueOnce({ id: 'ATT1' } as never).mockResolvedValueOnce({ id: 'ATT2' } as never);
    create.mockResolvedValueOnce(filed);
    renderFilled();
    await addPhotos(['tmp/a.jpg', 'tmp/b.jpg']);

    expect(upload.mock.calls.map((c) => c[0])).toEqual(['tmp/a.jpg', 'tmp/b.jpg']);
    expect(screen.getByRole('button', { name: '照片 1，已上传' })).toBeTruthy();
    await act(() => new Promise((r) => setTimeout(r, 450))); // the draft is saved after a short pause
    expect(draftStore.load()?.fields.photos).toEqual([
      { attachmentId: 'ATT1', path: 'tmp/a.jpg' },
      { attachmentId: 'ATT2', path: 'tmp/b.jpg' },
    ]);

    await submit();
    expect(create.mock.calls[0]![0]).toMatchObject({ attachmentIds: ['ATT1', 'ATT2'] });
  });

  it('waits for a photo still uploading before it files the appeal', async () => {
    let finish: (v: never) => void = () => undefined;
    upload.mockImplementationOnce(() => new Promise((resolve) => (finish = resolve)));
    create.mockResolvedValueOnce(filed);
    renderFilled();
    await addPhotos(['tmp/a.jpg']);

    await submit();
    expect(screen.getByRole('button', { name: '正在上传照片…' })).toBeTruthy();
    expect(create).not.toHaveBeenCalled();

    await act(async () => {
      finish({ id: 'ATT9' } as never);
    });
    expect(create.mock.calls[0]![0]).toMatchObject({ attachmentIds: ['ATT9'] });
  });

  it('refuses to file while a photo failed, and a tap retries it', async () => {
    upload.mockRejectedValueOnce(new ApiError(ClientErrorCode.NETWORK_ERROR, 0)).mockResolvedValueOnce({ id: 'ATT3' } as never);
    create.mockResolvedValueOnce(filed);
    renderFilled();
    await addPhotos(['tmp/a.jpg']);

    await submit();
    expect(create).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toContain('有 1 张照片未上传成功');

    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '照片 1，上传失败，点按重试' }));
    });
    expect(upload).toHaveBeenCalledTimes(2);
    await submit();
    expect(create.mock.calls[0]![0]).toMatchObject({ attachmentIds: ['ATT3'] });
  });

  it('a restored draft sends the photos it had uploaded, without uploading them again', async () => {
    draftStore.save({ ...emptyFields('complaint'), description: '小区门口路灯坏了一个多月', agreed: true, photos: [{ attachmentId: 'OLD1', path: 'tmp/gone.jpg' }] });
    create.mockResolvedValueOnce(filed);
    render(<NewAppealPage />);
    expect(screen.getByRole('button', { name: '照片 1，已上传' })).toBeTruthy();
    await submit();
    expect(upload).not.toHaveBeenCalled();
    expect(create.mock.calls[0]![0]).toMatchObject({ attachmentIds: ['OLD1'] });
  });

  it('suggests a category after a pause in typing and sends the one chosen', async () => {
    jest.useFakeTimers();
    try {
      suggest.mockResolvedValue({
        categories: [
          { id: 'C1', name: '城乡建设/供热/供暖', level1: '城乡建设', score: 0.8 },
          { id: 'C2', name: '城乡建设/物业/物业服务', level1: '城乡建设', score: 0.1 },
          { id: 'C3', name: '城乡建设/供热/热费', level1: '城乡建设', score: 0.05 },
        ],
        units: [],
      });
      create.mockResolvedValueOnce(filed);
      render(<NewAppealPage />);
      fillDescription('暖气不热');
      await act(async () => {
        jest.advanceTimersByTime(1000);
      });
      expect(suggest).not.toHaveBeenCalled(); // under 10 characters

      fillDescription(heating);
      await act(async () => {
        jest.advanceTimersByTime(300);
      });
      expect(suggest).not.toHaveBeenCalled();
      await act(async () => {
        jest.advanceTimersByTime(300);
      });
      expect(suggest).toHaveBeenCalledWith({ description: heating });

      // Offered, not pre-selected: the resident chooses (a tap again unselects).
      const best = screen.getByRole('radio', { name: '推荐分类：供暖' });
      expect(best.getAttribute('aria-checked')).toBe('false');
      fireEvent.click(best);
      expect(screen.getByRole('radio', { name: '推荐分类：供暖' }).getAttribute('aria-checked')).toBe('true');
      fireEvent.click(screen.getByRole('radio', { name: '热费' }));
      expect(screen.getByRole('radio', { name: '热费' }).getAttribute('aria-checked')).toBe('true');
      expect(screen.getByRole('radio', { name: '推荐分类：供暖' }).getAttribute('aria-checked')).toBe('false');

      fireEvent.click(screen.getByRole('checkbox'));
      await submit();
      expect(create.mock.calls[0]![0]).toMatchObject({ categoryId: 'C3' });
    } finally {
      jest.useRealTimers();
    }
  });

  it('says nothing when the suggestion fails', async () => {
    jest.useFakeTimers();
    try {
      suggest.mockRejectedValue(new ApiError(ClientErrorCode.NETWORK_ERROR, 0));
      render(<NewAppealPage />);
      fillDescription(heating);
      await act(async () => {
        jest.advanceTimersByTime(700);
      });
      expect(suggest).toHaveBeenCalled();
      expect(screen.queryByRole('radiogroup', { name: '诉求分类' })).toBeNull();
      expect(screen.queryByRole('alert')).toBeNull();
    } finally {
      jest.useRealTimers();
    }
  });
});
