import Taro from '@tarojs/taro';

const CARE_MODE_KEY = 'jyg12345.careMode';
const PRIVACY_ACK_KEY = 'jyg12345.privacyNoticeAck';

type Listener = (careMode: boolean) => void;
const listeners = new Set<Listener>();

/** Resident preferences kept on the device. */
export const prefs = {
  /** 长辈版: larger type and tap targets, care palette. */
  careMode(): boolean {
    return Taro.getStorageSync(CARE_MODE_KEY) === true;
  },
  setCareMode(on: boolean): void {
    Taro.setStorageSync(CARE_MODE_KEY, on);
    listeners.forEach((l) => l(on));
  },
  onCareModeChange(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  privacyNoticeAcknowledged(): boolean {
    return Taro.getStorageSync(PRIVACY_ACK_KEY) === true;
  },
  acknowledgePrivacyNotice(): void {
    Taro.setStorageSync(PRIVACY_ACK_KEY, true);
  },
};
