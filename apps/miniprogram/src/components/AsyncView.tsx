import type { ReactNode } from 'react';
import { Button, View } from '@tarojs/components';

interface AsyncViewProps {
  loading: boolean;
  error: { message: string } | null;
  /** True when loaded without error but there is nothing to show. */
  empty?: boolean;
  emptyTitle?: string;
  emptyText?: string;
  emptyAction?: ReactNode;
  onRetry?: () => void;
  children: ReactNode;
}

/** The one way pages show loading, error and empty states. */
export function AsyncView({ loading, error, empty = false, emptyTitle = '暂无内容', emptyText, emptyAction, onRetry, children }: AsyncViewProps) {
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
        <View className="state__title">加载失败</View>
        <View>{error.message}</View>
        {onRetry ? (
          <Button className="btn btn--medium" onClick={onRetry}>
            重新加载
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
