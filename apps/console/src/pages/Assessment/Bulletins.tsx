import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { QueryState } from '../../components/QueryState';
import { formatTime } from '../../components/format';
import { useSession } from '../../hooks/session';
import { messageOf } from '../../services/http';
import {
  assessmentKeys,
  assessmentService,
  type Bulletin,
  type BulletinSummary,
  BULLETIN_LABELS,
  BULLETIN_OF_PERIOD,
  chinaToday,
  type ExportFormat,
  type FigureRef,
  type PeriodKind,
  PERIOD_LABELS,
} from '../../services/assessment';
import { FigureDrawer, FiguresTable } from './Figures';

/** 通报: the published bulletins, publishing a period's one (supervisors), and a bulletin's frozen figures. */
export default function BulletinsPage() {
  const canPublish = useSession()?.user.role === 'supervisor';
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: assessmentKeys.bulletins(), queryFn: assessmentService.bulletins });
  const [period, setPeriod] = useState<PeriodKind>('xun');
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
            <Segmented<PeriodKind>
              value={period}
              onChange={setPeriod}
              options={(['xun', 'month', 'week'] as const).map((k) => ({ value: k, label: BULLETIN_LABELS[BULLETIN_OF_PERIOD[k]] }))}
            />
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
      {openId && <BulletinModal id={openId} onClose={() => setOpenId(null)} />}
    </Space>
  );
}

/** One bulletin's frozen figures; every figure opens the tickets frozen with it. */
function BulletinModal({ id, onClose }: { id: string; onClose: () => void }) {
  const { message } = App.useApp();
  const bulletin = useQuery({ queryKey: assessmentKeys.bulletin(id), queryFn: () => assessmentService.bulletin(id) });
  const [figure, setFigure] = useState<FigureRef | null>(null);
  const exportAs = (b: Bulletin, format: ExportFormat) => assessmentService.exportBulletin(b, format).catch((error: unknown) => void message.error(messageOf(error)));
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
            <Space>
              <Button onClick={() => void exportAs(b, 'xlsx')}>导出 Excel</Button>
              <Button onClick={() => void exportAs(b, 'csv')}>导出 CSV</Button>
            </Space>
            <FiguresTable
              units={b.figures.units}
              totals={b.figures.totals}
              onOpen={({ metric, label, row }) =>
                setFigure({ source: 'bulletin', bulletinId: b.id, metric, unitId: row.key ?? undefined, title: `${b.title} · ${row.name} · ${label}` })
              }
            />
          </Space>
        )}
      </QueryState>
      <FigureDrawer figure={figure} onClose={() => setFigure(null)} />
    </Modal>
  );
}
