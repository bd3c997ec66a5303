import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Button, Image, Input, Text, Textarea, View } from '@tarojs/components';
import { ErrorCode, LIMITS, PHONE_PATTERN, TICKET_TYPE_LABELS, type CategoryView, type TicketEventView, type TicketView, type UnitView, type UserView } from '@jyg12345/shared';
import { AsyncView } from '../../components/AsyncView';
import { errorMessage } from '../../components/ErrorText';
import { Page } from '../../components/Page';
import { StatusTag } from '../../components/StatusTag';
import { PhotoGrid } from '../../components/PhotoGrid';
import { native } from '../../native';
import { categoryName } from '../../services/categories';
import { ApiError } from '../../services/api-error';
import { formatDateTime } from '../../utils/format';
import { uuidv4 } from '../../utils/uuid';
import { HANDLER_ACTIONS, staffApi, unitsBelow, type HandlerAction } from '../lib/api';
import { deadlineOf, extendedDeadline } from '../lib/deadline';
import { DeadlineText } from '../lib/DeadlineText';
import { isSignedOut, staffSession, toStaffLogin } from '../lib/session';
import { useWorkCalendar } from '../lib/useWorkCalendar';
import { describeUploadError, pickFailureMessage } from '../../services/photo-errors';
import { eventLabel, HANDLER_ACTION_DONE, HANDLER_ACTION_TEXT } from './labels';
import './index.scss';


type FormAction = Exclude<HandlerAction, 'sign'>;

interface Photo {
  path: string;
  /** Set once uploaded, so a retried submit does not upload it again. */
  attachmentId?: string;
}

interface FormState {
  action: FormAction;
  content: string;
  handlerName: string;
  handlerPhone: string;
  photos: Photo[];
  reason: string;
  days: string;
  unitId: string | null;
  note: string;
}

function newForm(action: FormAction, user: UserView | undefined): FormState {
  return { action, content: '', handlerName: user?.displayName ?? '', handlerPhone: '', photos: [], reason: '', days: '5', unitId: null, note: '' };
}

type FormErrors = Partial<Record<'content' | 'handlerName' | 'handlerPhone' | 'reason' | 'days' | 'unitId', string>>;

function validate(form: FormState): FormErrors {
  const e: FormErrors = {};
  if (form.action === 'reply') {
    if (!form.content.trim()) e.content = '请填写答复内容';
    if (!form.handlerName.trim()) e.handlerName = '请填写承办人姓名';
    if (!PHONE_PATTERN.test(form.handlerPhone.trim())) e.handlerPhone = '请填写正确的手机号或固定电话';
  }
  if (form.action === 'request_return' || form.action === 'request_extension') {
    if (!form.reason.trim()) e.reason = form.action === 'request_return' ? '请填写退单理由' : '请填写延期理由';
  }
  if (form.action === 'request_extension') {
    const days = Number(form.days);
    if (!Number.isInteger(days) || days < 1 || days > 30) e.days = '延期天数为 1–30 个工作日';
  }
  if (form.action === 'pass_down' && !form.unitId) e.unitId = '请选择下派单位';
  return e;
}

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
  const [ticket, setTicket] = useState<TicketView | null>(null);
  const [events, setEvents] = useState<TicketEventView[]>([]);
  const [units, setUnits] = useState<UnitView[] | null>(null);
  const [categories, setCategories] = useState<CategoryView[] | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<{ message: string; notFound: boolean } | null>(null);
  const [form, setForm] = useState<FormState | null>(null);
  const [formErrors, setFormErrors] = useState<FormErrors>({});
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const idempotencyKey = useRef(uuidv4());

  const load = useCallback(async () => {
    setError(null);
    try {
      const [t, ev] = await Promise.all([staffApi.ticket(id), staffApi.events(id).catch(() => [] as TicketEventView[])]);
      setTicket(t);
      setEvents(ev);
      return t;
    } catch (e) {
      if (isSignedOut(e)) toStaffLogin();
      setError({ message: errorMessage(e), notFound: e instanceof ApiError && e.code === ErrorCode.TICKET_NOT_FOUND });
      return null;
    } finally {
      setLoading(false);
    }
  }, [id]);

  const signedIn = Boolean(session);
  useEffect(() => {
    if (signedIn) void load();
  }, [load, signedIn]);

  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

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
    const result = await native.chooseImages(LIMITS.photosPerTicket - form.photos.length);
    if (result.ok) patch({ photos: [...form.photos, ...result.value.map((m) => ({ path: m.tempFilePath }))].slice(0, LIMITS.photosPerTicket) });
    else setSubmitError(pickFailureMessage(result.reason));
  };

  const submitForm = async () => {
    if (!form || !ticket || busy) return;
    const found = validate(form);
    setFormErrors(found);
    if (Object.keys(found).length > 0) return;
    if (form.action === 'reply') {
      setBusy(true);
      setSubmitError(null);
      const photos = [...form.photos];
      try {
        for (const [i, photo] of photos.entries()) {
          if (!photo.attachmentId) photos[i] = { ...photo, attachmentId: (await staffApi.upload(photo.path)).id };
        }
      } catch (e) {
        if (isSignedOut(e)) toStaffLogin();
        setForm((f) => (f ? { ...f, photos } : f));
        setSubmitError(`照片上传失败：${describeUploadError(e, LIMITS.photoMaxBytes).message}`);
        setBusy(false);
        return;
      }
      setForm((f) => (f ? { ...f, photos } : f));
      setBusy(false);
      const attachmentIds = photos.map((p) => p.attachmentId!).filter(Boolean);
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
    const subUnits = unitsBelow(units ?? [], session.user.unitId);
    const extended = form.action === 'request_extension' ? extendedDeadline(ticket, cal, Number(form.days)) : null;
    return (
      <Page title={HANDLER_ACTION_TEXT[form.action]} withFooter className="staff-form">
        <View className="staff-form__ticket">
          工单 {ticket.number} · {TICKET_TYPE_LABELS[ticket.type]}
        </View>

        {form.action === 'reply' ? (
          <>
            <View className="cells__title">答复内容（市民可见）</View>
            <View className="cells">
              <View className="cell cell--top">
                <View className="cell__bd">
                  <Textarea
                    className="textarea staff-form__content"
                    value={form.content}
                    maxlength={LIMITS.noteMax}
                    placeholder="请写明办理过程和结果，语言通俗易懂"
                    placeholderClass="placeholder"
                    onInput={(e) => patch({ content: e.detail.value })}
                  />
                  <View className="counter">
                    {form.content.length}/{LIMITS.noteMax}
                  </View>
                </View>
              </View>
              {formErrors.content ? <View className="field-error">{formErrors.content}</View> : null}
            </View>
            <View className="cells__title">承办人（市民可见，可来电咨询）</View>
            <View className="cells">
              <View className="cell">
                <View className="cell__hd">姓名</View>
                <View className="cell__bd">
                  <Input
                    className="input staff-form__name"
                    value={form.handlerName}
                    maxlength={50}
                    placeholder="承办人姓名"
                    placeholderClass="placeholder"
                    onInput={(e) => patch({ handlerName: e.detail.value })}
                  />
                </View>
              </View>
              {formErrors.handlerName ? <View className="field-error">{formErrors.handlerName}</View> : null}
              <View className="cell">
                <View className="cell__hd">电话</View>
                <View className="cell__bd">
                  <Input
                    className="input staff-form__phone"
                    type="text"
                    value={form.handlerPhone}
                    maxlength={13}
                    placeholder="手机号或固定电话"
                    placeholderClass="placeholder"
                    onInput={(e) => patch({ handlerPhone: e.detail.value })}
                  />
                </View>
              </View>
              {formErrors.handlerPhone ? <View className="field-error">{formErrors.handlerPhone}</View> : null}
            </View>
            <View className="cells__title">现场照片（选填，最多 {LIMITS.photosPerTicket} 张）</View>
            <View className="cells staff-form__photos">
              {form.photos.map((p, i) => (
                <View key={`${p.path}-${i}`} className="uploader__tile">
                  <Image className="uploader__img" src={p.path} mode="aspectFill" />
                  <View
                    className="uploader__remove"
                    role="button"
                    aria-label="删除照片"
                    onClick={() => patch({ photos: form.photos.filter((_, j) => j !== i) })}
                  >
                    ×
                  </View>
                </View>
              ))}
              {form.photos.length < LIMITS.photosPerTicket ? (
                <View className="uploader__tile uploader__add" role="button" aria-label="添加照片" onClick={() => void addPhotos()}>
                  +
                </View>
              ) : null}
            </View>
          </>
        ) : null}

        {form.action === 'pass_down' ? (
          <>
            <View className="cells__title">下派到本单位的下级单位</View>
            <View className="cells" role="radiogroup" aria-label="下派单位">
              {units === null ? <View className="cell">正在加载单位…</View> : null}
              {units !== null && subUnits.length === 0 ? <View className="cell">本单位没有可下派的下级单位</View> : null}
              {subUnits.map((u) => (
                <View
                  key={u.id}
                  role="radio"
                  aria-checked={form.unitId === u.id}
                  className="cell cell--link staff-form__unit"
                  onClick={() => patch({ unitId: u.id })}
                >
                  <View className="cell__bd">{u.name}</View>
                  <View className={`agree__box ${form.unitId === u.id ? 'agree__box--on' : ''}`}>{form.unitId === u.id ? '✓' : ''}</View>
                </View>
              ))}
              {formErrors.unitId ? <View className="field-error">{formErrors.unitId}</View> : null}
            </View>
            <View className="cells__title">下派说明（选填）</View>
            <View className="cells">
              <View className="cell cell--top">
                <View className="cell__bd">
                  <Textarea
                    className="textarea staff-form__note"
                    value={form.note}
                    maxlength={LIMITS.noteMax}
                    placeholder="办理要求、注意事项"
                    placeholderClass="placeholder"
                    onInput={(e) => patch({ note: e.detail.value })}
                  />
                </View>
              </View>
            </View>
          </>
        ) : null}

        {form.action === 'request_return' || form.action === 'request_extension' ? (
          <>
            {form.action === 'request_extension' ? (
              <>
                <View className="cells__title">延期天数（工作日）</View>
                <View className="cells">
                  <View className="cell">
                    <View className="cell__hd">延期</View>
                    <View className="cell__bd">
                      <Input
                        className="input staff-form__days"
                        type="number"
                        value={form.days}
                        maxlength={2}
                        placeholder="1–30"
                        placeholderClass="placeholder"
                        onInput={(e) => patch({ days: e.detail.value })}
                      />
                    </View>
                    <View className="cell__ft">个工作日</View>
                  </View>
                  {formErrors.days ? <View className="field-error">{formErrors.days}</View> : null}
                </View>
                {extended ? (
                  <View className="cells__tips">
                    现答复期限 {formatDateTime(ticket.replyDueAt!)}，批准后延至 {formatDateTime(extended.toISOString())}
                  </View>
                ) : null}
              </>
            ) : null}
            <View className="cells__title">{form.action === 'request_return' ? '退单理由（必填，中心审核）' : '延期理由（必填，中心审核）'}</View>
            <View className="cells">
              <View className="cell cell--top">
                <View className="cell__bd">
                  <Textarea
                    className="textarea staff-form__reason"
                    value={form.reason}
                    maxlength={LIMITS.noteMax}
                    placeholder={form.action === 'request_return' ? '如：不属于本单位职责范围，建议转交…' : '如：需协调多个部门，现场施工需要时间'}
                    placeholderClass="placeholder"
                    onInput={(e) => patch({ reason: e.detail.value })}
                  />
                </View>
              </View>
              {formErrors.reason ? <View className="field-error">{formErrors.reason}</View> : null}
            </View>
          </>
        ) : null}

        {submitError ? (
          <View className="notice notice--error staff-form__error" role="alert">
            {submitError}
          </View>
        ) : null}

        <View className="footer-bar staff-actions">
          <Button className="btn staff-actions__btn" onClick={() => setForm(null)}>
            取消
          </Button>
          <Button
            className={`btn btn--primary staff-actions__btn staff-form__submit ${busy ? 'btn--disabled' : ''}`}
            disabled={busy || undefined}
            onClick={() => void submitForm()}
          >
            {busy ? '正在提交…' : `提交${HANDLER_ACTION_TEXT[form.action]}`}
          </Button>
        </View>
      </Page>
    );
  }

  const actions = ticket ? HANDLER_ACTIONS.filter((a) => ticket.actions.includes(a)) : [];
  const primary = actions.find((a) => a === 'sign' || a === 'reply');
  const secondary = actions.filter((a) => a !== primary);
  const deadline = ticket ? deadlineOf(ticket, cal) : null;
  const photos = ticket?.photos ?? [];
  const residentPhotos = photos.filter((p) => p.usage === 'ticket' || p.usage === null);
  const supplementPhotos = photos.filter((p) => p.usage === 'supplement');
  const replyPhotos = photos.filter((p) => p.usage === 'reply');
  const category = ticket?.categoryId ? categoryName(categories?.find((c) => c.id === ticket.categoryId)) : null;
  const area = ticket ? [unitName(ticket.streetId), unitName(ticket.communityId)].filter(Boolean).join(' ') : '';

  return (
    <Page title="工单详情" withFooter={Boolean(primary)} className="staff-ticket">
      <AsyncView
        loading={loading}
        error={error}
        onHome={() => void Taro.redirectTo({ url: '/staff/queue/index' })}
        homeText="返回工作台"
        onRetry={() => {
          setLoading(true);
          void load();
        }}
      >
        {ticket ? (
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
                  <View className="cell cell--top">
                    <View className="cell__bd staff-ticket__text">{ticket.reply.content}</View>
                  </View>
                  <View className="cell">
                    <View className="cell__hd">承办人</View>
                    <View className="cell__bd">
                      {ticket.reply.handlerName ?? ''} {ticket.reply.handlerPhone ?? ''}
                    </View>
                  </View>
                  {replyPhotos.length > 0 ? (
                    <View className="cell cell--top staff-ticket__photos staff-ticket__photos--reply">
                      <View className="cell__hd">答复照片</View>
                      <View className="cell__bd">
                        <PhotoGrid photos={replyPhotos} label="答复照片" />
                      </View>
                    </View>
                  ) : null}
                </View>
              </>
            ) : null}

            <View className="cells__title">诉求内容</View>
            <View className="cells">
              <View className="cell">
                <View className="cell__hd">类型</View>
                <View className="cell__bd">{TICKET_TYPE_LABELS[ticket.type]}</View>
              </View>
              <View className="cell">
                <View className="cell__hd">分类</View>
                <View className="cell__bd staff-ticket__category">{category ?? (ticket.categoryId ? '…' : '未分类')}</View>
              </View>
              <View className="cell">
                <View className="cell__hd">提交时间</View>
                <View className="cell__bd">{formatDateTime(ticket.createdAt)}</View>
              </View>
              <View className="cell cell--top">
                <View className="cell__bd staff-ticket__text">{ticket.description}</View>
              </View>
              {residentPhotos.length > 0 ? (
                <View className="cell cell--top staff-ticket__photos staff-ticket__photos--resident">
                  <View className="cell__hd">市民照片</View>
                  <View className="cell__bd">
                    <PhotoGrid photos={residentPhotos} label="市民照片" />
                  </View>
                </View>
              ) : null}
              {supplementPhotos.length > 0 ? (
                <View className="cell cell--top staff-ticket__photos staff-ticket__photos--supplement">
                  <View className="cell__hd">补充照片</View>
                  <View className="cell__bd">
                    <PhotoGrid photos={supplementPhotos} label="补充照片" />
                  </View>
                </View>
              ) : null}
              {ticket.location ? (
                <View className="cell cell--top staff-ticket__place">
                  <View className="cell__hd">位置</View>
                  <View className="cell__bd">
                    <View>{ticket.location.address ?? `${ticket.location.lat.toFixed(5)}, ${ticket.location.lng.toFixed(5)}`}</View>
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

            {events.length > 0 ? (
              <>
                <View className="cells__title">办理记录</View>
                <View className="cells staff-ticket__events">
                  {[...events].reverse().map((e) => (
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

            {submitError ? (
              <View className="notice notice--error" role="alert">
                {submitError}
              </View>
            ) : null}

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
        ) : null}
      </AsyncView>
    </Page>
  );
}
