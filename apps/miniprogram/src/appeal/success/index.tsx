import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, View } from '@tarojs/components';
import { Page } from '../../components/Page';
import { categoriesService } from '../../services/categories';
import { ticketsService } from '../../services/tickets';
import { unitsService } from '../../services/units';
import { CommitmentCells } from '../commitments/CommitmentCells';
import { commitmentsOf, type Commitments } from '../commitments/commitments';
import { SUBSCRIBE_TEMPLATE_IDS } from '../../config/subscribe';
import { native } from '../../native';
import './index.scss';

type SubscribeState = 'idle' | 'accepted' | 'declined';

export default function AppealSuccessPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const number = params.number ? decodeURIComponent(params.number) : '';
  const [subscribe, setSubscribe] = useState<SubscribeState>('idle');
  const [promise, setPromise] = useState<Commitments | null>(null);

  useEffect(() => {
    if (!id) return;
    // The promise is extra: without it the page still confirms the filing and its number.
    void Promise.all([ticketsService.get(id), categoriesService.list().catch(() => null), unitsService.list().catch(() => null)])
      .then(([ticket, categories, units]) => setPromise(commitmentsOf(ticket, categories, units)))
      .catch(() => setPromise(null));
  }, [id]);

  // Only from a tap, as WeChat requires.
  const askForNotices = async () => {
    const result = await native.requestSubscribe(SUBSCRIBE_TEMPLATE_IDS);
    setSubscribe(result.ok && result.value.length > 0 ? 'accepted' : 'declined');
  };

  return (
    <Page title="提交成功" className="msg">
      <View className="msg__icon" aria-hidden="true">
        ✓
      </View>
      <View className="msg__title">提交成功</View>
      <View className="msg__desc">
        您的诉求已提交，12345 热线中心受理后将派给承办单位办理。
        {number ? (
          <View className="msg__number">
            诉求编号：<View className="msg__number-value">{number}</View>
          </View>
        ) : null}
        可在“我的诉求”中查看办理进度。
      </View>

      {promise ? (
        <View className="msg__promise">
          <CommitmentCells value={promise} />
        </View>
      ) : null}

      <View className="btn-area msg__actions">
        {process.env.TARO_ENV === 'weapp' && SUBSCRIBE_TEMPLATE_IDS.length > 0 ? (
          subscribe === 'idle' ? (
            <Button className="btn btn--primary" onClick={() => void askForNotices()}>
              接收办理进度通知
            </Button>
          ) : (
            <View className="msg__subscribed">{subscribe === 'accepted' ? '已开启办理进度通知' : '未开启通知，可在“我的诉求”中查看进度'}</View>
          )
        ) : null}
        {id ? (
          <Button
            className={`btn ${process.env.TARO_ENV === 'weapp' && SUBSCRIBE_TEMPLATE_IDS.length > 0 ? '' : 'btn--primary'}`}
            onClick={() => void Taro.redirectTo({ url: `/appeal/detail/index?id=${encodeURIComponent(id)}` })}
          >
            查看诉求详情
          </Button>
        ) : null}
        <Button className="btn" onClick={() => void Taro.switchTab({ url: '/pages/home/index' })}>
          返回首页
        </Button>
      </View>
    </Page>
  );
}
