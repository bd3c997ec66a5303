import { TICKET_STATUS_LABELS, TICKET_TYPE_LABELS, type TicketView } from '@jyg12345/shared';
import { Table, Tag } from 'antd';
import type { ColumnsType, TableProps } from 'antd/es/table';
import { Link } from 'react-router';
import { useCategoryNames, useUnitNames } from '../hooks/reference';
import { CHANNEL_LABELS, formatTime } from './format';
import { TimeLeft } from './TimeLeft';

type Column = 'number' | 'status' | 'channel' | 'type' | 'category' | 'lead' | 'created' | 'replyDue' | 'description' | 'urges';

/** The common ticket list: pick the columns, add page-specific ones; rows link to the ticket page. */
export function TicketTable({
  tickets,
  columns = ['number', 'status', 'channel', 'category', 'lead', 'replyDue', 'description'],
  extra = [],
  ...rest
}: { tickets: TicketView[]; columns?: Column[]; extra?: ColumnsType<TicketView> } & Omit<TableProps<TicketView>, 'columns' | 'dataSource'>) {
  const unitName = useUnitNames();
  const categoryName = useCategoryNames();
  const all: Record<Column, ColumnsType<TicketView>[number]> = {
    number: {
      title: '编号',
      dataIndex: 'number',
      width: 190,
      render: (_, t) => (
        <Link to={`/tickets/${t.id}`}>
          {t.number}
          {t.urgent && <Tag color="red" style={{ marginLeft: 4 }}>急</Tag>}
        </Link>
      ),
    },
    status: { title: '状态', dataIndex: 'status', width: 110, render: (_, t) => TICKET_STATUS_LABELS[t.status] },
    channel: { title: '渠道', dataIndex: 'channel', width: 90, render: (_, t) => CHANNEL_LABELS[t.channel] },
    type: { title: '类型', dataIndex: 'type', width: 70, render: (_, t) => TICKET_TYPE_LABELS[t.type] },
    category: { title: '分类', dataIndex: 'categoryId', width: 220, render: (_, t) => categoryName(t.categoryId) },
    lead: { title: '主办单位', dataIndex: 'leadUnitId', width: 160, render: (_, t) => unitName(t.leadUnitId) },
    created: { title: '提交时间', dataIndex: 'createdAt', width: 150, render: (_, t) => formatTime(t.createdAt) },
    replyDue: { title: '答复时限', dataIndex: 'replyDueAt', width: 260, render: (_, t) => <TimeLeft due={t.replyDueAt} /> },
    urges: { title: '催办', dataIndex: 'urgeCount', width: 60 },
    description: { title: '诉求内容', dataIndex: 'description', ellipsis: true },
  };
  return (
    <Table<TicketView>
      rowKey="id"
      size="middle"
      dataSource={tickets}
      columns={[...columns.map((c) => all[c]), ...extra]}
      pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
      {...rest}
    />
  );
}
