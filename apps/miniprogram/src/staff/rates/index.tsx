import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { AsyncView } from '../../components/AsyncView';
import { errorMessage } from '../../components/ErrorText';
import { Page } from '../../components/Page';
import { Tabs } from '../../components/Tabs';
import { formatDateTime } from '../../utils/format';
import { ASSESSMENT_PERIODS, assessmentApi, type AssessmentPeriod, type BulletinSummary, chinaToday, figureLines, type MyRates, shiftDate } from '../lib/assessment';
import { FigureCells } from '../lib/FigureCells';
import { isSignedOut, staffSession, toStaffLogin } from '../lib/session';
import './index.scss';

const BULLETIN_KIND: Record<BulletinSummary['kind'], string> = { weekly: '周专报', xun: '旬通报', monthly: '月排名', yearly: '年考核' };

/** 本单位考核: the handler's own unit's three rates, score and rank for a period, and the published bulletins. */
export default function StaffRatesPage() {
  const session = staffSession.get();
  const [period, setPeriod] = useState<AssessmentPeriod>('xun');
  const [date, setDate] = useState(chinaToday);
  const [mine, setMine] = useState<MyRates | null>(null);
  const [bulletins, setBulletins] = useState<BulletinSummary[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);

  useEffect(() => {
    if (!session) toStaffLogin();
    // Only on the first render: without a session the user logs in first.
  }, []);

  const reload = useCallback(async () => {
    const gen = ++generation.current;
    setLoading(true);
    setError(null);
    try {
      const [m, b] = await Promise.all([assessmentApi.mine(period, date), assessmentApi.bulletins()]);
      if (gen !== generation.current) return;
      setMine(m);
      setBulletins(b);
    } catch (e) {
      if (isSignedOut(e)) toStaffLogin();
      else if (gen === generation.current) setError(errorMessage(e));
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  }, [period, date]);

  useEffect(() => {
    if (staffSession.get()) void reload();
  }, [reload]);

  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });

  const row = mine?.row ?? null;
  const today = chinaToday();
  return (
    <Page title="本单位考核" className="staff-rates">
      <Tabs
        tabs={ASSESSMENT_PERIODS}
        current={period}
        onChange={(key) => {
          setPeriod(key);
          setDate(today);
        }}
        block="staff-rates"
      />

      <View className="staff-rates__period">
        <Text className="link staff-rates__step" onClick={() => mine && setDate(shiftDate(mine.period.from, -1))}>
          ‹ 上一期
        </Text>
        <Text className="staff-rates__label">{mine?.period.label ?? ''}</Text>
        {mine && mine.period.to < today ? (
          <Text className="link staff-rates__step" onClick={() => setDate(shiftDate(mine.period.to, 1))}>
            下一期 ›
          </Text>
        ) : (
          <Text className="staff-rates__step staff-rates__step--off">下一期 ›</Text>
        )}
      </View>

      <AsyncView loading={loading && mine === null} error={error ? { message: error } : null} onRetry={() => void reload()}>
        {mine ? (
          <>
            <View className="staff-rates__score" data-testid="my-score">
              {row && row.score !== null ? (
                <>
                  <View className="staff-rates__big">
                    {row.score.toFixed(2)}
                    <Text className="staff-rates__unit"> 分</Text>
                  </View>
                  <View className="staff-rates__rank">
                    综合排名 第 {row.rank} 名 / 共 {mine.rankedUnits} 个单位
                  </View>
                </>
              ) : (
                <View className="staff-rates__rank">本期暂无考核数据，不参与排名</View>
              )}
              <View className="staff-rates__asof">统计截至 {formatDateTime(mine.asOf)}</View>
            </View>

            <View className="cells__title">三率</View>
            <View className="cells">
              <FigureCells figures={row ? figureLines(row) : []} className="staff-rates__figure" rateClassName="staff-rates__rate" />
              {row ? (
                <View className="cell">
                  <View className="cell__bd">未评价自动办结</View>
                  <View className="cell__ft">{row.unratedAutoClosed} 件</View>
                </View>
              ) : null}
            </View>
            <View className="cells__tips">计算口径以市12345热线中心发布的考核办法为准；发布后的通报数据不再变化。</View>

            <BulletinCells bulletins={bulletins} />
          </>
        ) : null}
      </AsyncView>
    </Page>
  );
}

/** 已发布的通报: a cell each, opening the bulletin. */
function BulletinCells({ bulletins }: { bulletins: readonly BulletinSummary[] }) {
  return (
    <>
      <View className="cells__title">已发布的通报</View>
      {bulletins.length === 0 ? (
        <View className="cells__tips">暂无已发布的通报</View>
      ) : (
        <View className="cells">
          {bulletins.map((b) => (
            <View
              key={b.id}
              className="cell cell--link staff-rates__bulletin"
              data-bulletin-id={b.id}
              onClick={() => void Taro.navigateTo({ url: `/staff/bulletin/index?id=${encodeURIComponent(b.id)}` })}
            >
              <View className="cell__bd">
                <View>{b.title}</View>
                <View className="cell__desc">
                  {BULLETIN_KIND[b.kind]} · {formatDateTime(b.publishedAt)} 发布
                </View>
              </View>
              <View className="cell__ft cell__arrow">{b.version > 1 ? <Text className="tag tag--orange">更正版</Text> : null}</View>
            </View>
          ))}
        </View>
      )}
    </>
  );
}
