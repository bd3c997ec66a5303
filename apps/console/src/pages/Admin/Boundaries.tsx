import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BoundaryView } from '@jyg12345/shared';
import { App, Button, Card, Form, Input, Select, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { apiFieldErrors, ErrorText } from '../../components/ErrorText';
import { formatTime } from '../../components/format';
import { MapView } from '../../components/MapView';
import { useUnitNames, useUnits } from '../../hooks/reference';
import { type BoundaryKind, geoKeys, geoService } from '../../services/geo';
import { isApiError } from '../../services/http';
import { AdminColumns, AdminTable } from './admin-kit';

const KIND_LABELS: Record<BoundaryKind, string> = { service_area: '服务区域（全市）', street: '街道（镇）', community: '社区（村）' };

interface Upload {
  kind: BoundaryKind;
  unitId?: string;
  name: string;
  approximate: boolean;
}

/** Upload a GeoJSON Polygon/MultiPolygon (or a Feature with one) for the city, a street or a community; preview first. */
function geometryOf(text: string): BoundaryView['geojson'] | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return '不是有效的 JSON 文件';
  }
  const obj = json as { type?: string; geometry?: unknown; features?: unknown[]; coordinates?: unknown };
  const g = (obj.type === 'FeatureCollection' ? (obj.features?.[0] as { geometry?: unknown } | undefined)?.geometry : obj.type === 'Feature' ? obj.geometry : obj) as
    | { type?: string; coordinates?: unknown }
    | undefined;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || !Array.isArray(g.coordinates)) return '需要 Polygon 或 MultiPolygon 几何（GCJ-02 坐标）';
  return { type: g.type, coordinates: g.coordinates };
}

export default function BoundariesPage() {
  const list = useQuery({ queryKey: geoKeys.boundaries, queryFn: geoService.boundaries });
  const units = useUnits();
  const unitName = useUnitNames();
  const [form] = Form.useForm<Upload>();
  const kind = Form.useWatch('kind', form) ?? 'community';
  const [geometry, setGeometry] = useState<BoundaryView['geojson'] | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: (v: Upload) => geoService.putBoundary(v.kind, v.kind === 'service_area' ? null : (v.unitId ?? null), { name: v.name.trim(), geojson: geometry!, approximate: v.approximate }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: geoKeys.boundaries });
      void message.success('边界已保存');
      setGeometry(null);
    },
    onError: (error) => {
      form.setFields(apiFieldErrors(error, ['name']));
      if (isApiError(error) && error.fieldMessage('geojson')) setFileError(`边界数据有误：${error.fieldMessage('geojson')}`);
    },
  });
  const values = Form.useWatch([], form) as Upload | undefined;
  const preview: BoundaryView[] | undefined =
    geometry && list.data
      ? [
          ...list.data.filter((b) => !(b.kind === kind && (kind === 'service_area' || b.unitId === values?.unitId))),
          { id: 'preview', kind, unitId: values?.unitId ?? null, name: values?.name ?? '预览', geojson: geometry, approximate: false, updatedAt: '' },
        ]
      : undefined;
  const areaUnits = (units.data ?? []).filter((u) => u.kind === kind && u.active);

  return (
    <AdminColumns
      span={10}
      main={
        <Card title="上传边界">
          <Form form={form} layout="vertical" initialValues={{ kind: 'community', approximate: false }} onFinish={(v) => (geometry ? save.mutate(v) : setFileError('请先选择 GeoJSON 文件'))}>
            <Form.Item name="kind" label="范围">
              <Select options={(Object.keys(KIND_LABELS) as BoundaryKind[]).map((k) => ({ value: k, label: KIND_LABELS[k] }))} />
            </Form.Item>
            {kind !== 'service_area' && (
              <Form.Item name="unitId" label={kind === 'street' ? '街道' : '社区'} rules={[{ required: true, message: '请选择单位' }]}>
                <Select
                  showSearch
                  optionFilterProp="label"
                  options={areaUnits.map((u) => ({ value: u.id, label: u.name }))}
                  onChange={(id: string) => form.setFieldValue('name', areaUnits.find((u) => u.id === id)?.name)}
                />
              </Form.Item>
            )}
            <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item label="GeoJSON 文件（GCJ-02）" validateStatus={fileError ? 'error' : undefined} help={fileError ?? undefined}>
              <input
                type="file"
                accept=".json,.geojson,application/geo+json,application/json"
                aria-label="GeoJSON 文件"
                onChange={async (e) => {
                  const file = e.target.files?.[0];
                  if (!file) return;
                  const g = geometryOf(await file.text());
                  if (typeof g === 'string') {
                    setFileError(g);
                    setGeometry(null);
                  } else {
                    setFileError(null);
                    setGeometry(g);
                  }
                }}
              />
            </Form.Item>
            <Form.Item name="approximate" label="示意边界（非官方）" valuePropName="checked">
              <Switch />
            </Form.Item>
            <ErrorText error={save.error} fields={['name', 'geojson']} />
            <Button type="primary" htmlType="submit" loading={save.isPending} disabled={!geometry}>
              保存边界
            </Button>
          </Form>
        </Card>
      }
      side={
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Card title={preview ? '预览（橙色为新边界）' : '当前边界'}>
            <MapView boundaries={preview} highlight={preview ? (values?.unitId ?? null) : null} height={360} />
            {preview && kind === 'service_area' && <Typography.Text type="secondary">服务区域将被替换</Typography.Text>}
          </Card>
          <Card title="已有边界" size="small">
            <AdminTable<BoundaryView>
              query={list}
              empty="尚未上传边界"
              pagination={{ pageSize: 10, showSizeChanger: false }}
              columns={[
                { title: '名称', dataIndex: 'name' },
                { title: '范围', key: 'kind', render: (_, b) => KIND_LABELS[b.kind] },
                { title: '单位', key: 'unit', render: (_, b) => (b.unitId ? unitName(b.unitId) : '—') },
                { title: '示意', key: 'approx', render: (_, b) => (b.approximate ? <Tag>示意</Tag> : '') },
                { title: '更新', key: 'updated', render: (_, b) => formatTime(b.updatedAt) },
              ]}
            />
          </Card>
        </Space>
      }
    />
  );
}
