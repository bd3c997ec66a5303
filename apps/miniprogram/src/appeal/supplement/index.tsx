import { useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Textarea, View } from '@tarojs/components';
import { LIMITS } from '@jyg12345/shared';
import { Page } from '../../components/Page';
import { ticketsService } from '../../services/tickets';
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

  const submit = async () => {
    if (submitting) return;
    if (text.trim().length === 0) {
      setFieldError('请填写补充内容');
      return;
    }
    setSubmitting(true);
    setSubmitError(null);
    try {
      await ticketsService.act(id, 'supplement', { version, text: text.trim() }, key.current);
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
      {submitError ? (
        <View className="notice notice--error" role="alert">
          {submitError}
        </View>
      ) : null}
      <View className="footer-bar">
        <Button className={`btn btn--primary ${submitting ? 'btn--disabled' : ''}`} disabled={submitting || undefined} onClick={() => void submit()}>
          {submitting ? '正在提交…' : '提交补充'}
        </Button>
      </View>
    </Page>
  );
}
