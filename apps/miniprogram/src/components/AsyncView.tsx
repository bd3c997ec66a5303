import type { ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { Button, View } from '@tarojs/components';

interface AsyncViewProps {
  loading: boolean;
  /** `notFound`: retrying cannot help; the page offers a way home instead. */
  error: { message: string; notFound?: boolean } | null;
  /** Where "home" is for this page (resident home by default). */
  onHome?: () => void;
  homeText?: string;
  /** True when loaded without error but there is nothing to show. */
  empty?: boolean;
  emptyTitle?: string;
  emptyText?: string;
  emptyAction?: ReactNode;
  onRetry?: () => void;
  children: ReactNode;
}

/** The one way pages show loading, error and empty states. */
const toHome = () => void Taro.switchTab({ url: '/pages/home/index' });

export function AsyncView({ loading, error, empty = false, emptyTitle = '暂无内容', emptyText, emptyAction, onRetry, onHome = toHome, homeText = '返回首页', children }: AsyncViewProps) {
  if (loading) {
    return (
      <View className="state" aria-busy="true">
        正在加载…
      </View>
    );
  }
  if (error) {
    return (
      <View className="state" role="alert">
        <View className="state__title">{error.notFound ? '找不到该内容' : '加载失败'}</View>
        <View>{error.message}</View>
        {onRetry && !error.notFound ? (
          <Button className="btn btn--medium" onClick={onRetry}>
            重新加载
          </Button>
        ) : null}
        {error.notFound ? (
          <Button className="btn btn--primary btn--medium state__home" onClick={onHome}>
            {homeText}
          </Button>
        ) : null}
      </View>
    );
  }
  if (empty) {
    return (
      <View className="state">
        <View className="state__title">{emptyTitle}</View>
        {emptyText ? <View>{emptyText}</View> : null}
        {emptyAction}
      </View>
    );
  }
  return <>{children}</>;
}
