import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { TICKET_TYPE_LABELS } from '@jyg12345/shared';
import { AsyncView } from '../../components/AsyncView';
import { LoadMore } from '../../components/LoadMore';
import { Page } from '../../components/Page';
import { StatusTag } from '../../components/StatusTag';
import { Tabs } from '../../components/Tabs';
import { usePagedList } from '../../components/usePagedList';
import { excerpt } from '../../utils/format';
import { QUEUES, staffApi, type QueueKey } from '../lib/api';
import { DeadlineText } from '../lib/DeadlineText';
import { isSignedOut, staffSession, toStaffLogin } from '../lib/session';
import { useWorkCalendar } from '../lib/useWorkCalendar';
import './index.scss';

const EMPTY_TEXT: Record<QueueKey, string> = {
  dispatched: '没有待签收的工单',
  in_progress: '没有办理中的工单',
  due_soon: '没有即将到期的工单',
  overdue: '没有超期工单',
  return_requested: '没有退单中的工单',
};

/** 工作台: a unit's work queues, oldest deadline first, keyset paging. */
export default function StaffQueuePage() {
  const session = staffSession.get();
  const cal = useWorkCalendar();
  const [queue, setQueue] = useState<QueueKey>('dispatched');
  const shownOnce = useRef(false);

  useEffect(() => {
    if (!session) toStaffLogin();
    // Only on the first render: without a session the user logs in first.
  }, []);

  const fetchPage = useCallback((cursor: string | null) => staffApi.queue(queue, cursor), [queue]);
  const list = usePagedList(fetchPage, (e) => {
    if (!isSignedOut(e)) return false;
    toStaffLogin();
    return true;
  });
  const { reload } = list;

  useEffect(() => {
    if (staffSession.get()) void reload();
  }, [reload]);

  useDidShow(() => {
    // Back from a ticket: its queue may have changed.
    if (shownOnce.current && staffSession.get()) void reload();
    shownOnce.current = true;
  });

  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });

  useReachBottom(() => {
    void list.loadMore();
  });

  const logout = async () => {
    const { confirm } = await Taro.showModal({ title: '退出登录', content: '确定退出工作人员账号吗？', confirmText: '退出', cancelText: '取消' });
    if (!confirm) return;
    staffSession.clear();
    void Taro.switchTab({ url: '/pages/home/index' });
  };

  return (
    <Page title="工作台" className="staff-queue">
      <View className="staff-queue__user">
        <View className="staff-queue__name">{session?.user.displayName ?? ''}</View>
        <View>
          <Text className="link staff-queue__rates" onClick={() => void Taro.navigateTo({ url: '/staff/rates/index' })}>
            本单位考核
          </Text>
          <Text className="link staff-queue__topics" onClick={() => void Taro.navigateTo({ url: '/staff/topics/index' })}>
            每月一题
          </Text>
          <Text className="link staff-queue__logout" onClick={() => void logout()}>
            退出登录
          </Text>
        </View>
      </View>

      <Tabs tabs={QUEUES} current={queue} onChange={setQueue} block="staff-queue" />

      <View className="staff-queue__list">
        <AsyncView
          loading={list.loading}
          error={list.error ? { message: list.error } : null}
          onRetry={() => void reload()}
          empty={list.items.length === 0}
          emptyTitle={EMPTY_TEXT[queue]}
          emptyText="下拉可刷新"
        >
          <View className="cells">
            {list.items.map((t) => (
              <View
                key={t.id}
                className="cell cell--link cell--top staff-cell"
                data-ticket-id={t.id}
                onClick={() => void Taro.navigateTo({ url: `/staff/ticket/index?id=${encodeURIComponent(t.id)}` })}
              >
                <View className="cell__bd">
                  <View className="staff-cell__title">
                    {t.urgent ? <Text className="tag tag--red staff-cell__urgent">紧急</Text> : null}【{TICKET_TYPE_LABELS[t.type]}】
                    {excerpt(t.title ?? t.description, 36)}
                  </View>
                  <View className="cell__desc">
                    <Text className="nowrap">{t.number}</Text>
                    {t.urgeCount > 0 ? <Text className="nowrap staff-cell__urged"> · 催办 {t.urgeCount} 次</Text> : null}
                  </View>
                  <View className="staff-cell__deadline">
                    <DeadlineText ticket={t} cal={cal} now={list.loadedAt} />
                  </View>
                </View>
                <View className="cell__ft">
                  <StatusTag status={t.status} />
                </View>
              </View>
            ))}
          </View>
        </AsyncView>
      </View>

      <LoadMore list={list} />
    </Page>
  );
}
