import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import Taro from '@tarojs/taro';
import { answer } from '../../test/http';
import { __reset } from '../../test/mocks/taro';
import { ErrorCode, ERROR_MESSAGES_ZH } from '@jyg12345/shared';
import { ApiError, ClientErrorCode } from './api-error';
import { buildUrl, mediaUrl, request, upload } from './http';
import { tokenStore } from './token-store';

const requestMock = jest.mocked(Taro.request);

describe('request', () => {
  beforeEach(() => {
    __reset();
    requestMock.mockReset();
  });

  it('resolves with the body of a 2xx answer and calls /api/v1 on the same origin', async () => {
    requestMock.mockResolvedValueOnce(answer(200, { items: [], nextCursor: null }));

    await expect(request('/tickets')).resolves.toEqual({ items: [], nextCursor: null });
    expect(requestMock).toHaveBeenCalledWith(expect.objectContaining({ url: '/api/v1/tickets', method: 'GET' }));
  });

  it('sends the stored token as a bearer header and JSON bodies with their content type', async () => {
    tokenStore.set('tok-1');
    requestMock.mockResolvedValueOnce(answer(201, { id: 't1' }));

    await request('/tickets', { method: 'POST', body: { type: 'complaint' }, headers: { 'Idempotency-Key': 'k1' } });

    const options = requestMock.mock.calls[0]![0];
    expect(options.header).toEqual(
      expect.objectContaining({ Authorization: 'Bearer tok-1', 'Content-Type': 'application/json', 'Idempotency-Key': 'k1' }),
    );
    expect(options.data).toEqual({ type: 'complaint' });
  });

  it('leaves the token out when auth is false', async () => {
    tokenStore.set('tok-1');
    requestMock.mockResolvedValueOnce(answer(200, {}));

    await request('/auth/dev', { method: 'POST', body: { openid: 'x' }, auth: false });

    expect(requestMock.mock.calls[0]![0].header).not.toHaveProperty('Authorization');
  });

  it('turns an error body into an ApiError with the code and its Chinese message', async () => {
    requestMock.mockResolvedValueOnce(
      answer(404, { code: ErrorCode.TICKET_NOT_FOUND, message: 'Ticket not found', details: undefined }),
    );

    const error = await request('/tickets/x').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: ErrorCode.TICKET_NOT_FOUND, status: 404, message: ERROR_MESSAGES_ZH.TICKET_NOT_FOUND });
  });

  it('keeps field details of a validation failure', async () => {
    const details = [{ path: 'contact.phone', message: 'invalid phone number' }];
    requestMock.mockResolvedValueOnce(answer(400, { code: ErrorCode.VALIDATION_FAILED, message: 'bad', details }));

    await expect(request('/tickets', { method: 'POST', body: {} })).rejects.toMatchObject({ code: ErrorCode.VALIDATION_FAILED, details });
  });

  it('reports a 401 as an error and does not navigate', async () => {
    requestMock.mockResolvedValueOnce(answer(401, { code: ErrorCode.TOKEN_EXPIRED, message: 'expired' }));

    const error = (await request('/tickets').catch((e: unknown) => e)) as ApiError;

    expect(error.isUnauthenticated).toBe(true);
    expect(error.code).toBe(ErrorCode.TOKEN_EXPIRED);
    expect(Taro.navigateTo).not.toHaveBeenCalled();
    expect(Taro.redirectTo).not.toHaveBeenCalled();
  });

  it('maps an answer without a known code by its status', async () => {
    requestMock.mockResolvedValueOnce(answer(502, '<html>Bad Gateway</html>'));
    await expect(request('/tickets')).rejects.toMatchObject({ code: ErrorCode.INTERNAL_ERROR, status: 502, outcomeUnknown: true });

    requestMock.mockResolvedValueOnce(answer(418, { unexpected: true }));
    await expect(request('/tickets')).rejects.toMatchObject({ code: ClientErrorCode.BAD_RESPONSE, status: 418 });
  });

  it('reports a request that got no answer as a network error whose outcome is unknown', async () => {
    requestMock.mockRejectedValueOnce({ errMsg: 'request:fail timeout' });

    const error = (await request('/tickets', { method: 'POST', body: {} }).catch((e: unknown) => e)) as ApiError;

    expect(error.code).toBe(ClientErrorCode.NETWORK_ERROR);
    expect(error.status).toBe(0);
    expect(error.outcomeUnknown).toBe(true);
    expect(error.message).toBe('网络不给力，请检查网络后重试');
  });
});

describe('buildUrl', () => {
  it('joins list values with commas, encodes, and skips empty values', () => {
    expect(buildUrl('/tickets', { status: ['submitted', 'accepted'], limit: 20, cursor: undefined, type: [] })).toBe(
      '/api/v1/tickets?status=submitted%2Caccepted&limit=20',
    );
    expect(buildUrl('/tickets', { cursor: 'a b&c' })).toBe('/api/v1/tickets?cursor=a%20b%26c');
  });
});

describe('upload', () => {
  const uploadMock = jest.mocked(Taro.uploadFile);

  /** A Taro.uploadFile task: a promise with progress()/abort() attached, as Taro returns it. */
  function task(result: Promise<{ statusCode: number; data: string }>, progress: number[] = []) {
    const p = result as unknown as Record<string, unknown>;
    p.progress = (cb: (r: { progress: number }) => void) => progress.forEach((n) => cb({ progress: n }));
    p.abort = jest.fn();
    return p as never;
  }

  beforeEach(() => {
    __reset();
    uploadMock.mockReset();
  });

  it('posts the file as multipart field `file` with the bearer token, reporting progress', async () => {
    tokenStore.set('tok-9');
    uploadMock.mockReturnValueOnce(task(Promise.resolve({ statusCode: 201, data: JSON.stringify({ id: 'A1' }) }), [30, 100]));
    const seen: number[] = [];

    await expect(upload('/attachments', 'tmp/a.jpg', { onProgress: (p) => seen.push(p) })).resolves.toEqual({ id: 'A1' });
    expect(uploadMock).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/api/v1/attachments', filePath: 'tmp/a.jpg', name: 'file', header: expect.objectContaining({ Authorization: 'Bearer tok-9' }) }),
    );
    expect(seen).toEqual([30, 100]);
  });

  it('maps refusals to ApiError with their code, and a failed transfer to NETWORK_ERROR', async () => {
    uploadMock.mockReturnValueOnce(task(Promise.resolve({ statusCode: 415, data: JSON.stringify({ code: 'ATTACHMENT_TYPE_UNSUPPORTED', message: 'x' }) })));
    await expect(upload('/attachments', 'tmp/a.gif')).rejects.toMatchObject({ code: ErrorCode.ATTACHMENT_TYPE_UNSUPPORTED, status: 415 });

    uploadMock.mockReturnValueOnce(task(Promise.resolve({ statusCode: 413, data: '<html>too large</html>' })));
    await expect(upload('/attachments', 'tmp/big.jpg')).rejects.toMatchObject({ code: ErrorCode.PAYLOAD_TOO_LARGE });

    uploadMock.mockReturnValueOnce(task(Promise.reject(new Error('uploadFile:fail'))));
    await expect(upload('/attachments', 'tmp/a.jpg')).rejects.toMatchObject({ code: ClientErrorCode.NETWORK_ERROR, status: 0 });
  });

  it('prefixes relative media URLs with the API origin (none in H5 on the same origin)', () => {
    expect(mediaUrl('/api/v1/attachments/A/thumbnail?exp=1&sig=s')).toBe('/api/v1/attachments/A/thumbnail?exp=1&sig=s');
    expect(mediaUrl('https://cdn.example/x.jpg')).toBe('https://cdn.example/x.jpg');
  });
});
