import Taro from '@tarojs/taro';

/**
 * Every device API the app uses, in one object with plain results, so pages never touch Taro's callbacks and
 * tests (unit and e2e) replace it wholesale. Failures resolve to a reason instead of throwing.
 */
/** `not_image`: what was picked as a photo is not an image (H5 lets a file of any type be chosen). */
export type NativeFailure = 'cancelled' | 'denied' | 'unsupported' | 'failed' | 'not_image';
export type NativeResult<T> = { ok: true; value: T } | { ok: false; reason: NativeFailure };

export interface PickedLocation {
  lat: number;
  lng: number;
  /** WeChat gives GCJ-02; a browser's geolocation is WGS-84 (the API derives the other system). */
  coordSystem: 'gcj02' | 'wgs84';
  /** A readable place, when the platform gives one (chooseLocation does, getLocation does not). */
  address: string | null;
}

export interface PickedMedia {
  tempFilePath: string;
  size: number;
}

function reasonOf(error: unknown): NativeFailure {
  const msg = typeof error === 'object' && error !== null ? String((error as { errMsg?: unknown }).errMsg ?? '') : '';
  if (/cancel/i.test(msg)) return 'cancelled';
  if (/not_image/.test(msg)) return 'not_image';
  if (/auth deny|auth denied|permission|privacy|not authorized|授权/i.test(msg)) return 'denied';
  if (/not support|unsupported|not implemented|is not a function/i.test(msg)) return 'unsupported';
  return 'failed';
}

async function attempt<T>(run: () => Promise<T>): Promise<NativeResult<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  }
}

export const native = {
  /** Whether a map picker exists here: always in WeChat; in H5 only with a Tencent map key. */
  canChooseLocation(): boolean {
    if (process.env.TARO_ENV === 'weapp') return true;
    return typeof __H5_MAP_PICKER__ === 'boolean' && __H5_MAP_PICKER__;
  },

  /** Lets the resident pick a point on a map; WeChat returns GCJ-02. */
  chooseLocation(near?: { lat: number; lng: number }): Promise<NativeResult<PickedLocation>> {
    return attempt(async () => {
      const res = await Taro.chooseLocation(near ? { latitude: near.lat, longitude: near.lng } : {});
      const address = [res.address, res.name].filter((s) => typeof s === 'string' && s.length > 0).join(' ');
      return { lat: res.latitude, lng: res.longitude, coordSystem: 'gcj02' as const, address: address || null };
    });
  },

  /** Shows a point on the platform's map (WeChat's own; H5 only with the Tencent key, like the picker). */
  openLocation(point: { lat: number; lng: number; name?: string; address?: string }): Promise<NativeResult<void>> {
    return attempt(async () => {
      await Taro.openLocation({ latitude: point.lat, longitude: point.lng, name: point.name, address: point.address, scale: 17 });
    });
  },

  /** The device's position: GCJ-02 in WeChat (its default would be WGS-84); browsers only know WGS-84. */
  getLocation(): Promise<NativeResult<PickedLocation>> {
    return attempt(async () => {
      const coordSystem = process.env.TARO_ENV === 'weapp' ? ('gcj02' as const) : ('wgs84' as const);
      const res = await Taro.getLocation({ type: coordSystem });
      return { lat: res.latitude, lng: res.longitude, coordSystem, address: null };
    });
  },

  chooseImages(count: number): Promise<NativeResult<PickedMedia[]>> {
    return attempt(async () => {
      const res = await Taro.chooseMedia({ count, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['album', 'camera'] });
      // Taro's H5 drops a file it cannot load as an image and reports each file's MIME type as fileType.
      const images = res.tempFiles.filter((f) => !/\//.test(f.fileType ?? '') || /^image\//.test(f.fileType));
      if (images.length === 0) throw { errMsg: 'chooseMedia:fail not_image' };
      return images.map((f) => ({ tempFilePath: f.tempFilePath, size: f.size }));
    });
  },

  /** Asks for subscribe-message consent; must run inside a tap handler. Resolves with the accepted template ids. */
  requestSubscribe(templateIds: readonly string[]): Promise<NativeResult<string[]>> {
    return attempt(async () => {
      if (templateIds.length === 0) return [];
      const res = (await Taro.requestSubscribeMessage({ tmplIds: templateIds.slice(0, 3) } as Taro.requestSubscribeMessage.Option)) as unknown as Record<string, string>;
      return templateIds.filter((id) => res[id] === 'accept');
    });
  },

  /**
   * Whether WeChat wants our privacy sheet shown before photo/location calls. Outside weapp (H5) or on old
   * base libraries there is nothing to agree to.
   */
  async needsPrivacyAuthorization(): Promise<boolean> {
    if (process.env.TARO_ENV !== 'weapp') return false;
    const getPrivacySetting = (Taro as unknown as { getPrivacySetting?: (o: object) => Promise<{ needAuthorization: boolean }> })
      .getPrivacySetting;
    if (typeof getPrivacySetting !== 'function') return false;
    try {
      const res = await getPrivacySetting({});
      return res.needAuthorization;
    } catch {
      return false;
    }
  },

  openPrivacyContract(): Promise<NativeResult<void>> {
    return attempt(async () => {
      const open = (Taro as unknown as { openPrivacyContract?: (o: object) => Promise<unknown> }).openPrivacyContract;
      if (typeof open !== 'function') throw { errMsg: 'openPrivacyContract: not support' };
      await open({});
    });
  },

  makePhoneCall(phoneNumber: string): Promise<NativeResult<void>> {
    return attempt(async () => {
      await Taro.makePhoneCall({ phoneNumber });
    });
  },

  /** The phone's font size setting in px (WeChat only), to follow the resident's own preference. */
  systemFontSize(): number | null {
    if (process.env.TARO_ENV !== 'weapp') return null;
    try {
      const info = (Taro as unknown as { getAppBaseInfo?: () => { fontSizeSetting?: number } }).getAppBaseInfo?.();
      return typeof info?.fontSizeSetting === 'number' ? info.fontSizeSetting : null;
    } catch {
      return null;
    }
  },
};

export type Native = typeof native;

// H5 end-to-end tests stand in for the device (map picker, camera) by defining this before the app loads
// (Playwright's addInitScript). Never set in production.
if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') {
  const override = (window as unknown as { __JYG12345_NATIVE__?: Partial<Native> }).__JYG12345_NATIVE__;
  if (override) Object.assign(native, override);
}
