import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import Taro from '@tarojs/taro';
import { ErrorCode } from '@jyg12345/shared';
import { answer } from '../../../test/http';
import { __reset } from '../../../test/mocks/taro';
import { tokenStore } from '../../services/token-store';
import { staffApi } from './api';
import { staffSession } from './session';

const requestMock = jest.mocked(Taro.request);
const uploadMock = jest.mocked(Taro.uploadFile);

function uploadTask(statusCode: number, body: unknown) {
  const p = Promise.resolve({ statusCode, data: JSON.stringify(body) }) as unknown as Record<string, unknown>;
  p.progress = () => undefined;
  p.abort = jest.fn();
  return p as never;
}

const user = { id: 'u1', role: 'handler' as const, displayName: '赵师傅', unitId: 'unit-1' };

describe('staff calls go through the one HTTP module with the staff token', () => {
  beforeEach(() => {
    __reset();
    requestMock.mockReset();
    uploadMock.mockReset();
    tokenStore.set('resident-token');
    staffSession.set({ token: 'staff-token', expiresAt: new Date(Date.now() + 3600_000).toISOString(), user });
  });

  it('uploads a photo with the staff token, never the resident one', async () => {
    uploadMock.mockReturnValueOnce(uploadTask(201, { id: 'A1', mime: 'image/jpeg', size: 1, width: 1, height: 1, url: '/u', thumbnailUrl: '/t' }));

    await expect(staffApi.upload('tmp/reply.jpg')).resolves.toMatchObject({ id: 'A1' });
    expect(uploadMock.mock.calls[0]![0]).toMatchObject({ url: '/api/v1/attachments', name: 'file', header: { Authorization: 'Bearer staff-token', Accept: 'application/json' } });
  });

  it('answers an upload refused as too large with the limit in the message, as resident uploads do', async () => {
    uploadMock.mockReturnValueOnce(uploadTask(413, { code: ErrorCode.PAYLOAD_TOO_LARGE, message: 'too large' }));
    await expect(staffApi.upload('tmp/big.jpg')).rejects.toMatchObject({ code: ErrorCode.PAYLOAD_TOO_LARGE, status: 413 });
  });

  it('on a 401 ends the staff session and reports it, without navigating', async () => {
    requestMock.mockResolvedValueOnce(answer(401, { code: ErrorCode.TOKEN_EXPIRED, message: 'expired' }));

    await expect(staffApi.ticket('T1')).rejects.toMatchObject({ status: 401 });
    expect(staffSession.get()).toBeNull();
    expect(tokenStore.get()).toBe('resident-token');
    expect(Taro.redirectTo).not.toHaveBeenCalled();
    expect(Taro.navigateTo).not.toHaveBeenCalled();
  });

  it('without a staff session refuses before any request', async () => {
    staffSession.clear();
    await expect(staffApi.upload('tmp/a.jpg')).rejects.toMatchObject({ code: ErrorCode.UNAUTHENTICATED });
    expect(uploadMock).not.toHaveBeenCalled();
    expect(Taro.redirectTo).not.toHaveBeenCalled();
  });
});
