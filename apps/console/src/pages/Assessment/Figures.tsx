import { useQuery } from '@tanstack/react-query';
import { Button, Drawer, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { QueryState } from '../../components/QueryState';
import { formatTime } from '../../components/format';
import { assessmentKeys, assessmentService, type FigureRef, type FigureRow, type ItemView, type Metric, percent, type Rates } from '../../services/assessment';

/** What a clicked figure names: the metric, and the row it sits in (null key: the centre's totals). */
export interface FigureClick {
  metric: Metric;
  label: string;
  row: FigureRow;
}

type Row = FigureRow & { totals?: boolean };

/** A figure as a link: the rate with its count, opening the tickets behind it. */
function Figure({ rate, num, den, onOpen, testId }: { rate: number | null; num: number; den: number; onOpen: () => void; testId: string }) {
  if (den === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Button type="link" size="small" style={{ padding: 0 }} onClick={onOpen} data-testid={testId}>
      {percent(rate)}
      <Typography.Text type="secondary" style={{ marginLeft: 4, fontSize: 12 }}>
        {num}/{den}
      </Typography.Text>
    </Button>
  );
}

/** Units' three rates, score and rank, with the centre's totals as the last row; every figure opens its tickets. */
export function FiguresTable({ units, totals, onOpen }: { units: FigureRow[]; totals: Rates | null; onOpen: (f: FigureClick) => void }) {
  const rows: Row[] = [...units, ...(totals ? [{ key: null, name: '全市合计', ...totals, score: null, rank: null, totals: true }] : [])];
  const open = (row: Row, metric: Metric, label: string) => () => onOpen({ metric, label, row });
  const columns: ColumnsType<Row> = [
    { title: '排名', dataIndex: 'rank', width: 70, render: (r: number | null, row) => (row.totals ? '' : (r ?? '—')) },
    { title: '单位', dataIndex: 'name', render: (n: string, row) => (row.totals ? <strong>{n}</strong> : n) },
    {
      title: '响应率',
      render: (_, row) => <Figure rate={row.response.rate} num={row.response.signedOnTime} den={row.response.total} onOpen={open(row, 'response', '响应率')} testId="figure-response" />,
    },
    {
      title: '办结率',
      render: (_, row) => <Figure rate={row.completion.rate} num={row.completion.replied} den={row.completion.total} onOpen={open(row, 'completion', '办结率')} testId="figure-completion" />,
    },
    {
      title: '按时办结率',
      render: (_, row) => (
        <Figure rate={row.completion.onTimeRate} num={row.completion.onTime} den={row.completion.total} onOpen={open(row, 'completion', '按时办结率')} testId="figure-on-time" />
      ),
    },
    {
      title: '满意率',
      render: (_, row) => (
        <Figure rate={row.satisfaction.rate} num={row.satisfaction.satisfied} den={row.satisfaction.total} onOpen={open(row, 'satisfaction', '满意率')} testId="figure-satisfaction" />
      ),
    },
    { title: '未评价自动办结', render: (_, row) => row.unratedAutoClosed },
    { title: '综合得分', dataIndex: 'score', render: (s: number | null) => (s === null ? '—' : s.toFixed(2)) },
  ];
  return (
    <div data-testid="rates-table">
      <Table<Row>
        rowKey={(r) => (r.totals ? 'totals' : (r.key ?? 'none'))}
        columns={columns}
        dataSource={rows}
        pagination={false}
        size="middle"
        rowClassName={(r) => (r.totals ? 'ant-table-row-selected' : '')}
      />
    </div>
  );
}

const itemColumns = (metric: Metric, onLeave: () => void): ColumnsType<ItemView> => [
  {
    title: '工单编号',
    dataIndex: 'ticketNumber',
    render: (n: string, i) => (
      <Link to={`/tickets/${i.ticketId}`} onClick={onLeave}>
        {n}
      </Link>
    ),
  },
  { title: '承办单位', dataIndex: 'unitName', render: (n: string | null) => n ?? '—' },
  { title: '时间', dataIndex: 'at', render: (at: string) => formatTime(at) },
  {
    title: metric === 'response' ? '按时签收' : metric === 'completion' ? '已办结' : metric === 'satisfaction' ? '满意' : '计入',
    dataIndex: 'counted',
    render: (c: boolean) => (c ? <Tag color="green">是</Tag> : <Tag>否</Tag>),
  },
  ...(metric === 'completion'
    ? [{ title: '按时', dataIndex: 'onTime', render: (o: boolean | null) => (o === null ? '—' : o ? <Tag color="green">按时</Tag> : <Tag color="red">超时</Tag>) }]
    : []),
];

/** The tickets behind one figure, each linking to its page. */
export function FigureDrawer({ figure, onClose }: { figure: FigureRef | null; onClose: () => void }) {
  const items = useQuery({ queryKey: figure ? assessmentKeys.items(figure) : assessmentKeys.all, queryFn: () => assessmentService.items(figure!), enabled: figure !== null });
  return (
    <Drawer open={figure !== null} onClose={onClose} title={figure?.title} size="large" destroyOnHidden>
      {figure && (
        <QueryState query={items} isEmpty={(d) => d.items.length === 0} empty="没有相关诉求">
          {(d) => (
            <>
              <Table<ItemView> rowKey="key" columns={itemColumns(figure.metric, onClose)} dataSource={[...d.items].sort((a, b) => b.at.localeCompare(a.at))} pagination={{ pageSize: 20 }} size="small" />
              {d.nextCursor && <Typography.Text type="secondary">仅显示前 {d.items.length} 件，完整明细请导出。</Typography.Text>}
            </>
          )}
        </QueryState>
      )}
    </Drawer>
  );
}
