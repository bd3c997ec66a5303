import type Taro from '@tarojs/taro';

type RequestResult = Awaited<ReturnType<typeof Taro.request>>;

/** A Taro.request answer for tests. */
export function answer(statusCode: number, data: unknown): RequestResult {
  return { statusCode, data, header: {}, cookies: [], errMsg: 'request:ok' } as unknown as RequestResult;
}
