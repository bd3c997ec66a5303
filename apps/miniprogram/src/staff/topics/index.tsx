import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { AsyncView } from '../../components/AsyncView';
import { errorMessage } from '../../components/ErrorText';
import { Page } from '../../components/Page';
import { excerpt } from '../../utils/format';
import { isSignedOut, staffSession, toStaffLogin } from '../lib/session';
import { type Topic, TOPIC_STATUS_TEXT, topicsApi } from '../lib/topics';
import './index.scss';

/** 每月一题: the monthly topics the handler's unit leads or cooperates on, newest month first. */
export default function StaffTopicsPage() {
  const [topics, setTopics] = useState<Topic[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      setTopics(await topicsApi.list());
    } catch (e) {
      if (isSignedOut(e)) toStaffLogin();
      else setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    if (staffSession.get()) void load();
    else toStaffLogin();
  }, [load]);
  useDidShow(() => {
    // back from a topic after reporting: its status may have moved
    if (!loading && staffSession.get()) void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  return (
    <Page title="每月一题" className="staff-topics">
      <AsyncView
        loading={loading}
        error={error ? { message: error } : null}
        onRetry={() => {
          setLoading(true);
          void load();
        }}
        onHome={() => void Taro.redirectTo({ url: '/staff/queue/index' })}
        homeText="返回工作台"
        empty={topics.length === 0}
        emptyTitle="本单位暂无参与的专题"
        emptyText="中心交题后会在这里显示，下拉可刷新"
      >
        <View className="cells">
          {topics.map((t) => {
            const mine = t.leadUnitId === staffSession.get()?.user.unitId;
            return (
              <View
                key={t.id}
                className="cell cell--link cell--top staff-topic-cell"
                data-topic-id={t.id}
                onClick={() => void Taro.navigateTo({ url: `/staff/topic/index?id=${encodeURIComponent(t.id)}` })}
              >
                <View className="cell__bd">
                  <View className="staff-topic-cell__title">
                    {t.title}
                    <Text className={`tag ${mine ? 'tag--brand' : 'tag--grey'} staff-topic-cell__role`}>{mine ? '牵头' : '配合'}</Text>
                  </View>
                  <View className="cell__desc">{excerpt(t.problem, 40)}</View>
                  <View className="cell__desc">
                    {t.month} · 期限 {t.deadline ?? '—'} · 关联诉求 {t.taggedTickets} 件
                  </View>
                </View>
                <View className="cell__ft">
                  <Text className={`tag ${t.status === 'evaluated' ? 'tag--grey' : 'tag--orange'}`}>{TOPIC_STATUS_TEXT[t.status]}</Text>
                </View>
              </View>
            );
          })}
        </View>
      </AsyncView>
    </Page>
  );
}
