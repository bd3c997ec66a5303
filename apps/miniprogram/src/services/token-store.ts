import Taro from '@tarojs/taro';

const TOKEN_KEY = 'jyg12345.token';

/** The bearer token, kept in storage so a restart does not need a new login. */
export const tokenStore = {
  get(): string | null {
    const value: unknown = Taro.getStorageSync(TOKEN_KEY);
    return typeof value === 'string' && value.length > 0 ? value : null;
  },
  set(token: string): void {
    Taro.setStorageSync(TOKEN_KEY, token);
  },
  clear(): void {
    Taro.removeStorageSync(TOKEN_KEY);
  },
};
