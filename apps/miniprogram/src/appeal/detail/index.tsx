import { useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button, View } from '@tarojs/components';
import { ErrorCode, SATISFACTION_LABELS, TICKET_TYPE_LABELS, type CategoryView, type TicketView, type UnitView } from '@jyg12345/shared';
import { errorMessage } from '../../components/ErrorText';
import { InfoCell, TextCell } from '../../components/FormCells';
import { StatusTag } from '../../components/StatusTag';
import { TicketPage } from '../../components/TicketPage';
import { useTicketDetail } from '../../components/useTicketDetail';
import { native } from '../../native';
import { ApiError } from '../../services/api-error';
import { PhotoCell, photosByUsage } from '../../components/PhotoGrid';
import { RESIDENT_ACTIONS, ticketsService, type ResidentAction } from '../../services/tickets';
import { formatDateTime, placeText } from '../../utils/format';
import { uuidv4 } from '../../utils/uuid';
import { categoriesService } from '../../services/categories';
import { unitsService } from '../../services/units';
import { CommitmentCells } from '../commitments/CommitmentCells';
import { commitmentsOf } from '../commitments/commitments';
import { timelineOf } from './timeline';
import './index.scss';

function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : phone;
}

const ACTION_TEXT: Record<ResidentAction, string> = { supplement: '补充材料', rate: '评价', withdraw: '撤回诉求' };

export default function AppealDetailPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const [eventsError, setEventsError] = useState<string | null>(null);
  const detail = useTicketDetail(id, {
    ticket: (ticketId) => ticketsService.get(ticketId),
    // The timeline is secondary: its failure must not hide the appeal itself.
    events: (ticketId) => {
      setEventsError(null);
      return ticketsService.events(ticketId).catch((e: unknown) => {
        setEventsError(errorMessage(e));
        return null;
      });
    },
  });
  const { ticket, setTicket, events, load } = detail;
  const [busy, setBusy] = useState(false);
  const shownOnce = useRef(false);
  const [categories, setCategories] = useState<CategoryView[] | null>(null);
  const [units, setUnits] = useState<UnitView[] | null>(null);

  useEffect(() => {
    // Names for the promise and the timeline; without them the page still shows everything else.
    categoriesService.list().then(setCategories, () => setCategories(null));
    unitsService.list().then(setUnits, () => setUnits(null));
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  useDidShow(() => {
    // Back from 补充材料 / 评价: show the new state.
    if (shownOnce.current) void load();
    shownOnce.current = true;
  });

  const withdraw = async (current: TicketView) => {
    const { confirm } = await Taro.showModal({
      title: '撤回诉求',
      content: '撤回后该诉求将不再办理，确定撤回吗？',
      confirmText: '撤回',
      confirmColor: '#FA5151',
      cancelText: '再想想',
    });
    if (!confirm) return;
    setBusy(true);
    try {
      setTicket(await ticketsService.act(current.id, 'withdraw', { version: current.version }, uuidv4()));
      void Taro.showToast({ title: '已撤回', icon: 'success' });
      void load();
    } catch (e) {
      const conflict = e instanceof ApiError && (e.code === ErrorCode.VERSION_CONFLICT || e.code === ErrorCode.INVALID_TRANSITION);
      void Taro.showModal({ title: '未能撤回', content: conflict ? '诉求状态已更新，请查看最新进度' : errorMessage(e), showCancel: false });
      if (conflict) void load();
    } finally {
      setBusy(false);
    }
  };

  const run = (action: ResidentAction, current: TicketView) => {
    if (action === 'withdraw') {
      void withdraw(current);
      return;
    }
    void Taro.navigateTo({ url: `/appeal/${action}/index?id=${encodeURIComponent(current.id)}&version=${current.version}` });
  };

  const unitName = (unitId: string | null) => (unitId ? (units?.find((u) => u.id === unitId)?.name ?? null) : null);
  const steps = ticket ? timelineOf(ticket, events ?? null, unitName) : [];
  const photos = photosByUsage(ticket?.photos ?? []);
  const actions = ticket ? RESIDENT_ACTIONS.filter((a) => ticket.actions.includes(a)) : [];

  return (
    <TicketPage title="诉求详情" withFooter={actions.length > 0} className="detail" detail={detail}>
      {(ticket) => (
        <>
          <View className="detail__head">
            <View className="detail__status">
              <StatusTag status={ticket.status} />
            </View>
            <View className="detail__number">诉求编号 {ticket.number}</View>
          </View>

          <CommitmentCells value={commitmentsOf(ticket, categories, units)} />

          {ticket.reply ? (
            <>
              <View className="cells__title">办理答复</View>
              <View className="cells detail__reply">
                <TextCell className="detail__reply-text">{ticket.reply.content}</TextCell>
                {ticket.reply.handlerName || ticket.reply.handlerPhone ? (
                  <View className="cell">
                    <View className="cell__hd">承办人</View>
                    <View className="cell__bd">{ticket.reply.handlerName ?? ''}</View>
                    {ticket.reply.handlerPhone ? (
                      <Button className="btn btn--mini detail__call" onClick={() => void native.makePhoneCall(ticket.reply!.handlerPhone!)}>
                        拨打电话
                      </Button>
                    ) : null}
                  </View>
                ) : null}
                <InfoCell label="答复时间">{formatDateTime(ticket.reply.at)}</InfoCell>
                <PhotoCell photos={photos.reply} label="答复照片" className="detail__photos detail__photos--reply" />
              </View>
            </>
          ) : null}

          {ticket.rating ? (
            <View className="cells detail__rating">
              <View className="cell">
                <View className="cell__hd">我的评价</View>
                <View className="cell__bd">
                  {SATISFACTION_LABELS[ticket.rating.satisfaction]} · {ticket.rating.resolved ? '问题已解决' : '问题未解决'}
                  {ticket.rating.comment ? <View className="cell__desc">{ticket.rating.comment}</View> : null}
                </View>
              </View>
            </View>
          ) : null}

          {ticket.rejectReason ? (
            <View className="notice detail__reject">不予受理原因：{ticket.rejectReason}</View>
          ) : null}

          <View className="cells__title">诉求信息</View>
          <View className="cells">
            <InfoCell label="诉求类型">{TICKET_TYPE_LABELS[ticket.type]}</InfoCell>
            <InfoCell label="提交时间">{formatDateTime(ticket.createdAt)}</InfoCell>
            <InfoCell label="诉求内容" className="detail__description" top>
              {ticket.description}
            </InfoCell>
            <PhotoCell photos={photos.own} label="我的照片" className="detail__photos detail__photos--own" />
            <PhotoCell photos={photos.supplement} label="补充照片" className="detail__photos detail__photos--supplement" />
            {ticket.location ? (
              <InfoCell label="发生位置" top>
                {placeText(ticket.location)}
              </InfoCell>
            ) : null}
            {ticket.contact.phone ? (
              <View className="cell">
                <View className="cell__hd">联系电话</View>
                <View className="cell__bd">{maskPhone(ticket.contact.phone)}</View>
                <View className="cell__ft">{ticket.confidential ? '对办理单位保密' : '严格保密'}</View>
              </View>
            ) : null}
          </View>

          <View className="cells__title">办理进度</View>
          <View className="cells detail__steps">
            {steps.map((step, index) => (
              <View key={step.key} className={`step ${index === 0 ? 'step--current' : ''}`}>
                <View className="step__dot" />
                <View className="step__title">{step.title}</View>
                <View className="step__time">{formatDateTime(step.time)}</View>
                {step.detail ? <View className="step__detail">{step.detail}</View> : null}
                {step.note ? <View className="step__note">{step.note}</View> : null}
              </View>
            ))}
          </View>
          {eventsError ? <View className="cells__tips">办理记录暂时无法加载：{eventsError}</View> : null}
          <View className="detail__hotline">如有疑问，请拨打 12345 热线咨询</View>

          {actions.length > 0 ? (
            <View className="footer-bar detail__actions">
              {actions.map((action) => (
                <Button
                  key={action}
                  className={`btn detail__action ${action === 'rate' ? 'btn--primary' : ''} ${action === 'withdraw' ? 'btn--warn' : ''} ${busy ? 'btn--disabled' : ''}`}
                  disabled={busy || undefined}
                  onClick={() => run(action, ticket)}
                >
                  {ACTION_TEXT[action]}
                </Button>
              ))}
            </View>
          ) : null}
        </>
      )}
    </TicketPage>
  );
}
