import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { App, Button, Card, Input, Space, Switch, Tabs, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { QueryState } from '../../components/QueryState';
import { messageOf } from '../../services/http';
import {
  assessmentKeys,
  assessmentService,
  chinaToday,
  type ExportFormat,
  type FigureRef,
  type PeriodQuery,
  type RateView,
  type RatesQuery,
  VIEW_LABELS,
  VIEW_ROW,
} from '../../services/assessment';
import { FigureDrawer, FiguresTable, hasItems } from './Figures';
import { PeriodPicker } from './PeriodPicker';


/**
 * 三率考核: a period's rates by unit (ranked by score, with or without sub-units), by category, by community, or by
 * community and category, with the centre's totals; rows filtered by name, empty ones hidden unless asked; every
 * figure opens its tickets.
 */
export default function RatesPage() {
  const { message } = App.useApp();
  const [period, setPeriod] = useState<PeriodQuery>({ period: 'xun', date: chinaToday() });
  const [view, setView] = useState<RateView>('units');
  const [subUnits, setSubUnits] = useState(false);
  const [showEmpty, setShowEmpty] = useState(false);
  const [search, setSearch] = useState('');
  const q: RatesQuery = view === 'units' && subUnits ? { ...period, includeSubUnits: 'true' } : period;
  const rates = useQuery({ queryKey: assessmentKeys.rates(view, q), queryFn: () => assessmentService.rates(view, q), placeholderData: keepPreviousData });
  const centre = useQuery({ queryKey: assessmentKeys.rates('centre', period), queryFn: () => assessmentService.rates('centre', period), placeholderData: keepPreviousData });
  const [figure, setFigure] = useState<FigureRef | null>(null);
  const [exporting, setExporting] = useState<ExportFormat | null>(null);
  const totals = centre.data?.rows.find((r) => r.key === null) ?? null;
  const rows = useMemo(() => {
    const words = search.trim();
    return (rates.data?.rows ?? []).filter((r) => (showEmpty || hasItems(r)) && (words === '' || r.name.includes(words)));
  }, [rates.data, showEmpty, search]);
  const hidden = (rates.data?.rows.length ?? 0) - (rates.data?.rows ?? []).filter((r) => showEmpty || hasItems(r)).length;

  const exportAs = async (format: ExportFormat) => {
    setExporting(format);
    try {
      await assessmentService.exportRates(view, q, format);
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
          <PeriodPicker value={period} onChange={setPeriod} label={rates.data?.period.label} />
          <Button onClick={() => void exportAs('xlsx')} loading={exporting === 'xlsx'}>
            导出 Excel
          </Button>
          <Button onClick={() => void exportAs('csv')} loading={exporting === 'csv'}>
            导出 CSV
          </Button>
        </Space>
      </Card>
      <Card
        title={
          <Tabs
            activeKey={view}
            onChange={(k) => setView(k as RateView)}
            items={(Object.keys(VIEW_LABELS) as RateView[]).map((k) => ({ key: k, label: VIEW_LABELS[k] }))}
            style={{ marginBottom: -17 }}
          />
        }
        extra={rates.data && <Typography.Text type="secondary">统计截至 {new Date(rates.data.asOf).toLocaleString('zh-CN')}</Typography.Text>}
      >
        <Space size={24} wrap style={{ marginBottom: 16 }}>
          <Input.Search allowClear placeholder={`筛选${VIEW_ROW[view].title}名称`} value={search} onChange={(e) => setSearch(e.target.value)} style={{ width: 240 }} aria-label="筛选名称" />
          {view === 'units' && (
            <Space>
              <Switch checked={subUnits} onChange={setSubUnits} aria-label="含下级单位" data-testid="include-sub-units" />
              <Typography.Text>含下级单位</Typography.Text>
            </Space>
          )}
          <Space>
            <Switch checked={showEmpty} onChange={setShowEmpty} aria-label="显示本期无数据的行" data-testid="show-empty" />
            <Typography.Text>显示本期无数据的{VIEW_ROW[view].title}</Typography.Text>
            {!showEmpty && hidden > 0 && <Typography.Text type="secondary">（已隐藏 {hidden} 个）</Typography.Text>}
          </Space>
        </Space>
        <QueryState query={rates}>
          {(d) => (
            <FiguresTable
              rows={rows}
              totals={totals}
              rowTitle={VIEW_ROW[view].title}
              ranked={view === 'units'}
              onOpen={({ metric, label, row, totals: isTotals }) =>
                setFigure({
                  source: 'live',
                  q,
                  metric,
                  ...(isTotals ? { by: 'centre' as const } : { by: VIEW_ROW[view].by, key: row.key ?? 'none' }),
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
