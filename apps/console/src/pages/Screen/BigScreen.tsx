import { useQuery } from '@tanstack/react-query';
import type { BoundaryView } from '@jyg12345/shared';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useNow } from '../../hooks/useNow';
import { percent } from '../../services/assessment';
import { geoKeys, geoService } from '../../services/geo';
import { messageOf } from '../../services/http';
import { proactiveKeys, proactiveService, type ScreenSummary, TOPIC_STATUS_LABELS } from '../../services/proactive';
import { type ChartOption, registerMap, useChart } from './chart';
import './screen.css';

const WIDTH = 1920;
const HEIGHT = 1080;
/** How often the wall asks for new figures; `?poll=<ms>` (at least 100) shortens it for tests. */
const POLL_MS = 30_000;
const MAP = 'jyg12345-city';
const AXIS = { color: '#8fb3d9' };
const SPLIT = { lineStyle: { color: 'rgba(143,179,217,0.15)' } };

/** The wall is 1920×1080; a smaller or larger window shows it scaled to fit, never cropped. */
function useFitScale(): number {
  const fit = () => Math.min(window.innerWidth / WIDTH, window.innerHeight / HEIGHT);
  const [scale, setScale] = useState(fit);
  useEffect(() => {
    const onResize = () => setScale(fit());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return scale;
}

/** The communities and the city outline as one GeoJSON for ECharts (GCJ-02, as stored); null before any exist. */
function mapOf(boundaries: BoundaryView[]): { type: 'FeatureCollection'; features: unknown[] } | null {
  const shapes = boundaries.filter((b) => b.kind === 'service_area' || b.kind === 'community');
  if (shapes.length === 0) return null;
  // the outline first: ECharts draws regions in order, communities on top
  shapes.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'service_area' ? -1 : 1));
  return { type: 'FeatureCollection', features: shapes.map((b) => ({ type: 'Feature', properties: { name: b.kind === 'service_area' ? '市界' : b.name }, geometry: b.geojson })) };
}

/** 大屏: the centre's wall. Figures from GET /proactive/screen, polled; charts are made once and fed new data. */
export default function BigScreenPage() {
  const [params] = useSearchParams();
  const poll = Math.max(100, Number(params.get('poll')) || POLL_MS);
  const scale = useFitScale();
  const now = useNow(1000);
  const screen = useQuery({ queryKey: proactiveKeys.screen, queryFn: proactiveService.screen, refetchInterval: poll, refetchIntervalInBackground: true, staleTime: 0, gcTime: 0 });
  const boundaries = useQuery({ queryKey: geoKeys.boundaries, queryFn: geoService.boundaries, staleTime: Infinity });
  const [mapReady, setMapReady] = useState(false);
  useEffect(() => {
    const geo = boundaries.data ? mapOf(boundaries.data) : null;
    if (!geo) return;
    registerMap(MAP, geo as Parameters<typeof registerMap>[1]);
    setMapReady(true);
  }, [boundaries.data]);
  const d = screen.data;
  const clock = new Date(now).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

  return (
    <div className="screen-viewport">
      <div className="screen" style={{ width: WIDTH, height: HEIGHT, transform: `scale(${scale})` }} data-testid="big-screen">
        <header className="screen-header">
          <div className="screen-title">嘉峪关 12345 接诉即办 · 数据大屏</div>
          <div className="screen-clock" data-testid="screen-clock">
            {clock}
          </div>
          <div className="screen-status" data-testid="screen-status">
            {screen.isError ? <span className="screen-error">数据更新失败：{messageOf(screen.error)}，稍后自动重试</span> : d ? `数据截至 ${new Date(d.asOf).toLocaleTimeString('zh-CN', { hour12: false })}` : '加载中…'}
          </div>
        </header>
        <section className="screen-left">
          <Panel title="今日诉求">
            <div className="screen-today">
              <Figure label="受理" value={d?.today.received} testId="today-received" />
              <Figure label="派单" value={d?.today.dispatched} testId="today-dispatched" />
              <Figure label="答复" value={d?.today.replied} testId="today-replied" />
              <Figure label="办结" value={d?.today.closed} testId="today-closed" />
            </div>
          </Panel>
          <Panel title={`本月三率${d?.rates ? `（${d.rates.period}）` : ''}`}>
            <div className="screen-rates">
              <Figure label="响应率" value={d ? percent(d.rates?.response.rate) : undefined} testId="rate-response" />
              <Figure label="办结率" value={d ? percent(d.rates?.completion.rate) : undefined} testId="rate-completion" />
              <Figure label="满意率" value={d ? percent(d.rates?.satisfaction.rate) : undefined} testId="rate-satisfaction" />
            </div>
          </Panel>
          <Panel title="本月诉求分类" grow>
            <CategoryChart data={d} />
          </Panel>
        </section>
        <section className="screen-centre">
          <Panel title="诉求分布（近 7 天未办结诉求与本月各社区诉求量）" grow>
            {mapReady ? <CityMap data={d} /> : <div className="screen-empty">{boundaries.isError ? '地图边界加载失败' : boundaries.data ? '尚未配置区域边界' : '地图加载中…'}</div>}
          </Panel>
          <Panel title="近 30 天受理趋势" height={300}>
            <TrendChart data={d} />
          </Panel>
        </section>
        <section className="screen-right">
          <Panel title="本月单位排名" grow>
            <Ranking data={d} />
          </Panel>
          <Panel title="本月一题" height={300}>
            <CurrentTopic data={d} />
          </Panel>
        </section>
      </div>
    </div>
  );
}

function Panel({ title, children, grow, height }: { title: string; children: React.ReactNode; grow?: boolean; height?: number }) {
  return (
    <div className="screen-panel" style={grow ? { flex: 1, minHeight: 0 } : { height }}>
      <div className="screen-panel-title">{title}</div>
      <div className="screen-panel-body">{children}</div>
    </div>
  );
}

function Figure({ label, value, testId }: { label: string; value: number | string | undefined; testId: string }) {
  return (
    <div className="screen-figure">
      <div className="screen-figure-value" data-testid={testId}>
        {value ?? '—'}
      </div>
      <div className="screen-figure-label">{label}</div>
    </div>
  );
}

function CategoryChart({ data }: { data: ScreenSummary | undefined }) {
  const option = useMemo<ChartOption | null>(() => {
    if (!data) return null;
    const rows = data.categories.level1.slice(0, 10).reverse();
    return {
      animationDurationUpdate: 300,
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', axisLabel: AXIS, splitLine: SPLIT },
      yAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { ...AXIS, fontSize: 14 } },
      series: [{ id: 'categories', type: 'bar', data: rows.map((r) => r.count), itemStyle: { color: '#36cfc9' }, label: { show: true, position: 'right', color: '#e6f4ff' } }],
    };
  }, [data]);
  const ref = useChart(option);
  return <div ref={ref} className="screen-chart" data-testid="chart-categories" />;
}

function TrendChart({ data }: { data: ScreenSummary | undefined }) {
  const option = useMemo<ChartOption | null>(() => {
    if (!data) return null;
    return {
      animationDurationUpdate: 300,
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: data.trend.map((t) => t.date.slice(5)), axisLabel: AXIS },
      yAxis: { type: 'value', axisLabel: AXIS, splitLine: SPLIT, minInterval: 1 },
      series: [{ id: 'trend', type: 'line', smooth: true, data: data.trend.map((t) => t.count), itemStyle: { color: '#ffc53d' }, areaStyle: { color: 'rgba(255,197,61,0.15)' } }],
    };
  }, [data]);
  const ref = useChart(option);
  return <div ref={ref} className="screen-chart" data-testid="chart-trend" />;
}

function CityMap({ data }: { data: ScreenSummary | undefined }) {
  const option = useMemo<ChartOption | null>(() => {
    if (!data) return null;
    const max = Math.max(1, ...data.communities.map((c) => c.count));
    return {
      animation: false,
      tooltip: { trigger: 'item' },
      geo: {
        map: MAP,
        roam: false,
        layoutCenter: ['50%', '50%'],
        layoutSize: '95%',
        itemStyle: { areaColor: '#0f2a4a', borderColor: '#3b6ea5' },
        emphasis: { label: { show: false }, itemStyle: { areaColor: '#1d4f80' } },
        label: { show: false },
      },
      visualMap: { type: 'continuous', seriesIndex: 0, min: 0, max, calculable: false, left: 16, bottom: 16, text: ['多', '少'], textStyle: { color: '#8fb3d9' }, inRange: { color: ['#12345a', '#1f6fb2', '#f5a623', '#f5222d'] } },
      series: [
        { id: 'communities', type: 'map', geoIndex: 0, data: data.communities.map((c) => ({ name: c.name, value: c.count })) },
        {
          id: 'points',
          type: 'scatter',
          coordinateSystem: 'geo',
          symbolSize: 6,
          itemStyle: { color: '#ff7a45', opacity: 0.85 },
          data: data.points.map((p) => ({ name: p.category, value: [p.lng, p.lat] })),
        },
      ],
    };
  }, [data]);
  const ref = useChart(option);
  return <div ref={ref} className="screen-chart" data-testid="chart-map" />;
}

function Ranking({ data }: { data: ScreenSummary | undefined }) {
  if (!data) return <div className="screen-empty">加载中…</div>;
  if (data.units.length === 0) return <div className="screen-empty">本月暂无考核数据</div>;
  return (
    <table className="screen-ranking" data-testid="screen-ranking">
      <thead>
        <tr>
          <th>名次</th>
          <th>单位</th>
          <th>得分</th>
          <th>响应</th>
          <th>办结</th>
          <th>满意</th>
        </tr>
      </thead>
      <tbody>
        {data.units.map((u) => (
          <tr key={u.id}>
            <td>
              <span className={`screen-rank screen-rank-${Math.min(u.rank, 4)}`}>{u.rank}</span>
            </td>
            <td className="screen-unit">{u.name}</td>
            <td>{u.score.toFixed(1)}</td>
            <td>{percent(u.response)}</td>
            <td>{percent(u.completion)}</td>
            <td>{percent(u.satisfaction)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CurrentTopic({ data }: { data: ScreenSummary | undefined }) {
  if (!data) return <div className="screen-empty">加载中…</div>;
  const t = data.topic;
  if (!t) return <div className="screen-empty">本月尚未选题</div>;
  return (
    <div className="screen-topic" data-testid="screen-topic">
      <div className="screen-topic-title">
        {t.title}
        <span className="screen-topic-status">{TOPIC_STATUS_LABELS[t.status]}</span>
      </div>
      <div className="screen-topic-problem">{t.problem}</div>
      <div>牵头：{t.leadUnitName ?? '待交题'}</div>
      <div>配合：{t.cooperatingUnits.map((u) => u.name).join('、') || '—'}</div>
      <div>
        期限：{t.deadline ?? '—'}　关联诉求 <b>{t.taggedTickets}</b> 件
      </div>
    </div>
  );
}
