import { useQuery } from '@tanstack/react-query';
import { App, Button, Drawer, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link } from 'react-router';
import { QueryState } from '../../components/QueryState';
import { formatTime } from '../../components/format';
import { messageOf } from '../../services/http';
import { assessmentKeys, assessmentService, type ExportFormat, type FigureRef, type FigureRow, type ItemView, type Metric, percent, type Rates } from '../../services/assessment';

/** What a clicked figure names: the metric, and the row it sits in (null key: the totals). */
export interface FigureClick {
  metric: Metric;
  label: string;
  row: FigureRow;
  totals: boolean;
}

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

/** A count that opens its tickets (auto-closed unrated replies, answers at intake). */
function Count({ n, onOpen, testId }: { n: number; onOpen: () => void; testId: string }) {
  if (n === 0) return <Typography.Text type="secondary">0</Typography.Text>;
  return (
    <Button type="link" size="small" style={{ padding: 0 }} onClick={onOpen} data-testid={testId}>
      {n}
    </Button>
  );
}

/** A row with something in the period: any item of any figure. */
export const hasItems = (r: Rates) => r.response.total + r.completion.total + r.satisfaction.total + r.unratedAutoClosed + r.answeredAtIntake > 0;

const FIGURE_KEYS = ['response', 'completion', 'onTime', 'satisfaction', 'unrated', 'answered'] as const;

/** Rows with a rate sort without one last, whichever the direction. */
const byRate = (get: (r: FigureRow) => number | null) => (a: FigureRow, b: FigureRow) => (get(a) ?? -1) - (get(b) ?? -1);

/** The figure cells of a row, shared by the data rows and the totals row. */
function cells(row: FigureRow, open: (metric: Metric, label: string) => () => void) {
  return {
    response: <Figure rate={row.response.rate} num={row.response.signedOnTime} den={row.response.total} onOpen={open('response', '响应率')} testId="figure-response" />,
    completion: <Figure rate={row.completion.rate} num={row.completion.replied} den={row.completion.total} onOpen={open('completion', '办结率')} testId="figure-completion" />,
    onTime: <Figure rate={row.completion.onTimeRate} num={row.completion.onTime} den={row.completion.total} onOpen={open('completion', '按时办结率')} testId="figure-on-time" />,
    satisfaction: (
      <Figure rate={row.satisfaction.rate} num={row.satisfaction.satisfied} den={row.satisfaction.total} onOpen={open('satisfaction', '满意率')} testId="figure-satisfaction" />
    ),
    unrated: <Count n={row.unratedAutoClosed} onOpen={open('unrated', '未评价自动办结')} testId="figure-unrated" />,
    answered: <Count n={row.answeredAtIntake} onOpen={open('answered', '直接办结')} testId="figure-answered" />,
  };
}

/**
 * Rows' three rates (units ranked with score and rank; categories, communities), sortable by every column, with the
 * totals as a fixed last row; every figure opens its tickets.
 */
export function FiguresTable({
  rows,
  totals,
  rowTitle = '单位',
  ranked = true,
  onOpen,
}: {
  rows: FigureRow[];
  totals: (Rates & { name?: string }) | null;
  rowTitle?: string;
  ranked?: boolean;
  onOpen: (f: FigureClick) => void;
}) {
  const open = (row: FigureRow, totalsRow: boolean) => (metric: Metric, label: string) => () => onOpen({ metric, label, row, totals: totalsRow });
  const columns: ColumnsType<FigureRow> = [
    ...(ranked
      ? [
          {
            title: '排名',
            dataIndex: 'rank',
            width: 80,
            sorter: (a: FigureRow, b: FigureRow) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER),
            render: (r: number | null) => r ?? '—',
          },
        ]
      : []),
    { title: rowTitle, dataIndex: 'name', sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN') },
    { title: '响应率', key: 'response', sorter: byRate((r) => r.response.rate), render: (_, row) => cells(row, open(row, false)).response },
    { title: '办结率', key: 'completion', sorter: byRate((r) => r.completion.rate), render: (_, row) => cells(row, open(row, false)).completion },
    { title: '按时办结率', key: 'onTime', sorter: byRate((r) => r.completion.onTimeRate), render: (_, row) => cells(row, open(row, false)).onTime },
    { title: '满意率', key: 'satisfaction', sorter: byRate((r) => r.satisfaction.rate), render: (_, row) => cells(row, open(row, false)).satisfaction },
    { title: '未评价自动办结', key: 'unrated', sorter: (a, b) => a.unratedAutoClosed - b.unratedAutoClosed, render: (_, row) => cells(row, open(row, false)).unrated },
    ...(ranked ? [] : [{ title: '直接办结', key: 'answered', sorter: (a: FigureRow, b: FigureRow) => a.answeredAtIntake - b.answeredAtIntake, render: (_: unknown, row: FigureRow) => cells(row, open(row, false)).answered }]),
    { title: '综合得分', dataIndex: 'score', sorter: byRate((r) => r.score), render: (s: number | null) => (s === null ? '—' : s.toFixed(2)) },
  ];
  const total: FigureRow | null = totals ? { key: null, name: totals.name ?? '全市合计', ...totals, score: null, rank: null } : null;
  return (
    <div data-testid="rates-table">
      <Table<FigureRow>
        rowKey={(r) => r.key ?? 'none'}
        columns={columns}
        dataSource={rows}
        pagination={false}
        size="middle"
        showSorterTooltip={false}
        summary={() =>
          total && (
            <Table.Summary fixed="bottom">
              <Table.Summary.Row className="ant-table-row-selected" data-testid="totals-row">
                {ranked && <Table.Summary.Cell index={0} />}
                <Table.Summary.Cell index={1}>
                  <strong>{total.name}</strong>
                </Table.Summary.Cell>
                {(ranked ? FIGURE_KEYS.slice(0, -1) : FIGURE_KEYS).map((k, i) => (
                  <Table.Summary.Cell key={k} index={i + 2}>
                    {cells(total, open(total, true))[k]}
                  </Table.Summary.Cell>
                ))}
                <Table.Summary.Cell index={9} />
              </Table.Summary.Row>
            </Table.Summary>
          )
        }
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

/** The tickets behind one figure, each linking to its page; a live figure's whole list can be exported. */
export function FigureDrawer({ figure, onClose }: { figure: FigureRef | null; onClose: () => void }) {
  const { message } = App.useApp();
  const [exporting, setExporting] = useState<ExportFormat | null>(null);
  const items = useQuery({ queryKey: figure ? assessmentKeys.items(figure) : assessmentKeys.all, queryFn: () => assessmentService.items(figure!), enabled: figure !== null });
  const exportAs = async (f: FigureRef & { source: 'live' }, format: ExportFormat) => {
    setExporting(format);
    try {
      await assessmentService.exportItems(f, format);
    } catch (error) {
      void message.error(messageOf(error));
    } finally {
      setExporting(null);
    }
  };
  return (
    <Drawer
      open={figure !== null}
      onClose={onClose}
      title={figure?.title}
      size="large"
      destroyOnHidden
      extra={
        figure?.source === 'live' && (
          <Space>
            <Button size="small" loading={exporting === 'xlsx'} onClick={() => void exportAs(figure, 'xlsx')}>
              导出明细 Excel
            </Button>
            <Button size="small" loading={exporting === 'csv'} onClick={() => void exportAs(figure, 'csv')}>
              导出明细 CSV
            </Button>
          </Space>
        )
      }
    >
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
