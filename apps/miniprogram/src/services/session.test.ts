import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import Taro from '@tarojs/taro';
import { ErrorCode } from '@jyg12345/shared';
import { answer } from '../../test/http';
import { __reset, __storage } from '../../test/mocks/taro';
import { ApiError } from './api-error';
import { request } from './http';
import { authed, deviceOpenid } from './session';
import { tokenStore } from './token-store';

const requestMock = jest.mocked(Taro.request);
const auth = (token: string) => answer(200, { token, expiresAt: '2030-01-01T00:00:00Z', user: { id: 'u1', role: 'resident', displayName: '居民' } });

describe('session', () => {
  beforeEach(() => {
    __reset();
    requestMock.mockReset();
  });

  it('logs in through /auth/dev with one openid per device before the first call (H5)', async () => {
    requestMock.mockResolvedValueOnce(auth('tok-1')).mockResolvedValueOnce(answer(200, { ok: true }));

    await expect(authed(() => request('/tickets'))).resolves.toEqual({ ok: true });

    const login = requestMock.mock.calls[0]![0];
    expect(login.url).toBe('/api/v1/auth/dev');
    expect(login.data).toEqual({ openid: deviceOpenid() });
    expect(deviceOpenid()).toMatch(/^h5-[0-9a-f]{32}$/);
    expect(requestMock.mock.calls[1]![0].header).toMatchObject({ Authorization: 'Bearer tok-1' });
    expect(tokenStore.get()).toBe('tok-1');
  });

  it('keeps the device openid across calls', () => {
    const first = deviceOpenid();
    expect(deviceOpenid()).toBe(first);
    expect(__storage.get('jyg12345.deviceOpenid')).toBe(first);
  });

  it('on a 401 drops the token, logs in again once and repeats the call', async () => {
    tokenStore.set('stale');
    requestMock
      .mockResolvedValueOnce(answer(401, { code: ErrorCode.TOKEN_EXPIRED, message: 'expired' }))
      .mockResolvedValueOnce(auth('fresh'))
      .mockResolvedValueOnce(answer(200, ['ok']));

    await expect(authed(() => request('/tickets'))).resolves.toEqual(['ok']);

    expect(requestMock).toHaveBeenCalledTimes(3);
    expect(requestMock.mock.calls[2]![0].header).toMatchObject({ Authorization: 'Bearer fresh' });
  });

  it('gives up after one re-login', async () => {
    tokenStore.set('stale');
    requestMock
      .mockResolvedValueOnce(answer(401, { code: ErrorCode.TOKEN_INVALID, message: 'x' }))
      .mockResolvedValueOnce(auth('fresh'))
      .mockResolvedValueOnce(answer(401, { code: ErrorCode.TOKEN_INVALID, message: 'x' }));

    const error = await authed(() => request('/tickets')).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe(ErrorCode.TOKEN_INVALID);
    expect(requestMock).toHaveBeenCalledTimes(3);
  });

  it('passes other errors through untouched', async () => {
    tokenStore.set('tok');
    requestMock.mockResolvedValueOnce(answer(404, { code: ErrorCode.TICKET_NOT_FOUND, message: 'x' }));

    await expect(authed(() => request('/tickets/1'))).rejects.toMatchObject({ code: ErrorCode.TICKET_NOT_FOUND });
    expect(requestMock).toHaveBeenCalledTimes(1);
  });

  it('shares one login between concurrent calls', async () => {
    requestMock.mockImplementation(
      (options) => Promise.resolve(options.url.endsWith('/auth/dev') ? auth('tok') : answer(200, options.url)) as never,
    );

    await Promise.all([authed(() => request('/a')), authed(() => request('/b')), authed(() => request('/c'))]);

    expect(requestMock.mock.calls.filter(([o]) => o.url.endsWith('/auth/dev'))).toHaveLength(1);
  });
});
