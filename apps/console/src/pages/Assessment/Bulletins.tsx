import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Input, Modal, Segmented, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { QueryState } from '../../components/QueryState';
import { formatTime } from '../../components/format';
import { useSession } from '../../hooks/session';
import { messageOf } from '../../services/http';
import {
  assessmentKeys,
  assessmentService,
  type Bulletin,
  type BulletinPeriod,
  BULLETIN_PERIODS,
  type BulletinSummary,
  BULLETIN_LABELS,
  BULLETIN_OF_PERIOD,
  chinaToday,
  type ExportFormat,
  type FigureDiff,
  type FigureRef,
  PERIOD_LABELS,
  percent,
} from '../../services/assessment';
import { FigureDrawer, FiguresTable, hasItems } from './Figures';

/** 通报: the published bulletins, publishing a period's one (supervisors), and a bulletin's frozen figures. */
export default function BulletinsPage() {
  const canPublish = useSession()?.user.role === 'supervisor';
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: assessmentKeys.bulletins(), queryFn: assessmentService.bulletins });
  const [period, setPeriod] = useState<BulletinPeriod>('xun');
  const [date, setDate] = useState(chinaToday());
  const [openId, setOpenId] = useState<string | null>(null);
  const publish = useMutation({
    mutationFn: () => assessmentService.publish(BULLETIN_OF_PERIOD[period], date),
    onSuccess: (b) => {
      void message.success(`已发布${b.title}`);
      void queryClient.invalidateQueries({ queryKey: assessmentKeys.bulletins() });
      setOpenId(b.id);
    },
    onError: (error) => void message.error(messageOf(error)),
  });

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {canPublish && (
        <Card title="发布通报">
          <Space size={16} wrap>
            <Segmented<BulletinPeriod> value={period} onChange={setPeriod} options={BULLETIN_PERIODS.map((k) => ({ value: k, label: BULLETIN_LABELS[BULLETIN_OF_PERIOD[k]] }))} />
            <Input type="date" aria-label="日期" value={date} onChange={(e) => e.target.value && setDate(e.target.value)} style={{ width: 160 }} />
            <Typography.Text type="secondary">发布该日期所在{PERIOD_LABELS[period]}的通报，数据发布后冻结</Typography.Text>
            <Button
              type="primary"
              loading={publish.isPending}
              data-testid="publish-bulletin"
              onClick={() =>
                modal.confirm({
                  title: `发布${BULLETIN_LABELS[BULLETIN_OF_PERIOD[period]]}`,
                  content: '发布后各单位数据与明细将被冻结，确定发布吗？',
                  okText: '确定发布',
                  cancelText: '取消',
                  onOk: () => publish.mutateAsync().catch(() => undefined),
                })
              }
            >
              发布通报
            </Button>
          </Space>
        </Card>
      )}
      <Card title="已发布的通报">
        <QueryState query={list} isEmpty={(d) => d.length === 0} empty="暂无已发布的通报">
          {(d) => (
            <div data-testid="bulletins">
              <Table<BulletinSummary>
                rowKey="id"
                dataSource={d}
                pagination={{ pageSize: 20 }}
                columns={[
                  {
                    title: '标题',
                    dataIndex: 'title',
                    render: (t: string, b) => (
                      <Button type="link" style={{ padding: 0 }} onClick={() => setOpenId(b.id)}>
                        {t}
                      </Button>
                    ),
                  },
                  { title: '类型', dataIndex: 'kind', render: (k: BulletinSummary['kind']) => <Tag>{BULLETIN_LABELS[k]}</Tag> },
                  { title: '统计期', render: (_, b) => `${b.periodStart} 至 ${b.periodEnd}` },
                  { title: '版本', dataIndex: 'version', render: (v: number) => (v > 1 ? <Tag color="orange">更正第 {v - 1} 次</Tag> : '首发') },
                  { title: '发布时间', dataIndex: 'publishedAt', render: (t: string) => formatTime(t) },
                ]}
              />
            </div>
          )}
        </QueryState>
      </Card>
      {openId && <BulletinModal id={openId} versions={versionsOf(list.data ?? [], openId)} canCorrect={canPublish} onOpen={setOpenId} onClose={() => setOpenId(null)} />}
    </Space>
  );
}

/** Every version of the bulletin `id` belongs to (same kind and period), newest first. */
function versionsOf(list: BulletinSummary[], id: string): BulletinSummary[] {
  const b = list.find((x) => x.id === id);
  return b ? list.filter((x) => x.kind === b.kind && x.periodStart === b.periodStart).sort((x, y) => y.version - x.version) : [];
}

const RATE_FIELDS = new Set(['响应率', '办结率', '按时办结率', '满意率']);
const diffValue = (field: string, v: number | null) => (v === null ? '—' : RATE_FIELDS.has(field) ? percent(v) : String(v));

/** What a correction changed: per row and figure, the value before and after. */
function DiffTable({ diff }: { diff: FigureDiff[] }) {
  if (diff.length === 0) return <Alert type="info" showIcon message="与上一版相比，各项数据均无变化" />;
  return (
    <div data-testid="bulletin-diff">
      <Table<FigureDiff & { i: number }>
        rowKey="i"
        size="small"
        pagination={diff.length > 10 ? { pageSize: 10 } : false}
        dataSource={diff.map((d, i) => ({ ...d, i }))}
        columns={[
          { title: '单位', dataIndex: 'name' },
          { title: '指标', dataIndex: 'field' },
          { title: '更正前', render: (_, d) => diffValue(d.field, d.before) },
          {
            title: '更正后',
            render: (_, d) => (
              <Typography.Text strong type={d.before !== null && d.after !== null && d.after < d.before ? 'danger' : 'success'}>
                {diffValue(d.field, d.after)}
              </Typography.Text>
            ),
          },
        ]}
      />
    </div>
  );
}

/**
 * One bulletin's frozen figures; every figure opens the tickets frozen with it. A correction publishes the next
 * version (the earlier ones stay, reachable here), and a corrected version shows what changed.
 */
function BulletinModal({
  id,
  versions,
  canCorrect,
  onOpen,
  onClose,
}: {
  id: string;
  versions: BulletinSummary[];
  canCorrect: boolean;
  onOpen: (id: string) => void;
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const bulletin = useQuery({ queryKey: assessmentKeys.bulletin(id), queryFn: () => assessmentService.bulletin(id) });
  const [figure, setFigure] = useState<FigureRef | null>(null);
  const [correcting, setCorrecting] = useState(false);
  const [showEmpty, setShowEmpty] = useState(false);
  const [reason, setReason] = useState('');
  const correct = useMutation({
    mutationFn: () => assessmentService.correct(id, reason.trim()),
    onSuccess: (b) => {
      void message.success(`已发布更正版（第 ${b.version} 版）`);
      void queryClient.invalidateQueries({ queryKey: assessmentKeys.bulletins() });
      setCorrecting(false);
      setReason('');
      onOpen(b.id);
    },
    onError: (error) => void message.error(messageOf(error)),
  });
  const exportAs = (b: Bulletin, format: ExportFormat) => assessmentService.exportBulletin(b, format).catch((error: unknown) => void message.error(messageOf(error)));
  const latest = versions[0]?.id === id;
  return (
    <Modal open width={1200} title={bulletin.data?.title ?? '通报'} onCancel={onClose} footer={null}>
      <QueryState query={bulletin}>
        {(b) => (
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Descriptions size="small" column={3}>
              <Descriptions.Item label="统计期">
                {b.periodStart} 至 {b.periodEnd}
              </Descriptions.Item>
              <Descriptions.Item label="发布时间">{formatTime(b.publishedAt)}</Descriptions.Item>
              <Descriptions.Item label="数据截至">{formatTime(b.asOf)}</Descriptions.Item>
              {b.reason && <Descriptions.Item label="更正原因">{b.reason}</Descriptions.Item>}
            </Descriptions>
            <Space wrap>
              {versions.length > 1 && (
                <Segmented<string>
                  data-testid="bulletin-versions"
                  value={id}
                  onChange={onOpen}
                  options={[...versions].reverse().map((v) => ({ value: v.id, label: v.version === 1 ? '首发版' : `更正第 ${v.version - 1} 版` }))}
                />
              )}
              <Button onClick={() => void exportAs(b, 'xlsx')}>导出 Excel</Button>
              <Button onClick={() => void exportAs(b, 'csv')}>导出 CSV</Button>
              {canCorrect && latest && (
                <Button data-testid="correct-bulletin" onClick={() => setCorrecting(true)}>
                  更正
                </Button>
              )}
              {!latest && versions.length > 0 && <Tag color="orange">此版本已被更正，以最新版本为准</Tag>}
              <Space>
                <Switch checked={showEmpty} onChange={setShowEmpty} aria-label="显示本期无数据的单位" />
                <Typography.Text>显示本期无数据的单位</Typography.Text>
              </Space>
            </Space>
            {b.diff && (
              <Card size="small" title={`与第 ${b.version - 1} 版相比的变化`}>
                <DiffTable diff={b.diff} />
              </Card>
            )}
            <FiguresTable
              rows={showEmpty ? b.figures.units : b.figures.units.filter(hasItems)}
              totals={b.figures.totals}
              onOpen={({ metric, label, row, totals }) =>
                setFigure({ source: 'bulletin', bulletinId: b.id, metric, unitId: totals ? undefined : (row.key ?? undefined), title: `${b.title} · ${row.name} · ${label}` })
              }
            />
          </Space>
        )}
      </QueryState>
      <FigureDrawer figure={figure} onClose={() => setFigure(null)} />
      <Modal
        open={correcting}
        title="更正通报"
        okText="发布更正版"
        cancelText="取消"
        okButtonProps={{ disabled: reason.trim() === '', loading: correct.isPending }}
        onOk={() => correct.mutate()}
        onCancel={() => setCorrecting(false)}
      >
        <Typography.Paragraph type="secondary">按当前数据重新统计本期，发布为新版本；原版本保留不变。</Typography.Paragraph>
        <Input.TextArea aria-label="更正原因" placeholder="请填写更正原因" maxLength={500} showCount rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </Modal>
  );
}
