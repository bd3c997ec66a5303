import { useEffect, type ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { NavigationBar, PageMeta, View } from '@tarojs/components';
import { native } from '../native';
import { useCareMode } from './useCareMode';

/** Brand green for native controls that take a colour prop (Switch); CSS uses var(--brand). */
export const BRAND = '#07C160';
export const CARE_BRAND = '#018942';

/** 长辈版 scales every rem by this much: 17 px body text becomes 21 px, 48 px buttons 60 px. */
export const CARE_SCALE = 1.25;
const BASE_ROOT_PX = 16;

/** The root font size in px: the phone's own font setting (WeChat), raised in 长辈版. */
export function rootFontPx(care: boolean, systemPx: number | null): number {
  const base = Math.max(BASE_ROOT_PX, systemPx ?? BASE_ROOT_PX);
  return Math.round(base * (care ? CARE_SCALE : 1));
}

interface PageProps {
  /** The navigation bar title (WeChat) / document title (H5). */
  title: string;
  children: ReactNode;
  /** Leaves room for a bottom-fixed button bar. */
  withFooter?: boolean;
  className?: string;
}

/** The frame of every page: WeUI background, care palette, and the root font size every rem scales with. */
export function Page({ title, children, withFooter = false, className = '' }: PageProps) {
  const care = useCareMode();

  useEffect(() => {
    if (process.env.TARO_ENV !== 'weapp') void Taro.setNavigationBarTitle({ title });
  }, [title]);

  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return;
    // Relative to the browser's own default, so a reader's font preference still applies.
    document.documentElement.style.fontSize = care ? `${CARE_SCALE * 100}%` : '';
  }, [care]);

  const classes = ['page', care ? 'page--care' : '', withFooter ? 'page--with-footer' : '', className].filter(Boolean).join(' ');
  return (
    <>
      {process.env.TARO_ENV === 'weapp' ? (
        // <page-meta> must come first in the page; its <navigation-bar> is always rendered (pages set
        // enablePageMeta), so it carries the title and colours explicitly or WeChat would blank them.
        <PageMeta rootFontSize={`${rootFontPx(care, native.systemFontSize())}px`}>
          <NavigationBar title={title} frontColor="#000000" backgroundColor="#EDEDED" />
        </PageMeta>
      ) : null}
      <View className={classes} data-care={care ? 'on' : 'off'}>
        {children}
      </View>
    </>
  );
}
