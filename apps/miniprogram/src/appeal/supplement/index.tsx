import { useEffect, useMemo, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Textarea, View } from '@tarojs/components';
import { LIMITS } from '@jyg12345/shared';
import { Page } from '../../components/Page';
import { PrivacySheet } from '../../components/PrivacySheet';
import { native } from '../../native';
import { attachmentsService } from '../../services/attachments';
import { ticketsService } from '../../services/tickets';
import { pickFailureMessage, PhotoQueue, type PhotoItem } from '../photos/photo-queue';
import { PhotoUploader } from '../photos/PhotoUploader';
import { uuidv4 } from '../../utils/uuid';
import { actionErrorMessage } from '../action-error';

export default function SupplementPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const version = Number(params.version);
  const [text, setText] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // One key for this page's intent: a retry after a lost answer cannot add the text twice.
  const key = useRef(uuidv4());
  const queue = useMemo(
    () => new PhotoQueue((path, hooks) => attachmentsService.upload(path, hooks), { max: LIMITS.photosPerTicket, maxBytes: LIMITS.photoMaxBytes }),
    [],
  );
  const [photos, setPhotos] = useState<readonly PhotoItem[]>([]);
  const [waitingPhotos, setWaitingPhotos] = useState(false);
  const [privacyFor, setPrivacyFor] = useState<null | (() => void)>(null);
  useEffect(() => queue.subscribe(setPhotos), [queue]);

  const pickPhotos = async () => {
    const result = await native.chooseImages(queue.room());
    if (result.ok) {
      queue.add(result.value.map((m) => ({ path: m.tempFilePath, size: m.size })));
      setFieldError(null);
    } else {
      setFieldError(pickFailureMessage(result.reason));
    }
  };
  const addPhotos = async () => {
    if (queue.room() === 0) return;
    if (await native.needsPrivacyAuthorization()) setPrivacyFor(() => () => void pickPhotos());
    else await pickPhotos();
  };
  const previewPhoto = (photoKey: string) => {
    const done = photos.filter((p) => p.status === 'done');
    const current = done.find((p) => p.key === photoKey);
    if (current) void Taro.previewImage({ current: current.path, urls: done.map((p) => p.path) }).catch(() => undefined);
  };

  const submit = async () => {
    if (submitting) return;
    if (text.trim().length === 0 && queue.items().length === 0) {
      setFieldError('请填写补充内容或添加照片');
      return;
    }
    setSubmitting(true);
    setSubmitError(null);
    if (queue.pending()) {
      setWaitingPhotos(true);
      await queue.settled();
      setWaitingPhotos(false);
    }
    const failed = queue.failed();
    if (failed.length > 0) {
      setSubmitError(`有 ${failed.length} 张照片未上传成功，请点按照片重试，或删除后再提交`);
      setSubmitting(false);
      return;
    }
    const attachmentIds = queue.attachmentIds();
    const trimmed = text.trim();
    try {
      await ticketsService.act(
        id,
        'supplement',
        { version, ...(trimmed ? { text: trimmed } : {}), ...(attachmentIds.length > 0 ? { attachmentIds } : {}) },
        key.current,
      );
      void Taro.showToast({ title: '已补充', icon: 'success' });
      setTimeout(() => void Taro.navigateBack(), 800);
    } catch (e) {
      setSubmitError(actionErrorMessage(e).message);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Page title="补充材料" withFooter className="supplement">
      <View className="cells__title">补充说明（将转给办理单位）</View>
      <View className="cells">
        <View className="cell cell--top">
          <View className="cell__bd">
            <Textarea
              className="textarea"
              value={text}
              maxlength={LIMITS.noteMax}
              placeholder="如：问题的新情况、更准确的位置、方便联系的时间"
              placeholderClass="placeholder"
              onInput={(e) => {
                setText(e.detail.value);
                setFieldError(null);
              }}
            />
            <View className="counter">
              {text.length}/{LIMITS.noteMax}
            </View>
          </View>
        </View>
        {fieldError ? <View className="field-error">{fieldError}</View> : null}
      </View>
      <View className="cells__title">补充照片（选填，最多 {LIMITS.photosPerTicket} 张）</View>
      <View className="cells supplement__photos">
        <PhotoUploader
          items={photos}
          max={queue.max}
          onAdd={() => void addPhotos()}
          onRetry={(k) => queue.retry(k)}
          onRemove={(k) => queue.remove(k)}
          onPreview={previewPhoto}
        />
      </View>
      {submitError ? (
        <View className="notice notice--error" role="alert">
          {submitError}
        </View>
      ) : null}
      <View className="footer-bar">
        <Button className={`btn btn--primary ${submitting ? 'btn--disabled' : ''}`} disabled={submitting || undefined} onClick={() => void submit()}>
          {waitingPhotos ? '正在上传照片…' : submitting ? '正在提交…' : '提交补充'}
        </Button>
      </View>
      {privacyFor ? (
        <PrivacySheet
          purpose="上传补充照片"
          onAgree={() => {
            const run = privacyFor;
            setPrivacyFor(null);
            run();
          }}
          onDecline={() => setPrivacyFor(null)}
        />
      ) : null}
    </Page>
  );
}
