import { Text, View } from '@tarojs/components';
import type { PagedList } from './usePagedList';

/** Under a paged list once its first page is shown: loading, a retry after a failure, more, or the end. */
export function LoadMore({ list }: { list: PagedList<{ id: string }> }) {
  if (list.loading || list.error || list.items.length === 0) return null;
  return (
    <View className="loadmore">
      {list.loadingMore ? (
        '正在加载…'
      ) : list.moreError ? (
        <Text className="link" onClick={() => void list.loadMore()}>
          {list.moreError}，点击重试
        </Text>
      ) : list.hasMore ? (
        <Text className="link" onClick={() => void list.loadMore()}>
          加载更多
        </Text>
      ) : (
        '没有更多了'
      )}
    </View>
  );
}
