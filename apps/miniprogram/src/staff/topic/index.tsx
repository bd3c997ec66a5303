import { useCallback, useEffect, useState } from 'react';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { ErrorCode } from '@jyg12345/shared';
import { AsyncView } from '../../components/AsyncView';
import { errorMessage } from '../../components/ErrorText';
import { ErrorNotice, InfoCell, TextareaCell, TextCell } from '../../components/FormCells';
import { Page } from '../../components/Page';
import { PhotoGrid } from '../../components/PhotoGrid';
import { ApiError } from '../../services/api-error';
import { formatDateTime } from '../../utils/format';
import { attachmentIdsOf, PickedPhotos, pickMore, uploadPicked, type PickedPhoto } from '../lib/PickedPhotos';
import { isSignedOut, staffSession, toStaffLogin } from '../lib/session';
import { mayReport, type TopicDetail, TOPIC_STATUS_TEXT, topicsApi, VERDICT_TEXT } from '../lib/topics';
import './index.scss';

const REPORT_MAX = 4000;

/** 专题详情 for a unit taking part: the problem, the standard and deadline, the units' reports, and 答题 (text and photos). */
export default function StaffTopicPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const [topic, setTopic] = useState<TopicDetail | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<{ message: string; notFound: boolean } | null>(null);
  const [writing, setWriting] = useState(false);
  const [content, setContent] = useState('');
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    setError(null);
    try {
      setTopic(await topicsApi.get(id));
    } catch (e) {
      if (isSignedOut(e)) toStaffLogin();
      else setError({ message: errorMessage(e), notFound: e instanceof ApiError && e.code === ErrorCode.TOPIC_NOT_FOUND });
    } finally {
      setLoading(false);
    }
  }, [id]);

  useEffect(() => {
    if (staffSession.get()) void load();
    else toStaffLogin();
  }, [load]);
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  const addPhotos = async () => {
    const picked = await pickMore(photos);
    if (picked.ok) setPhotos(picked.photos);
    else setFormError(picked.message);
  };

  const submit = async () => {
    if (busy || !topic) return;
    if (content.trim().length < 2) {
      setFormError('请填写进展说明（至少 2 个字）');
      return;
    }
    setBusy(true);
    setFormError(null);
    const { photos: uploaded, error: uploadError } = await uploadPicked(photos);
    setPhotos(uploaded);
    if (uploadError) {
      setFormError(uploadError);
      setBusy(false);
      return;
    }
    try {
      await topicsApi.report(topic.id, content.trim(), attachmentIdsOf(uploaded));
      setWriting(false);
      setContent('');
      setPhotos([]);
      void Taro.showToast({ title: '已提交进展', icon: 'success' });
      await load();
    } catch (e) {
      if (isSignedOut(e)) toStaffLogin();
      else setFormError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  if (writing && topic) {
    return (
      <Page title="汇报进展" withFooter className="staff-topic-form">
        <View className="staff-topic-form__topic">专题：{topic.title}</View>
        <View className="cells__title">进展说明（中心和参与单位可见）</View>
        <View className="cells">
          <TextareaCell
            className="staff-topic-form__content"
            value={content}
            maxlength={REPORT_MAX}
            placeholder="做了什么、解决了多少、还有什么困难"
            counter
            onInput={(value) => {
              setContent(value);
              setFormError(null);
            }}
          />
        </View>
        <PickedPhotos photos={photos} className="staff-topic-form__photos" onChange={setPhotos} onAdd={() => void addPhotos()} />
        <ErrorNotice error={formError} className="staff-topic-form__error" />
        <View className="footer-bar staff-actions">
          <Button className="btn staff-actions__btn" onClick={() => setWriting(false)}>
            取消
          </Button>
          <Button className={`btn btn--primary staff-actions__btn staff-topic-form__submit ${busy ? 'btn--disabled' : ''}`} disabled={busy || undefined} onClick={() => void submit()}>
            {busy ? '正在提交…' : '提交进展'}
          </Button>
        </View>
      </Page>
    );
  }

  const canReport = topic ? mayReport(topic) : false;
  return (
    <Page title="专题详情" withFooter={canReport} className="staff-topic">
      <AsyncView
        loading={loading}
        error={error}
        onHome={() => void Taro.redirectTo({ url: '/staff/topics/index' })}
        homeText="返回专题列表"
        onRetry={() => {
          setLoading(true);
          void load();
        }}
      >
        {topic ? (
          <>
            <View className="staff-topic__head">
              <View className="staff-topic__title">{topic.title}</View>
              <View className="staff-topic__tags">
                <Text className={`tag ${topic.status === 'evaluated' ? 'tag--grey' : 'tag--orange'} staff-topic__status`}>{TOPIC_STATUS_TEXT[topic.status]}</Text>
                <Text className="staff-topic__month">{topic.month}</Text>
              </View>
            </View>
            {topic.verdict ? (
              <View className="notice staff-topic__verdict">
                评题结果：{VERDICT_TEXT[topic.verdict]}
                {topic.verdictNote ? `。${topic.verdictNote}` : ''}
              </View>
            ) : null}
            <View className="cells__title">问题</View>
            <View className="cells">
              <TextCell className="staff-topic__text">{topic.problem}</TextCell>
            </View>
            <View className="cells__title">交题</View>
            <View className="cells">
              <InfoCell label="牵头单位">{topic.leadUnitName ?? '—'}</InfoCell>
              <InfoCell label="配合单位">{topic.cooperatingUnits.map((u) => u.name).join('、') || '—'}</InfoCell>
              <InfoCell label="解决标准" className="staff-topic__text" top>
                {topic.standard ?? '—'}
              </InfoCell>
              <InfoCell label="期限">{topic.deadline ?? '—'}</InfoCell>
              <InfoCell label="关联诉求">{topic.taggedTickets} 件</InfoCell>
            </View>
            <View className="cells__title">各单位进展（{topic.reports.length}）</View>
            <View className="cells staff-topic__reports">
              {topic.reports.length === 0 ? <View className="cell cell__desc">尚无单位汇报进展</View> : null}
              {topic.reports.map((r) => (
                <View key={r.id} className="cell cell--top staff-topic__report" data-report-id={r.id}>
                  <View className="cell__bd">
                    <View className="staff-topic__report-head">
                      <Text className="staff-topic__unit">{r.unitName}</Text>
                      <Text className="cell__desc"> {formatDateTime(r.createdAt)}</Text>
                    </View>
                    <View className="staff-topic__text">{r.content}</View>
                    {r.photos.length > 0 ? <PhotoGrid photos={r.photos.map((p) => ({ ...p, usage: null }))} label="进展照片" /> : null}
                  </View>
                </View>
              ))}
            </View>
            {canReport ? (
              <View className="footer-bar staff-actions">
                <Button
                  className="btn btn--primary staff-actions__btn staff-topic__report-btn"
                  onClick={() => {
                    setFormError(null);
                    setWriting(true);
                  }}
                >
                  汇报进展
                </Button>
              </View>
            ) : null}
          </>
        ) : null}
      </AsyncView>
    </Page>
  );
}
