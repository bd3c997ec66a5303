import { useCallback, useEffect, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Switch, Text, View } from '@tarojs/components';
import type { TicketType, TicketView } from '@jyg12345/shared';
import { AsyncView } from '../../components/AsyncView';
import { errorMessage } from '../../components/ErrorText';
import { BRAND, CARE_BRAND, Page } from '../../components/Page';
import { TicketCell } from '../../components/TicketCell';
import { useCareMode } from '../../components/useCareMode';
import { native } from '../../native';
import { ticketsService } from '../../services/tickets';
import { prefs } from '../../stores/prefs';
import './index.scss';

const HOTLINE = '12345';

const ENTRIES: { type: TicketType; label: string; hint: string; glyph: string }[] = [
  { type: 'complaint', label: '我要投诉', hint: '反映问题', glyph: '诉' },
  { type: 'consultation', label: '我要咨询', hint: '政策办事', glyph: '询' },
  { type: 'suggestion', label: '我要建议', hint: '建言献策', glyph: '议' },
  { type: 'help', label: '我要求助', hint: '遇到困难', glyph: '助' },
];

export default function HomePage() {
  const care = useCareMode();
  const [recent, setRecent] = useState<TicketView[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [noticeOpen, setNoticeOpen] = useState(() => !prefs.privacyNoticeAcknowledged());

  const loadRecent = useCallback(async () => {
    setError(null);
    try {
      const page = await ticketsService.list({ limit: 3 });
      setRecent(page.items);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void loadRecent();
  }, [loadRecent]);

  Taro.useDidShow(() => {
    // Back from filing an appeal: show it at once.
    if (!loading) void loadRecent();
  });

  usePullDownRefresh(() => {
    void loadRecent().finally(() => Taro.stopPullDownRefresh());
  });

  const file = (type: TicketType) => {
    void Taro.navigateTo({ url: `/appeal/new/index?type=${type}` });
  };

  const call = () => {
    void native.makePhoneCall(HOTLINE);
  };

  return (
    <Page title="嘉峪关12345" className="home">
      <View className="home__banner">
        <View className="home__title">嘉峪关 12345 接诉即办</View>
        <View className="home__subtitle">有事找 12345，件件有回音</View>
      </View>

      {noticeOpen ? (
        <View className="notice home__privacy" role="note">
          <View>
            个人信息保护提示：您提交的联系方式仅用于办理和回访，严格保密；位置和照片仅在您主动选择时获取。
          </View>
          <View className="home__privacy-actions">
            <Text
              className="link home__privacy-ok"
              onClick={() => {
                prefs.acknowledgePrivacyNotice();
                setNoticeOpen(false);
              }}
            >
              我知道了
            </Text>
          </View>
        </View>
      ) : null}

      <View className="home__entries">
        {ENTRIES.map((entry) => (
          <View key={entry.type} className={`home__entry home__entry--${entry.type}`} onClick={() => file(entry.type)} role="button">
            <View className="home__entry-glyph">{entry.glyph}</View>
            <View className="home__entry-label">{entry.label}</View>
            <View className="home__entry-hint">{entry.hint}</View>
          </View>
        ))}
      </View>

      <View className="cells__title">服务</View>
      <View className="cells">
        <View className="cell cell--link" onClick={call} role="button">
          <View className="cell__bd">拨打 12345 热线</View>
          <View className="cell__ft cell__arrow">24 小时</View>
        </View>
        <View className="cell">
          <View className="cell__bd">
            <View>长辈版</View>
            <View className="cell__desc">字更大、按钮更大</View>
          </View>
          <Switch
            className="home__care-switch"
            checked={care}
            color={care ? CARE_BRAND : BRAND}
            onChange={(e) => prefs.setCareMode(Boolean(e.detail.value))}
            aria-label="长辈版"
          />
        </View>
      </View>

      <View className="cells__title home__recent-title">
        <Text>最近诉求</Text>
        <Text className="link home__more" onClick={() => void Taro.switchTab({ url: '/pages/appeals/index' })}>
          全部
        </Text>
      </View>
      <View className="home__recent">
        <AsyncView
          loading={loading}
          error={error ? { message: error } : null}
          onRetry={() => {
            setLoading(true);
            void loadRecent();
          }}
          empty={recent.length === 0}
          emptyTitle="还没有诉求"
          emptyText="遇到问题，点上方入口即可反映"
        >
          <View className="cells">
            {recent.map((t) => (
              <TicketCell key={t.id} ticket={t} />
            ))}
          </View>
        </AsyncView>
      </View>

      <View className="notice notice--emergency home__emergency">紧急情况请拨打 110 / 119 / 120</View>
      <View className="home__footer">
        <View>嘉峪关市 12345 政务服务便民热线</View>
        <Text className="home__staff" onClick={() => void Taro.navigateTo({ url: '/staff/login/index' })}>
          工作人员入口
        </Text>
      </View>
    </Page>
  );
}
