import { useQuery } from '@tanstack/react-query';
import { Card, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { formatTime } from '../../components/format';
import { QueryState } from '../../components/QueryState';
import { SupervisionQueue } from '../../components/SupervisionQueue';
import { consoleKeys, consoleService } from '../../services/console';

/** 专人专岗: the province's tickets (halved deadlines) in their own queue, and feedback that keeps failing. */
export default function ProvincePage() {
  const failing = useQuery({ queryKey: consoleKeys.failingDeliveries(), queryFn: consoleService.failingDeliveries, refetchInterval: 60_000 });
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <SupervisionQueue
        title="省级转办工单"
        hint="省级工单办理时限减半，按到期时间排序"
        query={{ channel: ['province'], status: ['accepted', 'dispatched', 'in_progress', 'return_requested', 'replied'], sort: 'deadline' }}
        actions={['dispatch', 'urge', 'close']}
        columns={['number', 'status', 'category', 'lead', 'replyDue', 'description']}
        empty="暂无省级转办工单"
      />
      <Card title="向省级平台反馈失败">
        <QueryState query={failing} isEmpty={(d) => d.length === 0} empty="反馈均已送达">
          {(rows) => (
            <Table
              rowKey="id"
              size="small"
              dataSource={rows}
              pagination={false}
              columns={[
                { title: '诉求', key: 'ticket', render: (_, r) => <Link to={`/tickets/${r.ticketId}`}>{r.ticketNumber ?? r.ticketId}</Link> },
                { title: '事件', dataIndex: 'event' },
                { title: '状态', key: 'status', render: (_, r) => (r.status === 'rejected' ? <Tag color="red">被拒收</Tag> : <Tag color="orange">重试中</Tag>) },
                { title: '尝试次数', dataIndex: 'attempts' },
                { title: '最后错误', dataIndex: 'lastError', render: (v: string | null) => <Typography.Text type="danger">{v ?? '—'}</Typography.Text> },
                { title: '下次重试', key: 'next', render: (_, r) => (r.status === 'pending' ? formatTime(r.nextAttemptAt) : '—') },
              ]}
            />
          )}
        </QueryState>
      </Card>
    </Space>
  );
}
