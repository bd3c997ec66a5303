import { Button, View } from '@tarojs/components';
import { LIMITS, PHONE_PATTERN, TICKET_TYPE_LABELS, type TicketView, type UnitView, type UserView } from '@jyg12345/shared';
import { ErrorNotice, FieldError, InputCell, TextareaCell } from '../../components/FormCells';
import { Page } from '../../components/Page';
import { formatDateTime } from '../../utils/format';
import type { HandlerAction } from '../lib/api';
import { PickedPhotos, type PickedPhoto } from '../lib/PickedPhotos';
import { HANDLER_ACTION_TEXT } from './labels';

export type FormAction = Exclude<HandlerAction, 'sign'>;


export interface FormState {
  action: FormAction;
  content: string;
  handlerName: string;
  handlerPhone: string;
  photos: PickedPhoto[];
  reason: string;
  days: string;
  unitId: string | null;
  note: string;
}

export function newForm(action: FormAction, user: UserView | undefined): FormState {
  return { action, content: '', handlerName: user?.displayName ?? '', handlerPhone: '', photos: [], reason: '', days: '5', unitId: null, note: '' };
}

/** The form's text fields. */
type TextField = 'content' | 'handlerName' | 'handlerPhone' | 'reason' | 'days' | 'note';

export type FormErrors = Partial<Record<Exclude<TextField, 'note'> | 'unitId', string>>;

export function validate(form: FormState): FormErrors {
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

interface ActionFormProps {
  ticket: TicketView;
  form: FormState;
  errors: FormErrors;
  /** All units (null while loading); `subUnits` those the handler's unit may pass down to. */
  units: UnitView[] | null;
  subUnits: UnitView[];
  /** The reply deadline an approved extension would give. */
  extended: Date | null;
  busy: boolean;
  submitError: string | null;
  patch: (p: Partial<FormState>) => void;
  onAddPhotos: () => void;
  onCancel: () => void;
  onSubmit: () => void;
}

/** A handler's action as a page of its own: 答复, 下派, 申请退单, 申请延期. */
export function ActionForm({ ticket, form, errors, units, subUnits, extended, busy, submitError, patch, onAddPhotos, onCancel, onSubmit }: ActionFormProps) {
  /** A text field's value, input and error for its cell. */
  const bind = (field: TextField) => ({ value: form[field], onInput: (value: string) => patch({ [field]: value }), error: field === 'note' ? null : errors[field] });
  return (
    <Page title={HANDLER_ACTION_TEXT[form.action]} withFooter className="staff-form">
      <View className="staff-form__ticket">
        工单 {ticket.number} · {TICKET_TYPE_LABELS[ticket.type]}
      </View>

      {form.action === 'reply' ? (
        <>
          <View className="cells__title">答复内容（市民可见）</View>
          <View className="cells">
            <TextareaCell
              className="staff-form__content"
              maxlength={LIMITS.noteMax}
              placeholder="请写明办理过程和结果，语言通俗易懂"
              counter
              {...bind('content')}
            />
          </View>
          <View className="cells__title">承办人（市民可见，可来电咨询）</View>
          <View className="cells">
            <InputCell
              label="姓名"
              className="staff-form__name"
              maxlength={50}
              placeholder="承办人姓名"
              {...bind('handlerName')}
            />
            <InputCell
              label="电话"
              className="staff-form__phone"
              type="text"
              maxlength={13}
              placeholder="手机号或固定电话"
              {...bind('handlerPhone')}
            />
          </View>
          <PickedPhotos photos={form.photos} className="staff-form__photos" onChange={(photos) => patch({ photos })} onAdd={onAddPhotos} />
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
            <FieldError error={errors.unitId} />
          </View>
          <View className="cells__title">下派说明（选填）</View>
          <View className="cells">
            <TextareaCell className="staff-form__note" maxlength={LIMITS.noteMax} placeholder="办理要求、注意事项" {...bind('note')} />
          </View>
        </>
      ) : null}

      {form.action === 'request_return' || form.action === 'request_extension' ? (
        <>
          {form.action === 'request_extension' ? (
            <>
              <View className="cells__title">延期天数（工作日）</View>
              <View className="cells">
                <InputCell
                  label="延期"
                  className="staff-form__days"
                  type="number"
                  maxlength={2}
                  placeholder="1–30"
                  footer="个工作日"
                  {...bind('days')}
                />
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
            <TextareaCell
              className="staff-form__reason"
              maxlength={LIMITS.noteMax}
              placeholder={form.action === 'request_return' ? '如：不属于本单位职责范围，建议转交…' : '如：需协调多个部门，现场施工需要时间'}
              {...bind('reason')}
            />
          </View>
        </>
      ) : null}

      <ErrorNotice error={submitError} className="staff-form__error" />

      <View className="footer-bar staff-actions">
        <Button className="btn staff-actions__btn" onClick={onCancel}>
          取消
        </Button>
        <Button
          className={`btn btn--primary staff-actions__btn staff-form__submit ${busy ? 'btn--disabled' : ''}`}
          disabled={busy || undefined}
          onClick={onSubmit}
        >
          {busy ? '正在提交…' : `提交${HANDLER_ACTION_TEXT[form.action]}`}
        </Button>
      </View>
    </Page>
  );
}
