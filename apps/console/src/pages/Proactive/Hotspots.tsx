import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Input, Row, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { MapView } from '../../components/MapView';
import { QueryState } from '../../components/QueryState';
import { useAccess } from '../../hooks/session';
import { chinaToday } from '../../services/assessment';
import { addDays, type BucketCount, type Grain, GRAIN_LABELS, proactiveKeys, proactiveService, type Range, type RisingRow, type SpotRow } from '../../services/proactive';
import { CreateTopicModal, type TopicDraft } from './CreateTopicModal';

const level3 = (name: string | null) => (name ? (name.split('/').at(-1) ?? name) : '未分类');

/** Rows of one (category, community) pair with a count per bucket: the table the counts endpoint's rows make. */
function pivot(rows: BucketCount[]) {
  const buckets = [...new Set(rows.map((r) => r.bucket))].sort();
  const byPair = new Map<string, { key: string; categoryName: string | null; communityName: string | null; total: number; counts: Record<string, number> }>();
  for (const r of rows) {
    const key = `${r.categoryId ?? '-'}|${r.communityId ?? '-'}`;
    const row = byPair.get(key) ?? { key, categoryName: r.categoryName, communityName: r.communityName, total: 0, counts: {} };
    row.counts[r.bucket] = (row.counts[r.bucket] ?? 0) + r.n;
    row.total += r.n;
    byPair.set(key, row);
  }
  return { buckets, rows: [...byPair.values()].sort((a, b) => b.total - a.total) };
}

/** 热点: what residents call about more than usual, the words they use, and where open appeals gather. */
export default function HotspotsPage() {
  const access = useAccess();
  const today = chinaToday();
  const [range, setRange] = useState<Range>({ from: addDays(today, -6), to: today });
  const [grain, setGrain] = useState<Grain>('day');
  const [draft, setDraft] = useState<TopicDraft | null>(null);
  const counts = useQuery({ queryKey: proactiveKeys.counts(range, grain), queryFn: () => proactiveService.counts(range, grain) });
  const rising = useQuery({ queryKey: proactiveKeys.rising(range), queryFn: () => proactiveService.rising(range) });
  const terms = useQuery({ queryKey: proactiveKeys.terms(range), queryFn: () => proactiveService.terms(range) });
  const spots = useQuery({ queryKey: proactiveKeys.spots(14), queryFn: () => proactiveService.spots(14) });
  const table = useMemo(() => pivot(counts.data?.rows ?? []), [counts.data]);
  const label = `${range.from} 至 ${range.to}`;

  const fromRising = (r: RisingRow): TopicDraft => ({
    title: `${level3(r.categoryName)}${r.communityName ? `（${r.communityName}）` : ''}`,
    problem: `${label}${r.communityName ?? '全市'}「${level3(r.categoryName)}」诉求 ${r.count} 件，为此前同期平均 ${r.baseline.toFixed(1)} 件的 ${r.ratio === null ? '—' : r.ratio.toFixed(1)} 倍。`,
    categoryIds: r.categoryId ? [r.categoryId] : [],
    communityIds: r.communityId ? [r.communityId] : [],
    source: { kind: 'rising', label: `上升问题 · ${label}`, categoryId: r.categoryId, communityId: r.communityId, count: r.count, baseline: Number(r.baseline.toFixed(2)), from: range.from, to: range.to },
  });
  const fromSpot = (s: SpotRow): TopicDraft => ({
    title: `${level3(s.categoryName)}聚集点`,
    problem: `${s.from} 至 ${s.to}，约 ${s.radiusM} 米范围内有 ${s.count} 件未办结的「${level3(s.categoryName)}」诉求。`,
    categoryIds: [s.categoryId as string],
    source: { kind: 'spot', label: `聚集点 · ${s.from} 至 ${s.to}`, categoryId: s.categoryId, count: s.count, lat: s.lat, lng: s.lng, radiusM: s.radiusM },
  });

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space size={16} wrap>
          <Typography.Text>统计期</Typography.Text>
          <Input type="date" aria-label="开始日期" value={range.from} max={range.to} onChange={(e) => e.target.value && setRange((r) => ({ ...r, from: e.target.value }))} style={{ width: 160 }} />
          <Typography.Text>至</Typography.Text>
          <Input type="date" aria-label="结束日期" value={range.to} min={range.from} onChange={(e) => e.target.value && setRange((r) => ({ ...r, to: e.target.value }))} style={{ width: 160 }} />
          <Segmented<Grain> value={grain} onChange={setGrain} options={(['day', 'week', 'month'] as const).map((g) => ({ value: g, label: `按${GRAIN_LABELS[g]}` }))} />
          {access.manageTopics && (
            <Button type="primary" onClick={() => setDraft({})}>
              手动选题
            </Button>
          )}
        </Space>
      </Card>
      <Row gutter={16}>
        <Col span={14}>
          <Card title="上升问题" extra={rising.data && <Typography.Text type="secondary">对比 {rising.data.history.from} 至 {rising.data.history.to}</Typography.Text>}>
            <QueryState query={rising} isEmpty={(d) => d.rising.length === 0} empty="本期没有显著上升的问题">
              {(d) => (
                <Table<RisingRow>
                  data-testid="rising"
                  size="small"
                  rowKey={(r) => `${r.categoryId}|${r.communityId}`}
                  dataSource={d.rising}
                  pagination={{ pageSize: 8, hideOnSinglePage: true }}
                  columns={[
                    { title: '分类', render: (_, r) => level3(r.categoryName) },
                    { title: '范围', render: (_, r) => r.communityName ?? <Tag color="blue">全市</Tag> },
                    { title: '本期', dataIndex: 'count', align: 'right' },
                    { title: '历史均值', align: 'right', render: (_, r) => r.baseline.toFixed(1) },
                    { title: '倍数', align: 'right', render: (_, r) => (r.ratio === null ? '新出现' : `${r.ratio.toFixed(1)}×`) },
                    { title: '显著性 p', align: 'right', render: (_, r) => r.pValue.toExponential(1) },
                    ...(access.manageTopics
                      ? [{ title: '', key: 'act', render: (_: unknown, r: RisingRow) => <Button size="small" onClick={() => setDraft(fromRising(r))}>选为每月一题</Button> }]
                      : []),
                  ]}
                />
              )}
            </QueryState>
          </Card>
        </Col>
        <Col span={10}>
          <Card title="群众用词" extra={terms.data && <Typography.Text type="secondary">对比 {terms.data.previous.from} 至 {terms.data.previous.to}</Typography.Text>}>
            <QueryState query={terms} isEmpty={(d) => d.terms.length === 0} empty="本期暂无诉求">
              {(d) => (
                <Table
                  data-testid="terms"
                  size="small"
                  rowKey="term"
                  dataSource={d.terms}
                  pagination={{ pageSize: 8, hideOnSinglePage: true }}
                  columns={[
                    { title: '词语', dataIndex: 'term' },
                    { title: '本期', dataIndex: 'count', align: 'right' },
                    { title: '上期', dataIndex: 'previous', align: 'right' },
                    { title: '变化', align: 'right', render: (_, t) => (t.lift === null ? <Tag color="red">新</Tag> : t.lift >= 1.5 ? <Tag color="orange">↑ {t.lift.toFixed(1)}×</Tag> : `${t.lift.toFixed(1)}×`) },
                  ]}
                />
              )}
            </QueryState>
          </Card>
        </Col>
      </Row>
      <Card title={`分类 × 社区 × ${GRAIN_LABELS[grain]}`}>
        <QueryState query={counts} isEmpty={() => table.rows.length === 0} empty="本期暂无诉求">
          {() => (
            <Table
              data-testid="counts"
              size="small"
              rowKey="key"
              dataSource={table.rows}
              scroll={{ x: 'max-content' }}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              columns={[
                { title: '分类', fixed: 'left', render: (_, r) => level3(r.categoryName) },
                { title: '社区', fixed: 'left', render: (_, r) => r.communityName ?? '未定位' },
                ...table.buckets.map((b) => ({ title: b, key: b, align: 'right' as const, render: (_: unknown, r: (typeof table.rows)[number]) => r.counts[b] ?? '' })),
                { title: '合计', dataIndex: 'total', align: 'right', fixed: 'right' },
              ]}
            />
          )}
        </QueryState>
      </Card>
      <Card title="聚集点（近 14 天未办结诉求）">
        <QueryState query={spots}>
          {(d) => (
            <Row gutter={16}>
              <Col span={14}>
                <MapView height={420} spots={d.spots.map((s, i) => ({ key: String(i), lat: s.gcj02.lat, lng: s.gcj02.lng, weight: s.count, label: `${level3(s.categoryName)} ${s.count} 件` }))} />
              </Col>
              <Col span={10}>
                <Table<SpotRow>
                  data-testid="spots"
                  size="small"
                  rowKey={(s) => `${s.categoryId}|${s.lat}|${s.lng}`}
                  dataSource={d.spots}
                  locale={{ emptyText: '近 14 天没有聚集的未办结诉求' }}
                  pagination={{ pageSize: 8, hideOnSinglePage: true }}
                  columns={[
                    { title: '分类', render: (_, s) => level3(s.categoryName) },
                    { title: '件数', dataIndex: 'count', align: 'right' },
                    { title: '半径', align: 'right', render: (_, s) => `${s.radiusM} 米` },
                    { title: '时间', render: (_, s) => `${s.from.slice(5)} 至 ${s.to.slice(5)}` },
                    ...(access.manageTopics ? [{ title: '', key: 'act', render: (_: unknown, s: SpotRow) => <Button size="small" onClick={() => setDraft(fromSpot(s))}>选题</Button> }] : []),
                  ]}
                />
              </Col>
            </Row>
          )}
        </QueryState>
      </Card>
      {draft && <CreateTopicModal draft={draft} onClose={() => setDraft(null)} />}
    </Space>
  );
}
