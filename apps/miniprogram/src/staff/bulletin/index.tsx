import { useEffect, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { AsyncView } from '../../components/AsyncView';
import { errorMessage } from '../../components/ErrorText';
import { Page } from '../../components/Page';
import { formatDateTime } from '../../utils/format';
import { assessmentApi, type Bulletin, figureLines } from '../lib/assessment';
import { FigureCells } from '../lib/FigureCells';
import { isSignedOut, staffSession, toStaffLogin } from '../lib/session';
import './index.scss';

/** A published bulletin: its frozen figures for the handler's own unit, and the ranking of every unit. */
export default function StaffBulletinPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const session = staffSession.get();
  const [bulletin, setBulletin] = useState<Bulletin | null>(null);
  const [error, setError] = useState<{ message: string; notFound?: boolean } | null>(null);

  const load = async () => {
    setError(null);
    try {
      setBulletin(await assessmentApi.bulletin(id));
    } catch (e) {
      if (isSignedOut(e)) toStaffLogin();
      else setError({ message: errorMessage(e) });
    }
  };

  useEffect(() => {
    if (!session) toStaffLogin();
    else void load();
  }, [id]);

  const mine = bulletin?.figures.units.find((r) => r.key === session?.user.unitId) ?? null;
  const ranked = (bulletin?.figures.units ?? []).filter((r) => r.rank !== null);
  return (
    <Page title="考核通报" className="staff-bulletin">
      <AsyncView loading={bulletin === null && error === null} error={error} onRetry={() => void load()}>
        {bulletin ? (
          <>
            <View className="staff-bulletin__head">
              <View className="staff-bulletin__title">{bulletin.title}</View>
              <View className="cell__desc">
                统计期 {bulletin.periodStart} 至 {bulletin.periodEnd} · {formatDateTime(bulletin.publishedAt)} 发布
              </View>
              {bulletin.reason ? <View className="cell__desc">更正原因：{bulletin.reason}</View> : null}
            </View>

            <View className="cells__title">本单位</View>
            <View className="cells" data-testid="bulletin-mine">
              <View className="cell">
                <View className="cell__bd">{mine?.name ?? '本单位'}</View>
                <View className="cell__ft">
                  {mine && mine.rank !== null ? (
                    <Text>
                      {mine.score?.toFixed(2)} 分 · 第 {mine.rank} 名 / 共 {ranked.length} 个
                    </Text>
                  ) : (
                    '本期无考核数据'
                  )}
                </View>
              </View>
              {mine ? <FigureCells figures={figureLines(mine)} rateClassName="staff-bulletin__rate" /> : null}
            </View>

            <View className="cells__title">排名</View>
            <View className="cells" data-testid="bulletin-ranking">
              {ranked.map((r) => (
                <View key={r.key ?? r.name} className={`cell ${r.key === mine?.key ? 'staff-bulletin__me' : ''}`}>
                  <View className="cell__hd staff-bulletin__rank">第 {r.rank} 名</View>
                  <View className="cell__bd">
                    {r.name}
                    {r.key === mine?.key ? <Text className="tag tag--brand staff-bulletin__tag">本单位</Text> : null}
                  </View>
                  <View className="cell__ft">{r.score?.toFixed(2)} 分</View>
                </View>
              ))}
            </View>
          </>
        ) : null}
      </AsyncView>
    </Page>
  );
}
