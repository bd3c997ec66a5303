/**
 * A small stand-in for @tarojs/taro: synchronous in-memory storage, jest.fn() for every API the app calls,
 * and no-op page hooks. Tests import Taro from '@tarojs/taro' and program the fns they need.
 */
import { jest } from '@jest/globals';

const storage = new Map<string, unknown>();

export const __storage = storage;

export function __reset(): void {
  storage.clear();
  routerParams = {};
}

let routerParams: Record<string, string> = {};
export function __setRouterParams(params: Record<string, string>): void {
  routerParams = params;
}

const clone = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

const Taro = {
  getStorageSync: jest.fn((key: string): unknown => (storage.has(key) ? clone(storage.get(key)) : '')),
  setStorageSync: jest.fn((key: string, value: unknown): void => {
    storage.set(key, clone(value));
  }),
  removeStorageSync: jest.fn((key: string): void => {
    storage.delete(key);
  }),
  request: jest.fn<(options: { url: string; method?: string; header?: Record<string, string>; data?: unknown }) => Promise<{ statusCode: number; data: unknown; header: Record<string, string> }>>(),
  login: jest.fn(async () => ({ code: 'mock-code', errMsg: 'login:ok' })),
  navigateTo: jest.fn(async () => undefined),
  redirectTo: jest.fn(async () => undefined),
  switchTab: jest.fn(async () => undefined),
  navigateBack: jest.fn(async () => undefined),
  showToast: jest.fn(async () => undefined),
  showModal: jest.fn(async () => ({ confirm: true, cancel: false })),
  setNavigationBarTitle: jest.fn(async () => undefined),
  stopPullDownRefresh: jest.fn(() => undefined),
  makePhoneCall: jest.fn(async () => undefined),
  chooseLocation: jest.fn(),
  getLocation: jest.fn(),
  chooseMedia: jest.fn(),
  uploadFile: jest.fn(),
  previewImage: jest.fn(async () => undefined),
  requestSubscribeMessage: jest.fn(),
  useDidShow: jest.fn(),
  useDidHide: jest.fn(),
  useLaunch: jest.fn(),
  useUnload: jest.fn(),
  usePullDownRefresh: jest.fn(),
  useReachBottom: jest.fn(),
  useRouter: jest.fn(() => ({ params: routerParams, path: '' })),
};

export const { useDidShow, useDidHide, useLaunch, useUnload, usePullDownRefresh, useReachBottom, useRouter } = Taro;
export default Taro;
