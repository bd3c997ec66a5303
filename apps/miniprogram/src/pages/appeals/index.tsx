import { useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Button, View } from '@tarojs/components';
import { AsyncView } from '../../components/AsyncView';
import { LoadMore } from '../../components/LoadMore';
import { Page } from '../../components/Page';
import { Tabs } from '../../components/Tabs';
import { TicketCell } from '../../components/TicketCell';
import { STATUS_FILTERS } from './status-filters';
import { usePagedTickets } from './usePagedTickets';
import './index.scss';

export default function AppealsPage() {
  const [filterKey, setFilterKey] = useState('all');
  const filter = STATUS_FILTERS.find((f) => f.key === filterKey) ?? STATUS_FILTERS[0]!;
  const list = usePagedTickets(filter.statuses);
  const shownOnce = useRef(false);

  // reload changes identity with the filter: (re)load the first page for each filter.
  const { reload } = list;
  useEffect(() => {
    void reload();
  }, [reload]);

  useDidShow(() => {
    // A tab page stays mounted: refresh when coming back (e.g. after filing an appeal).
    if (shownOnce.current) void list.reload();
    shownOnce.current = true;
  });

  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh());
  });

  useReachBottom(() => {
    void list.loadMore();
  });

  return (
    <Page title="我的诉求" className="appeals">
      <Tabs tabs={STATUS_FILTERS} current={filterKey} onChange={setFilterKey} block="appeals" />

      <View className="appeals__list">
        <AsyncView
          loading={list.loading}
          error={list.error ? { message: list.error } : null}
          onRetry={() => void list.reload()}
          empty={list.items.length === 0}
          emptyTitle={filterKey === 'all' ? '还没有诉求' : '没有该状态的诉求'}
          emptyText={filterKey === 'all' ? '您提交的诉求会显示在这里' : undefined}
          emptyAction={
            filterKey === 'all' ? (
              <Button className="btn btn--primary btn--medium" onClick={() => void Taro.navigateTo({ url: '/appeal/new/index?type=complaint' })}>
                我要反映问题
              </Button>
            ) : undefined
          }
        >
          <View className="cells">
            {list.items.map((t) => (
              <TicketCell key={t.id} ticket={t} />
            ))}
          </View>
        </AsyncView>
      </View>

      <LoadMore list={list} />
    </Page>
  );
}
