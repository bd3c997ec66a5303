import type { UseQueryResult } from '@tanstack/react-query';
import { Alert, Button, Empty, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { messageOf } from '../services/http';

/** Loading, error (with retry) and empty states for one query, so pages only render the data. */
export function QueryState<T>({
  query,
  isEmpty,
  empty = '暂无数据',
  children,
}: {
  query: UseQueryResult<T>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (query.isError)
    return (
      <Alert
        type="error"
        showIcon
        message="加载失败"
        description={messageOf(query.error)}
        action={
          <Button size="small" onClick={() => void query.refetch()}>
            重试
          </Button>
        }
      />
    );
  if (isEmpty?.(query.data)) return <Empty description={empty} />;
  return <>{children(query.data)}</>;
}
