import { useQuery } from '@tanstack/react-query';
import type { KnowledgeEntryView } from '@jyg12345/shared';
import { Button, Card, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { CategorySelect } from '../../components/CategorySelect';
import { formatTime } from '../../components/format';
import { useCategoryNames } from '../../hooks/reference';
import { useDebounced } from '../../hooks/useDebounced';
import { type KnowledgeBody, knowledgeKeys, knowledgeService } from '../../services/knowledge';
import { ActiveSwitch, AdminModal, AdminTable, activeColumn, editColumn, useAdminSave } from './admin-kit';

/** Answers operators give callers directly (直接答复). */
export default function KnowledgePage() {
  const [q, setQ] = useState('');
  const term = useDebounced(q.trim(), 300);
  const list = useQuery({ queryKey: knowledgeKeys.search(term, true), queryFn: () => knowledgeService.search(term, true) });
  const categoryName = useCategoryNames();
  const [editing, setEditing] = useState<KnowledgeEntryView | 'new' | null>(null);
  return (
    <Card
      title="知识库"
      extra={
        <Space>
          <Input.Search placeholder="搜索标题、关键词或内容" allowClear value={q} onChange={(e) => setQ(e.target.value)} style={{ width: 260 }} />
          <Button type="primary" onClick={() => setEditing('new')}>
            新增条目
          </Button>
        </Space>
      }
    >
      <AdminTable<KnowledgeEntryView>
        query={list}
        empty="没有知识条目"
        columns={[
          { title: '标题', dataIndex: 'title', width: 220 },
          { title: '内容', dataIndex: 'content', ellipsis: true },
          { title: '分类', key: 'category', width: 200, render: (_, k) => (k.categoryId ? categoryName(k.categoryId) : '—') },
          { title: '关键词', dataIndex: 'keywords', width: 140 },
          activeColumn(70),
          { title: '更新', key: 'updated', width: 140, render: (_, k) => formatTime(k.updatedAt) },
          editColumn<KnowledgeEntryView>(70, setEditing),
        ]}
      />
      {editing && <KnowledgeModal entry={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}

function KnowledgeModal({ entry, onClose }: { entry: KnowledgeEntryView | null; onClose: () => void }) {
  const [form] = Form.useForm<KnowledgeBody>();
  const fields = ['title', 'content', 'categoryId', 'keywords'] as const;
  const save = useAdminSave(form, {
    save: (v: KnowledgeBody) => {
      const body = { ...v, categoryId: v.categoryId ?? null, keywords: v.keywords ?? '' };
      return entry ? knowledgeService.update(entry.id, body) : knowledgeService.create(body);
    },
    queryKey: knowledgeKeys.all,
    fields,
    done: onClose,
  });
  return (
    <AdminModal width={640} title={entry ? '编辑知识条目' : '新增知识条目'} form={form} save={save} fields={fields} onClose={onClose} initialValues={entry ?? { active: true }}>
      <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写标题' }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="content" label="答复内容" rules={[{ required: true, whitespace: true, message: '请填写答复内容' }]}>
        <Input.TextArea rows={6} maxLength={10000} showCount />
      </Form.Item>
      <Form.Item name="categoryId" label="分类">
        <CategorySelect />
      </Form.Item>
      <Form.Item name="keywords" label="关键词（空格或逗号分隔）">
        <Input maxLength={200} />
      </Form.Item>
      <ActiveSwitch />
    </AdminModal>
  );
}
