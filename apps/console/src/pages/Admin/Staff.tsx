import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { LIMITS, STAFF_ROLES, type StaffRole, type StaffView } from '@jyg12345/shared';
import { Button, Card, Form, Input, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { ErrorText } from '../../components/ErrorText';
import { UnitPicker } from '../../components/UnitPicker';
import { useUnitNames } from '../../hooks/reference';
import { type CreateStaffBody, STAFF_ROLE_LABELS, staffKeys, staffService } from '../../services/staff';
import { AdminModal, AdminTable, PAGED, useAdminSave } from './admin-kit';

const PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;
type Editing = { kind: 'create' } | { kind: 'edit'; staff: StaffView } | { kind: 'password'; staff: StaffView };

/** Staff accounts: create, change role or unit, disable, reset password. */
export default function StaffPage() {
  const list = useQuery({ queryKey: staffKeys.list(), queryFn: staffService.list });
  const unitName = useUnitNames();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [filter, setFilter] = useState('');
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: (s: StaffView) => staffService.update(s.id, { active: !s.active }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: staffKeys.all }),
  });
  return (
    <Card
      title="人员管理"
      extra={
        <Space>
          <Input.Search placeholder="用户名或姓名" allowClear onChange={(e) => setFilter(e.target.value.trim())} style={{ width: 220 }} />
          <Button type="primary" onClick={() => setEditing({ kind: 'create' })}>
            新增人员
          </Button>
        </Space>
      }
    >
      <ErrorText error={toggle.error} />
      <AdminTable<StaffView>
        query={list}
        empty="暂无人员"
        shown={(s) => !filter || s.username.includes(filter) || s.displayName.includes(filter)}
        pagination={PAGED}
        columns={[
          { title: '用户名', dataIndex: 'username' },
          { title: '姓名', dataIndex: 'displayName' },
          { title: '角色', key: 'role', render: (_, s) => STAFF_ROLE_LABELS[s.role] },
          { title: '单位', key: 'unit', render: (_, s) => unitName(s.unitId) },
          { title: '电话', dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
          { title: '状态', key: 'active', render: (_, s) => (s.active ? <Tag color="green">启用</Tag> : <Tag>已停用</Tag>) },
          {
            title: '操作',
            key: 'op',
            width: 240,
            render: (_, s) => (
              <Space size={4}>
                <Button size="small" onClick={() => setEditing({ kind: 'edit', staff: s })}>
                  编辑
                </Button>
                <Button size="small" onClick={() => setEditing({ kind: 'password', staff: s })}>
                  重置密码
                </Button>
                <Button size="small" danger={s.active} onClick={() => toggle.mutate(s)}>
                  {s.active ? '停用' : '启用'}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {editing && <StaffModal editing={editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}

function StaffModal({ editing, onClose }: { editing: Editing; onClose: () => void }) {
  const [form] = Form.useForm<CreateStaffBody>();
  const fields = ['username', 'password', 'displayName', 'role', 'unitId', 'phone'] as const;
  const save = useAdminSave(form, {
    save: (v: CreateStaffBody) => {
      const phone = v.phone?.trim() || undefined;
      if (editing.kind === 'create') return staffService.create({ ...v, phone, displayName: v.displayName?.trim() || undefined });
      if (editing.kind === 'password') return staffService.update(editing.staff.id, { password: v.password });
      return staffService.update(editing.staff.id, { displayName: v.displayName?.trim() || undefined, role: v.role, unitId: v.unitId, phone });
    },
    queryKey: staffKeys.all,
    fields,
    done: onClose,
  });
  const s = editing.kind === 'create' ? null : editing.staff;
  const title = editing.kind === 'create' ? '新增人员' : editing.kind === 'password' ? `重置密码 · ${s?.username}` : `编辑 · ${s?.username}`;
  return (
    <AdminModal
      title={title}
      form={form}
      save={save}
      fields={fields}
      onClose={onClose}
      initialValues={s ? { displayName: s.displayName, role: s.role, unitId: s.unitId, phone: s.phone ?? undefined } : { role: 'operator' as StaffRole }}
    >
      {editing.kind === 'create' && (
        <Form.Item name="username" label="用户名" rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9._-]{2,63}$/, message: '3-64 位小写字母、数字或 . _ -' }]}>
          <Input />
        </Form.Item>
      )}
      {editing.kind !== 'edit' && (
        <Form.Item name="password" label={editing.kind === 'password' ? '新密码' : '初始密码'} rules={[{ required: true, min: LIMITS.passwordMin, message: `至少 ${LIMITS.passwordMin} 位` }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      )}
      {editing.kind !== 'password' && (
        <>
          <Form.Item name="displayName" label="姓名">
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="role" label="角色" rules={[{ required: true }]}>
            <Select options={STAFF_ROLES.map((r) => ({ value: r, label: STAFF_ROLE_LABELS[r] }))} />
          </Form.Item>
          <Form.Item name="unitId" label="所属单位" rules={[{ required: true, message: '请选择单位' }]}>
            <UnitPicker />
          </Form.Item>
          <Form.Item name="phone" label="电话" rules={[{ pattern: PHONE, message: '请输入正确的电话号码' }]}>
            <Input maxLength={13} />
          </Form.Item>
        </>
      )}
    </AdminModal>
  );
}
