import { useMemo, useState } from 'react';
import { Button, View } from '@tarojs/components';
import { LIMITS } from '@jyg12345/shared';
import { ErrorNotice, TextareaCell } from '../../components/FormCells';
import { Page } from '../../components/Page';
import { usePrivacyGate } from '../../components/usePrivacyGate';
import { attachmentsService } from '../../services/attachments';
import { PhotoQueue } from '../photos/photo-queue';
import { PhotoUploader } from '../photos/PhotoUploader';
import { usePhotoQueue } from '../photos/usePhotoQueue';
import { useResidentAction } from '../useResidentAction';

export default function SupplementPage() {
  const [text, setText] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const { submitting, submitError, submit } = useResidentAction('supplement', '已补充');
  const queue = useMemo(
    () => new PhotoQueue((path, hooks) => attachmentsService.upload(path, hooks), { max: LIMITS.photosPerTicket, maxBytes: LIMITS.photoMaxBytes }),
    [],
  );
  const photos = usePhotoQueue(queue);
  const { withPrivacy, sheet } = usePrivacyGate();

  const addPhotos = () => {
    if (queue.room() === 0) return;
    void withPrivacy('上传补充照片', async () => setFieldError((await photos.pick()).notice));
  };

  const send = () => {
    if (text.trim().length === 0 && queue.items().length === 0) {
      setFieldError('请填写补充内容或添加照片');
      return;
    }
    void submit(async () => {
      const failed = await photos.settle();
      if (failed) return failed;
      const attachmentIds = queue.attachmentIds();
      const trimmed = text.trim();
      return { ...(trimmed ? { text: trimmed } : {}), ...(attachmentIds.length > 0 ? { attachmentIds } : {}) };
    });
  };

  return (
    <Page title="补充材料" withFooter className="supplement">
      <View className="cells__title">补充说明（将转给办理单位）</View>
      <View className="cells">
        <TextareaCell
          value={text}
          maxlength={LIMITS.noteMax}
          placeholder="如：问题的新情况、更准确的位置、方便联系的时间"
          counter
          onInput={(value) => {
            setText(value);
            setFieldError(null);
          }}
          error={fieldError}
        />
      </View>
      <View className="cells__title">补充照片（选填，最多 {LIMITS.photosPerTicket} 张）</View>
      <View className="cells supplement__photos">
        <PhotoUploader
          items={photos.items}
          max={queue.max}
          onAdd={addPhotos}
          onRetry={(k) => queue.retry(k)}
          onRemove={(k) => queue.remove(k)}
          onPreview={photos.preview}
        />
      </View>
      <ErrorNotice error={submitError} />
      <View className="footer-bar">
        <Button className={`btn btn--primary ${submitting ? 'btn--disabled' : ''}`} disabled={submitting || undefined} onClick={send}>
          {photos.waiting ? '正在上传照片…' : submitting ? '正在提交…' : '提交补充'}
        </Button>
      </View>
      {sheet}
    </Page>
  );
}
