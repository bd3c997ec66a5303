import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Input, Segmented, Space, Typography } from 'antd';
import { useState } from 'react';
import { QueryState } from '../../components/QueryState';
import { messageOf } from '../../services/http';
import { assessmentKeys, assessmentService, chinaToday, type ExportFormat, type FigureRef, type PeriodKind, PERIOD_LABELS, type PeriodQuery } from '../../services/assessment';
import { FigureDrawer, FiguresTable } from './Figures';

/** 三率考核: a period's units ranked by score with the centre's totals; every figure opens its tickets. */
export default function RatesPage() {
  const { message } = App.useApp();
  const [q, setQ] = useState<PeriodQuery>({ period: 'xun', date: chinaToday() });
  const units = useQuery({ queryKey: assessmentKeys.rates('units', q), queryFn: () => assessmentService.rates('units', q) });
  const centre = useQuery({ queryKey: assessmentKeys.rates('centre', q), queryFn: () => assessmentService.rates('centre', q) });
  const [figure, setFigure] = useState<FigureRef | null>(null);
  const [exporting, setExporting] = useState<ExportFormat | null>(null);
  const totals = centre.data?.rows.find((r) => r.key === null) ?? null;

  const exportAs = async (format: ExportFormat) => {
    setExporting(format);
    try {
      await assessmentService.exportRates(q, format);
    } catch (error) {
      void message.error(messageOf(error));
    } finally {
      setExporting(null);
    }
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space size={16} wrap>
          <Segmented<PeriodKind>
            value={q.period}
            onChange={(period) => setQ((prev) => ({ ...prev, period }))}
            options={(['xun', 'month', 'week'] as const).map((k) => ({ value: k, label: PERIOD_LABELS[k] }))}
          />
          <Input
            type="date"
            aria-label="日期"
            value={q.date}
            onChange={(e) => e.target.value && setQ((prev) => ({ ...prev, date: e.target.value }))}
            style={{ width: 160 }}
          />
          <Typography.Text strong data-testid="period-label">
            {units.data?.period.label ?? ''}
          </Typography.Text>
          <Button onClick={() => void exportAs('xlsx')} loading={exporting === 'xlsx'}>
            导出 Excel
          </Button>
          <Button onClick={() => void exportAs('csv')} loading={exporting === 'csv'}>
            导出 CSV
          </Button>
        </Space>
      </Card>
      <Card title="各单位三率与排名" extra={units.data && <Typography.Text type="secondary">统计截至 {new Date(units.data.asOf).toLocaleString('zh-CN')}</Typography.Text>}>
        <QueryState query={units}>
          {(d) => (
            <FiguresTable
              units={d.rows}
              totals={totals}
              onOpen={({ metric, label, row }) =>
                setFigure({
                  source: 'live',
                  q,
                  metric,
                  by: row.key === null ? 'centre' : 'unit',
                  key: row.key ?? undefined,
                  title: `${row.name} · ${label} · ${d.period.label}`,
                })
              }
            />
          )}
        </QueryState>
      </Card>
      <FigureDrawer figure={figure} onClose={() => setFigure(null)} />
    </Space>
  );
}
