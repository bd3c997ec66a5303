import { useEffect, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { prefs } from '../stores/prefs';

/** 长辈版 on/off, shared by every mounted page and re-read when a page shows again. */
export function useCareMode(): boolean {
  const [care, setCare] = useState(prefs.careMode);
  useEffect(() => prefs.onCareModeChange(setCare), []);
  useDidShow(() => setCare(prefs.careMode()));
  return care;
}
