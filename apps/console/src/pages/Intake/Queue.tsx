import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Space, Tag, Typography } from 'antd';
import { QueryState } from '../../components/QueryState';
import { TicketTable } from '../../components/TicketTable';
import { formatSpan } from '../../components/format';
import { useNow } from '../../hooks/useNow';
import { ticketKeys, ticketService } from '../../services/tickets';

const QUERY = { status: ['submitted' as const] };
const QUEUE_MAX = 2000;

/** 待受理: every channel's new appeals, oldest first, re-read every 10 seconds. */
export default function QueuePage() {
  const now = useNow(10_000);
  const query = useQuery({
    queryKey: ticketKeys.list(QUERY),
    // The API lists newest first only: the queue is read whole (it is short in practice) and turned around here.
    queryFn: async () => (await ticketService.listAll(QUERY, QUEUE_MAX)).sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    refetchInterval: 10_000,
  });
  return (
    <Card
      title={
        <Space>
          待受理
          {query.data && <Tag color={query.data.length > 0 ? 'orange' : 'green'}>{query.data.length} 件</Tag>}
        </Space>
      }
      extra={<Typography.Text type="secondary">每 10 秒自动刷新 · 最早提交的在前</Typography.Text>}
    >
      {query.data && query.data.length >= QUEUE_MAX && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={`待受理超过 ${QUEUE_MAX} 件，仅显示最近提交的 ${QUEUE_MAX} 件`} />
      )}
      <QueryState query={query} isEmpty={(d) => d.length === 0} empty="暂无待受理诉求">
        {(tickets) => (
          <TicketTable
            tickets={tickets}
            columns={['number', 'channel', 'type', 'created', 'description']}
            extra={[
              {
                title: '已等待',
                key: 'waiting',
                width: 130,
                render: (_, t) => {
                  const waited = now - new Date(t.createdAt).getTime();
                  return <Tag color={waited > 3600_000 ? 'red' : waited > 900_000 ? 'orange' : 'default'}>{formatSpan(waited)}</Tag>;
                },
              },
            ]}
          />
        )}
      </QueryState>
    </Card>
  );
}
