import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import Taro, { useRouter, useUnload } from '@tarojs/taro';
import { Button, Switch, Text, View } from '@tarojs/components';
import { LIMITS, TICKET_TYPE_LABELS, TICKET_TYPES, type CategoryView, type TicketType } from '@jyg12345/shared';
import { ErrorNotice, InputCell, TextareaCell } from '../../components/FormCells';
import { BRAND, CARE_BRAND, Page } from '../../components/Page';
import { usePrivacyGate } from '../../components/usePrivacyGate';
import { useCareMode } from '../../components/useCareMode';
import { native, type PickedLocation } from '../../native';
import { attachmentsService } from '../../services/attachments';
import { ticketsService } from '../../services/tickets';
import {
  draftStore,
  emptyFields,
  hasContent,
  submitDraft,
  validateFields,
  type DraftCategory,
  type DraftFields,
  type FieldErrors,
} from '../../stores/appeal-draft';
import { leafName } from '../category/category';
import { CategoryPicker } from '../category/CategoryPicker';
import { useCategorySuggestions } from '../category/useCategorySuggestions';
import { PhotoQueue, type UploadedPhoto } from '../photos/photo-queue';
import { PhotoUploader } from '../photos/PhotoUploader';
import { usePhotoQueue } from '../photos/usePhotoQueue';
import { fieldErrorsFrom, submitMessageFrom } from './server-errors';
import { LocationMap } from './LocationMap';
import { usePlace } from './usePlace';
import './index.scss';

const FORM_TYPES: TicketType[] = ['complaint', 'consultation', 'suggestion', 'help', 'report', 'praise'];
const NOTICE_TEXT =
  '1. 请如实反映诉求，不得捏造、歪曲事实；\n2. 涉及国家秘密、商业秘密、个人隐私的内容请勿公开；\n3. 已进入诉讼、仲裁、行政复议等程序的事项，请通过相应渠道解决；\n4. 您的联系方式仅用于办理和回访，严格保密。';

type Restored = false | 'draft' | 'unconfirmed';

function initialFields(typeParam: string | undefined): { fields: DraftFields; restored: Restored } {
  const draft = draftStore.load();
  const chosen = TICKET_TYPES.find((t) => t === typeParam);
  if (draft && hasContent(draft.fields)) {
    // The entry the resident just tapped (我要建议) says what they want now; the draft keeps the rest. A draft
    // that may already be filed keeps its own type, so a retry sends exactly what was sent.
    const type = draft.inFlight ? draft.fields.type : (chosen ?? draft.fields.type);
    return { fields: { ...draft.fields, type }, restored: draft.inFlight ? 'unconfirmed' : 'draft' };
  }
  return { fields: emptyFields(chosen ?? 'complaint'), restored: false };
}

type LocationState = 'idle' | 'locating' | 'denied' | 'failed';

function samePhotos(a: readonly UploadedPhoto[], b: readonly UploadedPhoto[]): boolean {
  return a.length === b.length && a.every((p, i) => p.attachmentId === b[i]?.attachmentId && p.path === b[i]?.path);
}

export default function NewAppealPage() {
  const router = useRouter();
  const care = useCareMode();
  const initial = useMemo(() => initialFields(router.params.type), [router.params.type]);
  const [fields, setFields] = useState<DraftFields>(initial.fields);
  const [restored, setRestored] = useState<Restored>(initial.restored);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [showErrors, setShowErrors] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [locationState, setLocationState] = useState<LocationState>('idle');
  const [pickingCategory, setPickingCategory] = useState(false);
  const [pickNotice, setPickNotice] = useState<string | null>(null);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(fields);
  /** Set once the server confirmed: nothing may write the draft back afterwards. */
  const filed = useRef(false);

  // Keep the draft in storage while typing, so a crash, a call or a lost network loses nothing.
  const persist = useCallback(() => {
    if (saveTimer.current) clearTimeout(saveTimer.current);
    saveTimer.current = null;
    if (!filed.current && hasContent(latest.current)) draftStore.save(latest.current);
  }, []);
  useUnload(persist);
  useEffect(() => () => persist(), [persist]);

  /** Changes the fields and schedules the draft save; `quiet` for changes the resident did not make just now. */
  const patchFields = useCallback(
    (patch: Partial<DraftFields>, quiet = false) => {
      const next = { ...latest.current, ...patch };
      latest.current = next;
      setFields(next);
      if (!quiet) setSubmitError(null);
      if (saveTimer.current) clearTimeout(saveTimer.current);
      saveTimer.current = setTimeout(persist, 400);
    },
    [persist],
  );

  const update = (patch: Partial<DraftFields>) => {
    patchFields(patch);
    if (showErrors) setErrors(validateFields(latest.current));
  };

  // Photos upload as soon as they are picked; the draft keeps the uploaded ones (ids and local files).
  const queue = useMemo(
    () =>
      new PhotoQueue((path, hooks) => attachmentsService.upload(path, hooks), {
        max: LIMITS.photosPerTicket,
        maxBytes: LIMITS.photoMaxBytes,
        initial: initial.fields.photos,
      }),
    [initial],
  );
  const photos = usePhotoQueue(queue, () => {
    const uploaded = queue.uploaded();
    if (!samePhotos(uploaded, latest.current.photos)) patchFields({ photos: uploaded }, true);
    if (queue.failed().length === 0) setErrors((e) => (e.photos ? { ...e, photos: undefined } : e));
  });
  const photoItems = photos.items;
  const { withPrivacy, sheet: privacySheet } = usePrivacyGate();

  // The category is the resident's choice: suggestions are offered, never pre-selected (they can be wrong).
  const suggestions = useCategorySuggestions(fields.description, fields.point);
  const place = usePlace(fields.point);
  const mapPoint = fields.point?.coordSystem === 'gcj02' ? fields.point : (place?.gcj02 ?? null);
  const pickCategory = (category: DraftCategory | null) => {
    update({ category });
    setPickingCategory(false);
  };

  const addPhotos = () =>
    void withPrivacy('上传现场照片', async () => {
      const { picked, notice } = await photos.pick();
      setPickNotice(notice);
      if (picked) setSubmitError(null);
    });

  const applyLocation = (loc: PickedLocation) => {
    update({
      point: { lat: loc.lat, lng: loc.lng, coordSystem: loc.coordSystem },
      ...(loc.address ? { address: loc.address.slice(0, LIMITS.addressMax) } : {}),
    });
    setLocationState('idle');
  };

  const pickOnMap = () =>
    void withPrivacy('标注诉求发生的位置', async () => {
      const result = await native.chooseLocation(fields.point ?? undefined);
      if (result.ok) applyLocation(result.value);
      else if (result.reason === 'denied') setLocationState('denied');
      else if (result.reason !== 'cancelled') setLocationState('failed');
    });

  const locateMe = () =>
    void withPrivacy('标注诉求发生的位置', async () => {
      setLocationState('locating');
      const result = await native.getLocation();
      if (result.ok) applyLocation(result.value);
      else setLocationState(result.reason === 'denied' ? 'denied' : result.reason === 'cancelled' ? 'idle' : 'failed');
    });

  const discardDraft = async () => {
    if (restored === 'unconfirmed') {
      const { confirm } = await Taro.showModal({
        title: '清空内容',
        content: '上次提交可能已经成功，可先到“我的诉求”查看。确定清空吗？',
        confirmText: '清空',
        cancelText: '保留',
      });
      if (!confirm) return;
    }
    if (saveTimer.current) clearTimeout(saveTimer.current);
    draftStore.clear();
    queue.clear();
    latest.current = emptyFields(fields.type);
    setFields(latest.current);
    setRestored(false);
    setErrors({});
    setShowErrors(false);
  };

  const submit = async () => {
    if (submitting) return;
    const found = validateFields(latest.current);
    setErrors(found);
    setShowErrors(true);
    if (Object.keys(found).length > 0) {
      void Taro.showToast({ title: '请按提示修改后提交', icon: 'none' });
      return;
    }
    setSubmitting(true);
    setSubmitError(null);
    // Photos still on their way: wait for them rather than file the appeal without them.
    const message = await photos.settle();
    if (message) {
      setErrors((e) => ({ ...e, photos: message }));
      setSubmitError(message);
      setSubmitting(false);
      return;
    }
    if (saveTimer.current) clearTimeout(saveTimer.current);
    draftStore.save(latest.current);
    try {
      const outcome = await submitDraft({
        create: (body, key) => ticketsService.create(body, key),
        recent: async () => (await ticketsService.list({ limit: 10 })).items,
      });
      if (outcome.kind === 'created') {
        filed.current = true;
        const { ticket } = outcome;
        void Taro.redirectTo({
          url: `/appeal/success/index?id=${encodeURIComponent(ticket.id)}&number=${encodeURIComponent(ticket.number)}`,
        });
        return;
      }
      const { error } = outcome;
      const fieldErrors = fieldErrorsFrom(error);
      setErrors(fieldErrors);
      setSubmitError(
        error.outcomeUnknown
          ? `${error.message}。内容已保存为草稿，请稍后再次点击提交，不会重复提交。`
          : submitMessageFrom(error, fieldErrors),
      );
    } finally {
      setSubmitting(false);
    }
  };

  const shown: FieldErrors = showErrors ? errors : {};
  /** A text field's value, input and error (named by `data-field`) for its cell. */
  const bind = (field: 'description' | 'address' | 'contactName' | 'contactPhone') => ({
    value: fields[field],
    onInput: (value: string) => update({ [field]: value }),
    error: shown[field],
    field,
  });

  return (
    <Page title={`我要${TICKET_TYPE_LABELS[fields.type]}`} withFooter className="appeal-form">
      {restored ? (
        <View className="notice appeal-form__restored">
          {restored === 'unconfirmed'
            ? '上次提交未收到结果，内容已保留。请再次点击提交，不会重复提交。'
            : '已恢复上次未提交的内容。'}
          <Text className="link" onClick={() => void discardDraft()}>
            清空重写
          </Text>
        </View>
      ) : null}

      <View className="cells__title">诉求类型</View>
      <View className="cells appeal-form__types" role="radiogroup" aria-label="诉求类型">
        {FORM_TYPES.map((type) => (
          <View
            key={type}
            role="radio"
            aria-checked={fields.type === type}
            className={`appeal-form__type ${fields.type === type ? 'appeal-form__type--on' : ''}`}
            onClick={() => update({ type })}
          >
            {TICKET_TYPE_LABELS[type]}
          </View>
        ))}
      </View>

      <View className="cells__title">诉求内容</View>
      <View className="cells">
        <TextareaCell
          cellClassName="appeal-form__description"
          maxlength={LIMITS.descriptionMax}
          placeholder="请描述具体问题：什么时间、什么地点、发生了什么，希望如何解决"
          autoHeight={false}
          counter
          {...bind('description')}
        />
        {suggestions.length > 0 || fields.category ? (
          <View className="category-suggest" role="radiogroup" aria-label="诉求分类">
            {fields.category && !suggestions.some((c) => c.id === fields.category?.id) ? (
              <View className="category-suggest__chip category-suggest__chip--on" role="radio" aria-checked data-category-id={fields.category.id} onClick={() => pickCategory(null)}>
                已选分类：{fields.category.name}
              </View>
            ) : null}
            {suggestions.map((c, index) => {
              const on = fields.category?.id === c.id;
              return (
                <View
                  key={c.id}
                  className={`category-suggest__chip ${on ? 'category-suggest__chip--on' : ''} ${index === 0 ? 'category-suggest__chip--best' : ''}`}
                  role="radio"
                  aria-checked={on}
                  data-category-id={c.id}
                  onClick={() => pickCategory(on ? null : { id: c.id, name: leafName(c.name) })}
                >
                  {index === 0 ? `推荐分类：${leafName(c.name)}` : leafName(c.name)}
                </View>
              );
            })}
            <View className="category-suggest__chip category-suggest__chip--other" role="button" onClick={() => setPickingCategory(true)}>
              其他
            </View>
          </View>
        ) : null}
      </View>

      <View className="cells__title">现场照片（选填，最多 {LIMITS.photosPerTicket} 张）</View>
      <View className="cells appeal-form__photos">
        <PhotoUploader
          items={photoItems}
          max={queue.max}
          onAdd={addPhotos}
          onRetry={(key) => queue.retry(key)}
          onRemove={(key) => queue.remove(key)}
          onPreview={photos.preview}
          recover={(id) => attachmentsService.localThumbnail(id)}
        />
      </View>
      {pickNotice ? (
        <View className="cells__tips appeal-form__photos-error appeal-form__pick-notice" role="alert">
          {pickNotice}
        </View>
      ) : null}
      {shown.photos ? (
        <View className="cells__tips appeal-form__photos-error" data-field="photos">
          {shown.photos}
        </View>
      ) : photoItems.some((i) => i.status === 'failed') ? (
        <View className="cells__tips appeal-form__photos-error">
          {photoItems.find((i) => i.status === 'failed')?.error?.message}
          {photoItems.some((i) => i.status === 'failed' && i.retryable) ? '，点按照片重试' : ''}
        </View>
      ) : null}

      <View className="cells__title">发生位置（选填）</View>
      <View className="cells">
        {native.canChooseLocation() ? (
          <View className="cell cell--link" onClick={pickOnMap} role="button">
            <View className="cell__bd">{fields.point ? '已在地图上标注' : '在地图上选择位置'}</View>
            <View className="cell__ft cell__arrow">{fields.point ? '重新选择' : ''}</View>
          </View>
        ) : null}
        <View className="cell cell--link" onClick={locateMe} role="button">
          <View className="cell__bd">{locationState === 'locating' ? '正在定位…' : fields.point && !native.canChooseLocation() ? '已定位，可重新定位' : '使用当前位置'}</View>
          {fields.point ? (
            <Text
              className="link cell__ft appeal-form__clear-point"
              onClick={(e) => {
                e.stopPropagation();
                update({ point: null });
              }}
            >
              清除位置
            </Text>
          ) : null}
        </View>
        {fields.point ? (
          <View className="cell appeal-form__place" aria-live="polite">
            <View className="cell__hd">所在区域</View>
            <View className="cell__bd">
              {place === null
                ? '正在确认…'
                : place.kind === 'inside'
                  ? place.text
                  : place.kind === 'outside'
                    ? '不在嘉峪关市服务范围内，请确认位置'
                    : `${fields.point.lat.toFixed(5)}, ${fields.point.lng.toFixed(5)}`}
            </View>
          </View>
        ) : null}
        {fields.point && mapPoint ? (
          <View className="cell cell--top appeal-form__map">
            <LocationMap point={mapPoint} onMove={(p) => update({ point: { lat: p.lat, lng: p.lng, coordSystem: 'gcj02' } })} />
          </View>
        ) : null}
        <InputCell label="详细地址" cellClassName="cell--field" maxlength={LIMITS.addressMax} placeholder="如：雄关区新华南路 XX 号附近" {...bind('address')} />
      </View>
      {locationState === 'denied' ? (
        <View className="cells__tips appeal-form__location-tip">
          未开启定位 ·{' '}
          {process.env.TARO_ENV === 'weapp' ? (
            <Button className="btn btn--mini appeal-form__settings" openType="openSetting">
              去设置
            </Button>
          ) : (
            '请在浏览器设置中允许定位'
          )}
          ，也可直接填写地址
        </View>
      ) : locationState === 'failed' ? (
        <View className="cells__tips appeal-form__location-tip">暂时无法获取位置，请直接填写地址</View>
      ) : null}

      <View className="cells__title">联系方式（严格保密，仅用于办理和回访）</View>
      <View className="cells">
        <InputCell label="姓名" cellClassName="cell--field" maxlength={LIMITS.contactNameMax} placeholder="选填，如：王先生" {...bind('contactName')} />
        <InputCell
          label="联系电话"
          cellClassName="cell--field"
          className="appeal-form__phone"
          type="text"
          maxlength={13}
          placeholder="选填，手机或座机"
          footer={<Text className="tag tag--brand">严格保密</Text>}
          {...bind('contactPhone')}
        />
        <View className="cell">
          <View className="cell__bd">
            <View>不向办理单位公开我的联系方式</View>
            <View className="cell__desc">开启后，办理单位只能通过 12345 与您联系</View>
          </View>
          <Switch
            checked={fields.confidential}
            color={care ? CARE_BRAND : BRAND}
            onChange={(e) => update({ confidential: Boolean(e.detail.value) })}
            aria-label="保密"
          />
        </View>
      </View>

      <View
        className="agree"
        role="checkbox"
        aria-checked={fields.agreed}
        onClick={() => update({ agreed: !fields.agreed })}
      >
        <View className={`agree__box ${fields.agreed ? 'agree__box--on' : ''}`}>{fields.agreed ? '✓' : ''}</View>
        <View>
          我已阅读并同意
          <Text
            className="link"
            onClick={(e) => {
              e.stopPropagation();
              void Taro.showModal({ title: '诉求提交须知', content: NOTICE_TEXT, showCancel: false, confirmText: '我知道了' });
            }}
          >
            《诉求提交须知》
          </Text>
        </View>
      </View>
      {shown.agreed ? <View className="field-error appeal-form__agree-error" data-field="agreed">{shown.agreed}</View> : null}

      <View className="notice notice--emergency appeal-form__emergency">紧急情况请拨打 110 / 119 / 120</View>

      <View className="footer-bar">
        {/* In the fixed bar, right above 提交: a failure is seen where the resident tapped, not below the fold. */}
        <ErrorNotice error={submitError} className="appeal-form__submit-error" />
        <Button className={`btn btn--primary ${submitting ? 'btn--disabled' : ''}`} disabled={submitting || undefined} onClick={() => void submit()}>
          {photos.waiting ? '正在上传照片…' : submitting ? '正在提交…' : '提交'}
        </Button>
      </View>

      {privacySheet}

      {pickingCategory ? (
        <CategoryPicker
          selectedId={fields.category?.id ?? null}
          onPick={(c: CategoryView) => pickCategory({ id: c.id, name: leafName(`${c.level2}/${c.level3}`) })}
          onClose={() => setPickingCategory(false)}
        />
      ) : null}
    </Page>
  );
}
