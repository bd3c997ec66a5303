import { UNIT_KINDS, type UnitKind, type UnitView } from '@jyg12345/shared';
import { Button, Card, Descriptions, Empty, Form, Input, Select, Space, Tag, Tree } from 'antd';
import { useMemo, useState } from 'react';
import { ErrorText } from '../../components/ErrorText';
import { QueryState } from '../../components/QueryState';
import { useUnits } from '../../hooks/reference';
import { UNIT_KIND_LABELS, unitKeys, unitService } from '../../services/units';
import { AdminColumns, AdminModal, useAdminSave } from './admin-kit';

interface Node {
  key: string;
  title: React.ReactNode;
  children: Node[];
}

const UNIT_FIELDS = ['code', 'name', 'kind'];

/** The organisation (1 + N + 3 + 48) as a tree: create, rename, deactivate. */
export default function UnitsPage() {
  const units = useUnits();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [creating, setCreating] = useState<{ parentId: string | null } | null>(null);
  const [filter, setFilter] = useState('');
  const tree = useMemo(() => {
    const list = units.data ?? [];
    const nodes = new Map<string, Node>();
    for (const u of list)
      nodes.set(u.id, {
        key: u.id,
        title: (
          <span style={{ opacity: u.active ? 1 : 0.5 }}>
            {u.name} <Tag>{UNIT_KIND_LABELS[u.kind]}</Tag>
            {!u.active && <Tag color="default">已停用</Tag>}
          </span>
        ),
        children: [],
      });
    const roots: Node[] = [];
    const match = (u: UnitView) => !filter || u.name.includes(filter) || u.code.includes(filter);
    for (const u of list) {
      if (!match(u) && !list.some((c) => c.parentId === u.id && match(c))) continue;
      const n = nodes.get(u.id)!;
      const parent = u.parentId ? nodes.get(u.parentId) : undefined;
      (parent ? parent.children : roots).push(n);
    }
    return roots;
  }, [units.data, filter]);
  const selected = units.data?.find((u) => u.id === selectedId) ?? null;
  return (
    <>
      <AdminColumns
        span={14}
        main={
          <Card
            title="单位"
            extra={
              <Space>
                <Input.Search placeholder="搜索单位" allowClear onChange={(e) => setFilter(e.target.value.trim())} style={{ width: 200 }} />
                <Button onClick={() => setCreating({ parentId: null })}>新增一级单位</Button>
              </Space>
            }
          >
            <QueryState query={units} isEmpty={(d) => d.length === 0} empty="暂无单位">
              {() => <Tree treeData={tree} defaultExpandAll height={640} onSelect={(keys) => setSelectedId((keys[0] as string) ?? null)} selectedKeys={selectedId ? [selectedId] : []} />}
            </QueryState>
          </Card>
        }
        side={
          selected ? (
            <UnitPanel unit={selected} parentName={units.data?.find((u) => u.id === selected.parentId)?.name ?? '—'} onAddChild={() => setCreating({ parentId: selected.id })} />
          ) : (
            <Card>
              <Empty description="在左侧选择一个单位" />
            </Card>
          )
        }
      />
      {creating && <CreateUnitModal parentId={creating.parentId} onClose={() => setCreating(null)} />}
    </>
  );
}

function UnitPanel({ unit, parentName, onAddChild }: { unit: UnitView; parentName: string; onAddChild: () => void }) {
  const [form] = Form.useForm<{ name: string }>();
  const update = useAdminSave(form, { save: (body: { name?: string; active?: boolean }) => unitService.update(unit.id, body), queryKey: unitKeys.all, fields: ['name'] });
  return (
    <Card title={unit.name} key={unit.id}>
      <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
        <Descriptions.Item label="编码">{unit.code}</Descriptions.Item>
        <Descriptions.Item label="类型">{UNIT_KIND_LABELS[unit.kind]}</Descriptions.Item>
        <Descriptions.Item label="上级">{parentName}</Descriptions.Item>
        <Descriptions.Item label="状态">{unit.active ? '启用' : '已停用'}</Descriptions.Item>
      </Descriptions>
      <Form form={form} name="unit" layout="inline" initialValues={{ name: unit.name }} onFinish={(v) => update.mutate({ name: v.name.trim() })}>
        <Form.Item name="name" rules={[{ required: true, whitespace: true, message: '请输入名称' }]}>
          <Input maxLength={100} style={{ width: 240 }} aria-label="单位名称" />
        </Form.Item>
        <Button htmlType="submit" loading={update.isPending}>
          重命名
        </Button>
      </Form>
      <ErrorText error={update.error} fields={['name']} />
      <Space style={{ marginTop: 16 }}>
        <Button onClick={onAddChild}>新增下级单位</Button>
        <Button danger={unit.active} onClick={() => update.mutate({ active: !unit.active })}>
          {unit.active ? '停用' : '启用'}
        </Button>
      </Space>
    </Card>
  );
}

function CreateUnitModal({ parentId, onClose }: { parentId: string | null; onClose: () => void }) {
  const [form] = Form.useForm<{ code: string; name: string; kind: UnitKind }>();
  const create = useAdminSave(form, {
    save: (v: { code: string; name: string; kind: UnitKind }) => unitService.create({ ...v, name: v.name.trim(), parentId }),
    queryKey: unitKeys.all,
    fields: UNIT_FIELDS,
    done: onClose,
    success: null,
  });
  return (
    <AdminModal title={parentId ? '新增下级单位' : '新增一级单位'} form={form} save={create} fields={UNIT_FIELDS} onClose={onClose} name="newUnit" initialValues={{ kind: 'community' }}>
      <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请输入名称' }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="code" label="编码" rules={[{ required: true, pattern: /^[A-Za-z0-9._-]{1,64}$/, message: '字母、数字或 . _ -，最多 64 位' }]}>
        <Input maxLength={64} />
      </Form.Item>
      <Form.Item name="kind" label="类型">
        <Select options={UNIT_KINDS.map((k) => ({ value: k, label: UNIT_KIND_LABELS[k] }))} />
      </Form.Item>
    </AdminModal>
  );
}
