import { useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { ErrorCode, TICKET_TYPE_LABELS, type CategoryView, type TicketEventView, type TicketView, type UnitView } from '@jyg12345/shared';
import { ErrorNotice, InfoCell, TextCell } from '../../components/FormCells';
import { errorMessage } from '../../components/ErrorText';
import { Page } from '../../components/Page';
import { StatusTag } from '../../components/StatusTag';
import { TicketPage } from '../../components/TicketPage';
import { useTicketDetail } from '../../components/useTicketDetail';
import { PhotoCell, photosByUsage } from '../../components/PhotoGrid';
import { native } from '../../native';
import { categoryName } from '../../services/categories';
import { ApiError } from '../../services/api-error';
import { formatDateTime, placeText } from '../../utils/format';
import { uuidv4 } from '../../utils/uuid';
import { HANDLER_ACTIONS, staffApi, unitsBelow, type HandlerAction } from '../lib/api';
import { deadlineOf, extendedDeadline } from '../lib/deadline';
import { DeadlineText } from '../lib/DeadlineText';
import { attachmentIdsOf, pickMore, uploadPicked } from '../lib/PickedPhotos';
import { isSignedOut, staffSession, toStaffLogin } from '../lib/session';
import { useWorkCalendar } from '../lib/useWorkCalendar';
import { ActionForm, newForm, validate, type FormErrors, type FormState } from './ActionForm';
import { eventLabel, HANDLER_ACTION_DONE, HANDLER_ACTION_TEXT } from './labels';
import './index.scss';

/** A refusal that means the ticket changed under us: reload and let the user look again. */
function isStale(error: unknown): boolean {
  return error instanceof ApiError && (error.code === ErrorCode.VERSION_CONFLICT || error.code === ErrorCode.INVALID_TRANSITION);
}

/** 工单详情 for unit staff: the appeal, its deadline in working time, its history, and the actions allowed now. */
export default function StaffTicketPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const session = staffSession.get();
  const cal = useWorkCalendar();
  const detail = useTicketDetail(id, {
    ticket: (ticketId) => staffApi.ticket(ticketId),
    events: (ticketId) => staffApi.events(ticketId).catch(() => [] as TicketEventView[]),
    onError: (e) => {
      if (isSignedOut(e)) toStaffLogin();
    },
  });
  const { ticket, setTicket, events, load } = detail;
  const [units, setUnits] = useState<UnitView[] | null>(null);
  const [categories, setCategories] = useState<CategoryView[] | null>(null);
  const [form, setForm] = useState<FormState | null>(null);
  const [formErrors, setFormErrors] = useState<FormErrors>({});
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const idempotencyKey = useRef(uuidv4());

  const signedIn = Boolean(session);
  useEffect(() => {
    if (signedIn) void load();
  }, [load, signedIn]);

  const unitName = (unitId: string | null | undefined) => (unitId ? (units?.find((u) => u.id === unitId)?.name ?? null) : null);

  useEffect(() => {
    // Unit names for the history and the pass-down choices.
    staffApi
      .units()
      .then(setUnits)
      .catch(() => setUnits([]));
    staffApi.categories().then(setCategories, () => setCategories([]));
  }, []);

  const conflict = async () => {
    await Taro.showModal({ title: '工单已更新', content: '该工单已被他人处理或状态已变化，已为您刷新为最新状态，请核对后再操作。', showCancel: false, confirmText: '知道了' });
    const fresh = await load();
    if (fresh && form && !fresh.actions.includes(form.action)) setForm(null);
  };

  const perform = async (action: HandlerAction, current: TicketView, body: Parameters<typeof staffApi.act>[3]) => {
    setBusy(true);
    setSubmitError(null);
    try {
      const updated = await staffApi.act(current.id, action, current.version, body as never, idempotencyKey.current);
      idempotencyKey.current = uuidv4();
      setTicket(updated);
      setForm(null);
      void Taro.showToast({ title: HANDLER_ACTION_DONE[action], icon: 'success' });
      void load();
      return true;
    } catch (e) {
      if (isSignedOut(e)) {
        toStaffLogin();
      } else if (isStale(e)) {
        idempotencyKey.current = uuidv4();
        await conflict();
      } else {
        // An unknown outcome keeps the key: the retry is answered with the first result.
        if (!(e instanceof ApiError && e.outcomeUnknown)) idempotencyKey.current = uuidv4();
        setSubmitError(errorMessage(e));
      }
      return false;
    } finally {
      setBusy(false);
    }
  };

  const sign = async (current: TicketView) => {
    // The reply deadline was set at dispatch; signing does not restart it.
    const due = current.replyDueAt ? `答复期限 ${formatDateTime(current.replyDueAt)}（派单时已确定，签收不会重新计时）。` : '';
    const { confirm } = await Taro.showModal({ title: '签收工单', content: `签收后由本单位办理。${due}确定签收吗？`, confirmText: '签收', cancelText: '取消' });
    if (confirm) await perform('sign', current, {});
  };

  const open = (action: HandlerAction, current: TicketView) => {
    if (action === 'sign') {
      void sign(current);
      return;
    }
    idempotencyKey.current = uuidv4();
    setForm(newForm(action, session?.user));
    setFormErrors({});
    setSubmitError(null);
  };

  const patch = (p: Partial<FormState>) => {
    setForm((f) => (f ? { ...f, ...p } : f));
    setFormErrors({});
    setSubmitError(null);
  };

  const addPhotos = async () => {
    if (!form) return;
    const picked = await pickMore(form.photos);
    if (picked.ok) patch({ photos: picked.photos });
    else setSubmitError(picked.message);
  };

  const submitForm = async () => {
    if (!form || !ticket || busy) return;
    const found = validate(form);
    setFormErrors(found);
    if (Object.keys(found).length > 0) return;
    if (form.action === 'reply') {
      setBusy(true);
      setSubmitError(null);
      const { photos, error } = await uploadPicked(form.photos);
      setForm((f) => (f ? { ...f, photos } : f));
      setBusy(false);
      if (error) {
        setSubmitError(error);
        return;
      }
      const attachmentIds = attachmentIdsOf(photos);
      await perform('reply', ticket, {
        content: form.content.trim(),
        handlerName: form.handlerName.trim(),
        handlerPhone: form.handlerPhone.trim(),
        ...(attachmentIds.length > 0 ? { attachmentIds } : {}),
      });
    } else if (form.action === 'pass_down') {
      await perform('pass_down', ticket, { unitId: form.unitId!, ...(form.note.trim() ? { note: form.note.trim() } : {}) });
    } else if (form.action === 'request_return') {
      await perform('request_return', ticket, { reason: form.reason.trim() });
    } else {
      await perform('request_extension', ticket, { reason: form.reason.trim(), days: Number(form.days) });
    }
  };

  if (!session) {
    return (
      <Page title="工单详情">
        <View className="state">
          <View className="state__title">请先登录</View>
          <Button className="btn btn--primary btn--medium" onClick={() => void Taro.redirectTo({ url: '/staff/login/index' })}>
            去登录
          </Button>
        </View>
      </Page>
    );
  }

  if (form && ticket) {
    return (
      <ActionForm
        ticket={ticket}
        form={form}
        errors={formErrors}
        units={units}
        subUnits={unitsBelow(units ?? [], session.user.unitId)}
        extended={form.action === 'request_extension' ? extendedDeadline(ticket, cal, Number(form.days)) : null}
        busy={busy}
        submitError={submitError}
        patch={patch}
        onAddPhotos={() => void addPhotos()}
        onCancel={() => setForm(null)}
        onSubmit={() => void submitForm()}
      />
    );
  }

  const actions = ticket ? HANDLER_ACTIONS.filter((a) => ticket.actions.includes(a)) : [];
  const primary = actions.find((a) => a === 'sign' || a === 'reply');
  const secondary = actions.filter((a) => a !== primary);
  const deadline = ticket ? deadlineOf(ticket, cal) : null;
  const photos = photosByUsage(ticket?.photos ?? []);
  const category = ticket?.categoryId ? categoryName(categories?.find((c) => c.id === ticket.categoryId)) : null;
  const area = ticket ? [unitName(ticket.streetId), unitName(ticket.communityId)].filter(Boolean).join(' ') : '';

  return (
    <TicketPage
      title="工单详情"
      withFooter={Boolean(primary)}
      className="staff-ticket"
      detail={detail}
      onHome={() => void Taro.redirectTo({ url: '/staff/queue/index' })}
      homeText="返回工作台"
    >
      {(ticket) => (
        <>
          <View className="staff-ticket__head">
            <View className="staff-ticket__tags">
              <StatusTag status={ticket.status} />
              {ticket.urgent ? <Text className="tag tag--red">紧急</Text> : null}
              {ticket.urgeCount > 0 ? <Text className="tag tag--orange">催办 {ticket.urgeCount} 次</Text> : null}
            </View>
            <View className="staff-ticket__number">工单编号 {ticket.number}</View>
            {deadline ? (
              <View className="staff-ticket__deadline">
                <DeadlineText ticket={ticket} cal={cal} />
                <View className="staff-ticket__due">
                  {deadline.kind === 'sign' ? '签收期限' : '答复期限'} {formatDateTime(deadline.due.toISOString())}
                </View>
              </View>
            ) : null}
            {ticket.pendingExtensionDays ? (
              <View className="staff-ticket__pending">延期申请审核中（{ticket.pendingExtensionDays} 个工作日）</View>
            ) : null}
          </View>

          {ticket.reply ? (
            <>
              <View className="cells__title">答复</View>
              <View className="cells">
                <TextCell className="staff-ticket__text">{ticket.reply.content}</TextCell>
                <InfoCell label="承办人">
                  {ticket.reply.handlerName ?? ''} {ticket.reply.handlerPhone ?? ''}
                </InfoCell>
                <PhotoCell photos={photos.reply} label="答复照片" className="staff-ticket__photos staff-ticket__photos--reply" />
              </View>
            </>
          ) : null}

          <View className="cells__title">诉求内容</View>
          <View className="cells">
            <InfoCell label="类型">{TICKET_TYPE_LABELS[ticket.type]}</InfoCell>
            <InfoCell label="分类" className="staff-ticket__category">{category ?? (ticket.categoryId ? '…' : '未分类')}</InfoCell>
            <InfoCell label="提交时间">{formatDateTime(ticket.createdAt)}</InfoCell>
            <TextCell className="staff-ticket__text">{ticket.description}</TextCell>
            <PhotoCell photos={photos.own} label="市民照片" className="staff-ticket__photos staff-ticket__photos--resident" />
            <PhotoCell photos={photos.supplement} label="补充照片" className="staff-ticket__photos staff-ticket__photos--supplement" />
            {ticket.location ? (
              <View className="cell cell--top staff-ticket__place">
                <View className="cell__hd">位置</View>
                <View className="cell__bd">
                  <View>{placeText(ticket.location)}</View>
                  {area || ticket.outsideArea ? (
                    <View className="cell__desc staff-ticket__area">{ticket.outsideArea ? '不在本市服务范围内' : `属 ${area}`}</View>
                  ) : null}
                </View>
              </View>
            ) : null}
            {ticket.location && native.canChooseLocation() ? (
              <View
                className="cell cell--link staff-ticket__map"
                role="button"
                onClick={() =>
                  void native.openLocation({ lat: ticket.location!.lat, lng: ticket.location!.lng, name: '诉求位置', address: ticket.location!.address ?? undefined })
                }
              >
                <View className="cell__bd link">在地图上查看位置</View>
                <View className="cell__ft cell__arrow" />
              </View>
            ) : null}
            <View className="cell">
              <View className="cell__hd">联系人</View>
              <View className="cell__bd">
                {ticket.contact.name ?? '未留姓名'}
                {ticket.contact.phone ? ` ${ticket.contact.phone}` : ''}
              </View>
              {ticket.confidential ? <View className="cell__ft">市民要求保密</View> : null}
            </View>
            {ticket.contact.phone && !ticket.confidential ? (
              <View className="cell cell--link" role="button" onClick={() => void native.makePhoneCall(ticket.contact.phone!)}>
                <View className="cell__bd link">联系市民</View>
                <View className="cell__ft cell__arrow" />
              </View>
            ) : null}
          </View>

          {secondary.length > 0 ? (
            <>
              <View className="cells__title">其他操作</View>
              <View className="cells">
                {secondary.map((a) => (
                  <View key={a} className="cell cell--link staff-ticket__action" data-action={a} role="button" onClick={() => open(a, ticket)}>
                    <View className={`cell__bd ${a === 'request_return' ? 'staff-ticket__warn' : ''}`}>{HANDLER_ACTION_TEXT[a]}</View>
                    <View className="cell__ft cell__arrow" />
                  </View>
                ))}
              </View>
            </>
          ) : null}

          {events && events.length > 0 ? (
            <>
              <View className="cells__title">办理记录</View>
              <View className="cells staff-ticket__events">
                {[...(events ?? [])].reverse().map((e) => (
                  <View key={e.id} className="cell cell--top">
                    <View className="cell__bd">
                      <View>
                        {eventLabel(e)}
                        {unitName(e.unitId) ? <Text className="staff-ticket__unit"> · {unitName(e.unitId)}</Text> : null}
                      </View>
                      {e.note ? <View className="cell__desc staff-ticket__text">{e.note}</View> : null}
                    </View>
                    <View className="cell__ft">{formatDateTime(e.createdAt)}</View>
                  </View>
                ))}
              </View>
            </>
          ) : null}

          <ErrorNotice error={submitError} />

          {primary ? (
            <View className="footer-bar staff-actions">
              <Button
                className={`btn btn--primary staff-actions__btn staff-ticket__primary ${busy ? 'btn--disabled' : ''}`}
                data-action={primary}
                disabled={busy || undefined}
                onClick={() => open(primary, ticket)}
              >
                {busy ? '正在提交…' : HANDLER_ACTION_TEXT[primary]}
              </Button>
            </View>
          ) : null}
        </>
      )}
    </TicketPage>
  );
}
