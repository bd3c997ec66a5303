import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { TICKET_TYPE_LABELS, type TicketView } from '@jyg12345/shared';
import { AsyncView } from '../../components/AsyncView';
import { errorMessage } from '../../components/ErrorText';
import { Page } from '../../components/Page';
import { StatusTag } from '../../components/StatusTag';
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
  const [items, setItems] = useState<TicketView[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [moreError, setMoreError] = useState<string | null>(null);
  const [now, setNow] = useState(() => new Date());
  const generation = useRef(0);
  const shownOnce = useRef(false);

  useEffect(() => {
    if (!session) toStaffLogin();
    // Only on the first render: without a session the user logs in first.
  }, []);

  const reload = useCallback(async () => {
    const gen = ++generation.current;
    setLoading(true);
    setError(null);
    setMoreError(null);
    try {
      const page = await staffApi.queue(queue, null);
      if (gen !== generation.current) return;
      setItems(page.items);
      setCursor(page.nextCursor);
      setNow(new Date());
    } catch (e) {
      if (isSignedOut(e)) toStaffLogin();
      else if (gen === generation.current) setError(errorMessage(e));
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  }, [queue]);

  const loadMore = useCallback(async () => {
    if (!cursor || loading || loadingMore) return;
    const gen = generation.current;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await staffApi.queue(queue, cursor);
      if (gen !== generation.current) return;
      setItems((prev) => {
        const seen = new Set(prev.map((t) => t.id));
        return [...prev, ...page.items.filter((t) => !seen.has(t.id))];
      });
      setCursor(page.nextCursor);
    } catch (e) {
      if (isSignedOut(e)) toStaffLogin();
      else if (gen === generation.current) setMoreError(errorMessage(e));
    } finally {
      setLoadingMore(false);
    }
  }, [cursor, loading, loadingMore, queue]);

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
    void loadMore();
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

      <View className="staff-queue__tabs" role="tablist">
        {QUEUES.map((q) => (
          <View
            key={q.key}
            role="tab"
            aria-selected={q.key === queue}
            className={`staff-queue__tab ${q.key === queue ? 'staff-queue__tab--on' : ''}`}
            data-queue={q.key}
            onClick={() => setQueue(q.key)}
          >
            {q.label}
          </View>
        ))}
      </View>

      <View className="staff-queue__list">
        <AsyncView
          loading={loading}
          error={error ? { message: error } : null}
          onRetry={() => void reload()}
          empty={items.length === 0}
          emptyTitle={EMPTY_TEXT[queue]}
          emptyText="下拉可刷新"
        >
          <View className="cells">
            {items.map((t) => (
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
                    <DeadlineText ticket={t} cal={cal} now={now} />
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

      {!loading && !error && items.length > 0 ? (
        <View className="loadmore">
          {loadingMore ? (
            '正在加载…'
          ) : moreError ? (
            <Text className="link" onClick={() => void loadMore()}>
              {moreError}，点击重试
            </Text>
          ) : cursor ? (
            <Text className="link" onClick={() => void loadMore()}>
              加载更多
            </Text>
          ) : (
            '没有更多了'
          )}
        </View>
      ) : null}
    </Page>
  );
}
