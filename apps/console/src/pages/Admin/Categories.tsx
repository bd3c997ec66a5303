import { type CategoryView, REPLY_WORKING_DAYS } from '@jyg12345/shared';
import { Button, Card, Form, Input, InputNumber, Space, Typography } from 'antd';
import { useState } from 'react';
import { UnitPicker } from '../../components/UnitPicker';
import { useCategories, useUnitNames } from '../../hooks/reference';
import { type CategoryBody, categoryKeys, categoryService } from '../../services/categories';
import { ActiveSwitch, AdminModal, AdminTable, PAGED, activeColumn, editColumn, useAdminSave } from './admin-kit';

/** Categories, their default unit and their reply deadline in working days (empty: by appeal type). */
export default function CategoriesPage() {
  const list = useCategories();
  const unitName = useUnitNames();
  const [editing, setEditing] = useState<CategoryView | 'new' | null>(null);
  const [filter, setFilter] = useState('');
  return (
    <Card
      title="分类与办理时限"
      extra={
        <Space>
          <Input.Search placeholder="搜索分类" allowClear onChange={(e) => setFilter(e.target.value.trim())} style={{ width: 220 }} />
          <Button type="primary" onClick={() => setEditing('new')}>
            新增分类
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        未设置时限的分类按诉求类型计算：咨询 {REPLY_WORKING_DAYS.consultation} 个工作日，求助/建议 {REPLY_WORKING_DAYS.help} 个，投诉/举报 {REPLY_WORKING_DAYS.complaint} 个；省级转办减半，紧急件当日。
      </Typography.Paragraph>
      <AdminTable<CategoryView>
        query={list}
        empty="暂无分类"
        shown={(c) => !filter || `${c.code}${c.level1}${c.level2}${c.level3}`.includes(filter)}
        pagination={PAGED}
        columns={[
          { title: '编码', dataIndex: 'code', width: 120 },
          { title: '一级', dataIndex: 'level1' },
          { title: '二级', dataIndex: 'level2' },
          { title: '三级', dataIndex: 'level3' },
          { title: '默认承办', key: 'unit', render: (_, c) => unitName(c.defaultUnitId) },
          { title: '时限（工作日）', key: 'days', width: 120, render: (_, c) => c.replyDays ?? <Typography.Text type="secondary">按类型</Typography.Text> },
          activeColumn(80),
          editColumn<CategoryView>(80, setEditing),
        ]}
      />
      {editing && <CategoryModal category={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}

function CategoryModal({ category, onClose }: { category: CategoryView | null; onClose: () => void }) {
  const [form] = Form.useForm<CategoryBody>();
  const fields = ['code', 'level1', 'level2', 'level3', 'defaultUnitId', 'replyDays'] as const;
  const save = useAdminSave(form, {
    save: (v: CategoryBody) => {
      const body = { ...v, defaultUnitId: v.defaultUnitId ?? null, replyDays: v.replyDays ?? null };
      if (category) {
        const { code: _code, ...rest } = body;
        return categoryService.update(category.id, rest);
      }
      return categoryService.create(body);
    },
    queryKey: categoryKeys.all,
    fields,
    done: onClose,
  });
  return (
    <AdminModal title={category ? '编辑分类' : '新增分类'} form={form} save={save} fields={fields} onClose={onClose} initialValues={category ?? { active: true }}>
      {!category && (
        <Form.Item name="code" label="编码" rules={[{ required: true, pattern: /^[A-Za-z0-9._-]{1,32}$/, message: '字母、数字或 . _ -，最多 32 位' }]}>
          <Input />
        </Form.Item>
      )}
      {(['level1', 'level2', 'level3'] as const).map((l, i) => (
        <Form.Item key={l} name={l} label={`${'一二三'[i]}级分类`} rules={[{ required: true, whitespace: true, message: '请填写' }]}>
          <Input maxLength={50} />
        </Form.Item>
      ))}
      <Form.Item name="defaultUnitId" label="默认承办单位">
        <UnitPicker />
      </Form.Item>
      <Form.Item name="replyDays" label="答复时限（工作日，留空按诉求类型）">
        <InputNumber min={0} max={60} />
      </Form.Item>
      {category && <ActiveSwitch />}
    </AdminModal>
  );
}
