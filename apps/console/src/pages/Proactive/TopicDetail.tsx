import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Empty, Form, Image, Input, List, Popconfirm, Radio, Space, Steps, Table, Tag, Typography, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { apiFieldErrors, ErrorText } from '../../components/ErrorText';
import { QueryState } from '../../components/QueryState';
import { UnitPicker } from '../../components/UnitPicker';
import { useCategoryNames, useUnitNames } from '../../hooks/reference';
import { useAccess, useSession } from '../../hooks/session';
import { chinaToday } from '../../services/assessment';
import { messageOf } from '../../services/http';
import {
  proactiveKeys,
  proactiveService,
  type TopicDetail,
  type TopicReport,
  type TopicStatus,
  type TopicTicket,
  type TopicVerdict,
  TOPIC_STATUS_COLORS,
  TOPIC_STATUS_LABELS,
  VERDICT_LABELS,
} from '../../services/proactive';
import { ticketService } from '../../services/tickets';

const STEP: Record<TopicStatus, number> = { selected: 1, assigned: 2, answering: 2, evaluated: 4 };
const MAX_PHOTOS = 9;

/** One topic through 选题 → 交题 → 答题 → 评题; what each role may do is offered, the API decides. */
export default function TopicDetailPage() {
  const { id = '' } = useParams();
  const topic = useQuery({ queryKey: proactiveKeys.topic(id), queryFn: () => proactiveService.topic(id) });
  return (
    <QueryState query={topic}>
      {(t) => (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Overview topic={t} />
          <AssignCard topic={t} />
          <ReportsCard topic={t} />
          <TicketsCard topic={t} />
          <EvaluationCard topic={t} />
        </Space>
      )}
    </QueryState>
  );
}

function Overview({ topic }: { topic: TopicDetail }) {
  const categoryName = useCategoryNames();
  const unitName = useUnitNames();
  return (
    <Card
      title={
        <Space>
          <Link to="/proactive/topics">每月一题</Link>
          <span>/</span>
          <span data-testid="topic-title">{topic.title}</span>
          <Tag color={TOPIC_STATUS_COLORS[topic.status]} data-testid="topic-status">
            {TOPIC_STATUS_LABELS[topic.status]}
          </Tag>
        </Space>
      }
    >
      <Steps current={STEP[topic.status]} size="small" style={{ marginBottom: 24 }} items={[{ title: '选题' }, { title: '交题' }, { title: '答题' }, { title: '评题' }]} />
      <Descriptions column={2} size="small" bordered>
        <Descriptions.Item label="月份">{topic.month}</Descriptions.Item>
        <Descriptions.Item label="来源">{topic.source ? String(topic.source.label ?? '热点分析') : '手动选题'}</Descriptions.Item>
        <Descriptions.Item label="问题" span={2}>
          {topic.problem}
        </Descriptions.Item>
        <Descriptions.Item label="匹配分类" span={2}>
          {topic.rule.categoryIds.length ? topic.rule.categoryIds.map((c) => <Tag key={c}>{categoryName(c)}</Tag>) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label="关键词">{topic.rule.words.length ? topic.rule.words.map((w) => <Tag key={w}>{w}</Tag>) : '—'}</Descriptions.Item>
        <Descriptions.Item label="社区">{topic.rule.communityIds.length ? topic.rule.communityIds.map((c) => unitName(c)).join('、') : '全市'}</Descriptions.Item>
        <Descriptions.Item label="牵头单位">{topic.leadUnitName ?? '待交题'}</Descriptions.Item>
        <Descriptions.Item label="配合单位">{topic.cooperatingUnits.map((u) => u.name).join('、') || '—'}</Descriptions.Item>
        <Descriptions.Item label="解决标准" span={2}>
          {topic.standard ?? '—'}
        </Descriptions.Item>
        <Descriptions.Item label="期限">{topic.deadline ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="关联诉求">{topic.taggedTickets} 件</Descriptions.Item>
        {topic.verdict && (
          <Descriptions.Item label="评题结果" span={2}>
            <Tag color={topic.verdict === 'solved' ? 'green' : topic.verdict === 'partly_solved' ? 'orange' : 'red'} data-testid="topic-verdict">
              {VERDICT_LABELS[topic.verdict]}
            </Tag>
            {topic.verdictNote}
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}

interface AssignValues {
  leadUnitId: string;
  cooperatingUnitIds: string[];
  standard: string;
  deadline: string;
}

/** 交题: repeatable until the first report arrives. */
function AssignCard({ topic }: { topic: TopicDetail }) {
  const access = useAccess();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<AssignValues>();
  const assign = useMutation({
    mutationFn: (v: AssignValues) => proactiveService.assign(topic.id, { version: topic.version, leadUnitId: v.leadUnitId, cooperatingUnitIds: v.cooperatingUnitIds ?? [], standard: v.standard, deadline: v.deadline }),
    onSuccess: () => {
      void message.success('已交题');
      void queryClient.invalidateQueries({ queryKey: proactiveKeys.all });
    },
  });
  if (!access.manageTopics || (topic.status !== 'selected' && topic.status !== 'assigned')) return null;
  const fields = ['leadUnitId', 'cooperatingUnitIds', 'standard', 'deadline'] as const;
  return (
    <Card title={topic.status === 'selected' ? '交题' : '调整交题（首次答题前可修改）'} data-testid="assign-card">
      <ErrorText error={assign.error} fields={[...fields]} />
      <Form<AssignValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        style={{ maxWidth: 720 }}
        initialValues={{ leadUnitId: topic.leadUnitId ?? undefined, cooperatingUnitIds: topic.cooperatingUnitIds, standard: topic.standard ?? '', deadline: topic.deadline ?? '' }}
        onFinish={(v) => assign.mutate(v)}
        fields={apiFieldErrors(assign.error, [...fields])}
      >
        <Form.Item name="leadUnitId" label="牵头单位" rules={[{ required: true, message: '请选择牵头单位' }]}>
          <UnitPicker placeholder="输入单位名称搜索" />
        </Form.Item>
        <Form.Item name="cooperatingUnitIds" label="配合单位">
          <UnitPicker multiple placeholder="可多选" />
        </Form.Item>
        <Form.Item name="standard" label="解决标准" rules={[{ required: true, min: 2, message: '请写明怎样算解决' }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="deadline" label="期限" rules={[{ required: true, message: '请选择期限' }]}>
          <Input type="date" min={chinaToday()} style={{ width: 200 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={assign.isPending}>
          确定交题
        </Button>
      </Form>
    </Card>
  );
}

function Photos({ report }: { report: TopicReport }) {
  if (report.photos.length === 0) return null;
  return (
    <Image.PreviewGroup>
      <Space wrap style={{ marginTop: 8 }}>
        {report.photos.map((p) => (
          <Image key={p.id} width={96} height={72} style={{ objectFit: 'cover' }} src={p.thumbnailUrl} preview={{ src: p.url }} alt="答题照片" data-testid="report-photo" />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}

/** 答题: the units' reports (text and photos); a handler of a unit taking part adds one. */
function ReportsCard({ topic }: { topic: TopicDetail }) {
  const access = useAccess();
  const session = useSession();
  const mayReport = access.reportTopics && (topic.status === 'assigned' || topic.status === 'answering');
  const mine = session?.user.role === 'handler' ? session.user : null;
  return (
    <Card title={`答题：单位进展（${topic.reports.length}）`}>
      {topic.reports.length === 0 ? (
        <Empty description={topic.status === 'selected' ? '交题后由承办单位汇报进展' : '承办单位尚未汇报进展'} />
      ) : (
        <List<TopicReport>
          data-testid="reports"
          dataSource={topic.reports}
          renderItem={(r) => (
            <List.Item>
              <List.Item.Meta
                title={
                  <Space>
                    <Typography.Text strong>{r.unitName}</Typography.Text>
                    {r.unitId === topic.leadUnitId && <Tag color="blue">牵头</Tag>}
                    <Typography.Text type="secondary">{new Date(r.createdAt).toLocaleString('zh-CN')}</Typography.Text>
                  </Space>
                }
                description={
                  <>
                    <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{r.content}</Typography.Paragraph>
                    <Photos report={r} />
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
      {mayReport && mine && <ReportForm topicId={topic.id} />}
    </Card>
  );
}

function ReportForm({ topicId }: { topicId: string }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [content, setContent] = useState('');
  const [files, setFiles] = useState<UploadFile<{ id: string }>[]>([]);
  const uploading = files.some((f) => f.status === 'uploading');
  const report = useMutation({
    mutationFn: () => proactiveService.report(topicId, { content: content.trim(), attachmentIds: files.filter((f) => f.status === 'done' && f.response).map((f) => f.response!.id) }),
    onSuccess: () => {
      void message.success('已提交进展');
      setContent('');
      setFiles([]);
      void queryClient.invalidateQueries({ queryKey: proactiveKeys.all });
    },
  });
  return (
    <div style={{ marginTop: 16, maxWidth: 720 }} data-testid="report-form">
      <Typography.Text strong>汇报本单位进展</Typography.Text>
      <ErrorText error={report.error} />
      <Input.TextArea aria-label="进展说明" rows={4} maxLength={4000} value={content} onChange={(e) => setContent(e.target.value)} placeholder="做了什么、解决了多少、还有什么困难" style={{ margin: '8px 0' }} />
      <Upload<{ id: string }>
        accept="image/jpeg,image/png,image/webp"
        listType="picture-card"
        multiple
        maxCount={MAX_PHOTOS}
        fileList={files}
        onChange={({ fileList }) => setFiles(fileList)}
        customRequest={({ file, onSuccess, onError }) => {
          const blob = file as File;
          proactiveService.uploadPhoto(blob, blob.name || 'photo.jpg').then(
            (a) => onSuccess?.(a),
            (e: unknown) => {
              void message.error(`照片上传失败：${messageOf(e)}`);
              onError?.(e instanceof Error ? e : new Error(messageOf(e)));
            },
          );
        }}
      >
        {files.length < MAX_PHOTOS && <span data-testid="add-photo">+ 照片</span>}
      </Upload>
      <Button type="primary" disabled={content.trim().length < 2 || uploading} loading={report.isPending} onClick={() => report.mutate()}>
        提交进展
      </Button>
    </div>
  );
}

/** The appeals tagged to the topic; staff tag (by number) and untag by hand. */
function TicketsCard({ topic }: { topic: TopicDetail }) {
  const access = useAccess();
  const session = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const tickets = useQuery({ queryKey: proactiveKeys.tickets(topic.id), queryFn: () => proactiveService.tickets(topic.id) });
  const [number, setNumber] = useState('');
  const role = session?.user.role;
  const mayTag = role === 'operator' || role === 'supervisor' || role === 'handler';
  const mayRetag = (role === 'operator' || role === 'supervisor') && topic.status !== 'evaluated';
  const refresh = () => void queryClient.invalidateQueries({ queryKey: proactiveKeys.all });
  const tag = useMutation({
    mutationFn: async (n: string) => {
      const found = (await ticketService.list({ q: n, limit: 5 })).items.find((t) => t.number === n);
      if (!found) throw new Error('没有找到该编号的诉求');
      await proactiveService.tag(topic.id, found.id);
    },
    onSuccess: () => {
      void message.success('已关联');
      setNumber('');
      refresh();
    },
    onError: (e) => void message.error(e instanceof Error && !('code' in e) ? e.message : messageOf(e)),
  });
  const untag = useMutation({
    mutationFn: (ticketId: string) => proactiveService.untag(topic.id, ticketId),
    onSuccess: () => {
      void message.success('已取消关联');
      refresh();
    },
    onError: (e) => void message.error(messageOf(e)),
  });
  const retag = useMutation({
    mutationFn: () => proactiveService.retag(topic.id),
    onSuccess: (r) => {
      void message.success(`已重新匹配，本月共 ${r.matched} 件`);
      refresh();
    },
    onError: (e) => void message.error(messageOf(e)),
  });
  return (
    <Card
      title="关联诉求"
      extra={
        <Space>
          {mayTag && (
            <Space.Compact>
              <Input aria-label="诉求编号" placeholder="输入诉求编号关联" value={number} onChange={(e) => setNumber(e.target.value.trim())} style={{ width: 200 }} onPressEnter={() => number && tag.mutate(number)} />
              <Button onClick={() => tag.mutate(number)} disabled={!number} loading={tag.isPending}>
                关联
              </Button>
            </Space.Compact>
          )}
          {mayRetag && (
            <Button onClick={() => retag.mutate()} loading={retag.isPending}>
              重新匹配
            </Button>
          )}
        </Space>
      }
    >
      <QueryState query={tickets} isEmpty={(d) => d.length === 0} empty="暂无关联诉求">
        {(d) => (
          <Table<TopicTicket>
            data-testid="topic-tickets"
            size="small"
            rowKey="ticketId"
            dataSource={d}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            columns={[
              { title: '编号', render: (_, t) => (access.centre ? <Link to={`/tickets/${t.ticketId}`}>{t.number}</Link> : t.number) },
              { title: '内容', ellipsis: true, render: (_, t) => t.title ?? t.description },
              { title: '登记时间', width: 170, render: (_, t) => new Date(t.createdAt).toLocaleString('zh-CN') },
              { title: '关联方式', width: 90, render: (_, t) => (t.source === 'auto' ? '自动' : '人工') },
              ...(mayTag
                ? [
                    {
                      title: '',
                      key: 'act',
                      width: 100,
                      render: (_: unknown, t: TopicTicket) => (
                        <Popconfirm title="取消关联后，自动匹配不会再关联此诉求" okText="取消关联" cancelText="保留" onConfirm={() => untag.mutate(t.ticketId)}>
                          <Button size="small" danger>
                            取消关联
                          </Button>
                        </Popconfirm>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </QueryState>
    </Card>
  );
}

/** 评题: matching appeals this month against the three before, then the verdict (supervisors). */
function EvaluationCard({ topic }: { topic: TopicDetail }) {
  const access = useAccess();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const evaluation = useQuery({ queryKey: proactiveKeys.evaluation(topic.id), queryFn: () => proactiveService.evaluation(topic.id), enabled: topic.status !== 'selected' });
  const [form] = Form.useForm<{ verdict: TopicVerdict; note: string }>();
  const evaluate = useMutation({
    mutationFn: (v: { verdict: TopicVerdict; note: string }) => proactiveService.evaluate(topic.id, { version: topic.version, ...v }),
    onSuccess: () => {
      void message.success('已评题');
      void queryClient.invalidateQueries({ queryKey: proactiveKeys.all });
    },
  });
  if (topic.status === 'selected') return null;
  const mayEvaluate = access.manageTopics && (topic.status === 'assigned' || topic.status === 'answering');
  return (
    <Card title="评题">
      <QueryState query={evaluation}>
        {(ev) => {
          const last = ev.months.at(-1);
          const before = ev.months.slice(0, -1);
          const mean = before.length ? before.reduce((s, m) => s + m.matching, 0) / before.length : 0;
          return (
            <>
              <Table
                data-testid="evaluation-months"
                size="small"
                rowKey="month"
                pagination={false}
                dataSource={ev.months}
                style={{ maxWidth: 560, marginBottom: 12 }}
                columns={[
                  { title: '月份', dataIndex: 'month' },
                  { title: '匹配诉求', dataIndex: 'matching', align: 'right' },
                  { title: '已关联', align: 'right', render: (_, m) => m.tagged ?? '—' },
                ]}
              />
              {last && (
                <Typography.Paragraph data-testid="evaluation-summary">
                  本月匹配 {last.matching} 件，前三个月月均 {mean.toFixed(1)} 件
                  {mean > 0 ? `，${last.matching <= mean ? '下降' : '上升'} ${Math.abs(((last.matching - mean) / mean) * 100).toFixed(0)}%` : ''}；单位汇报 {ev.reports.length} 次。
                </Typography.Paragraph>
              )}
            </>
          );
        }}
      </QueryState>
      {mayEvaluate && (
        <>
          <ErrorText error={evaluate.error} fields={['verdict', 'note']} />
          <Form form={form} layout="vertical" requiredMark={false} style={{ maxWidth: 720 }} onFinish={(v) => evaluate.mutate(v)} fields={apiFieldErrors(evaluate.error, ['verdict', 'note'])}>
            <Form.Item name="verdict" label="结论" rules={[{ required: true, message: '请选择结论' }]}>
              <Radio.Group options={(['solved', 'partly_solved', 'unsolved'] as const).map((v) => ({ value: v, label: VERDICT_LABELS[v] }))} />
            </Form.Item>
            <Form.Item name="note" label="评语" rules={[{ required: true, min: 2, message: '请填写评语' }]}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={evaluate.isPending}>
              确定评题
            </Button>
          </Form>
        </>
      )}
    </Card>
  );
}
