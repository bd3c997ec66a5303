/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.svg';
declare module '*.scss';

/** Injected by config/index.ts at build time: '' (same origin) for H5, API_BASE_URL or the default for weapp. */
declare const __API_BASE_URL__: string;

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'quickapp' | 'qq' | 'jd';
  }
}
/** Comma-separated WeChat subscribe-message template ids, from SUBSCRIBE_TEMPLATE_IDS at build time. */
declare const __SUBSCRIBE_TEMPLATE_IDS__: string;
/** Whether the H5 build has a Tencent map key (TENCENT_MAP_KEY) for Taro.chooseLocation. */
declare const __H5_MAP_PICKER__: boolean;
