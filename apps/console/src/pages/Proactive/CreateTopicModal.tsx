import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select, Typography } from 'antd';
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { apiFieldErrors, ErrorText } from '../../components/ErrorText';
import { useCategories, useUnits } from '../../hooks/reference';
import { categoryName } from '../../services/categories';
import { type CreateTopicBody, proactiveKeys, proactiveService } from '../../services/proactive';

/** What a hot spot proposes: the form starts from it, and it is kept as the topic's source. */
export interface TopicDraft {
  title?: string;
  problem?: string;
  categoryIds?: string[];
  words?: string[];
  communityIds?: string[];
  source?: CreateTopicBody['source'];
}

interface Values {
  title: string;
  problem: string;
  month: string;
  categoryIds: string[];
  words: string[];
  communityIds: string[];
}

const FIELDS = ['title', 'problem', 'month'] as const;

export function thisMonth(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
}

/** 选题: a topic from a hot spot (prefilled) or by hand; the month's matching appeals are tagged at once. */
export function CreateTopicModal({ draft, onClose }: { draft: TopicDraft; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const categories = useCategories();
  const units = useUnits();
  const categoryOptions = useMemo(() => (categories.data ?? []).filter((c) => c.active).map((c) => ({ value: c.id, label: categoryName(c) })), [categories.data]);
  const communityOptions = useMemo(() => (units.data ?? []).filter((u) => u.kind === 'community' && u.active).map((u) => ({ value: u.id, label: u.name })), [units.data]);
  const create = useMutation({
    mutationFn: (v: Values) =>
      proactiveService.create({
        title: v.title,
        problem: v.problem,
        month: v.month,
        rule: { categoryIds: v.categoryIds ?? [], words: v.words ?? [], communityIds: v.communityIds ?? [] },
        ...(draft.source ? { source: draft.source } : {}),
      }),
    onSuccess: (topic) => {
      void message.success(`已选题，本月已匹配 ${topic.taggedTickets} 件诉求`);
      void queryClient.invalidateQueries({ queryKey: proactiveKeys.topics() });
      onClose();
      navigate(`/proactive/topics/${topic.id}`);
    },
  });
  return (
    <Modal open title="选题：新建每月一题" okText="确定选题" cancelText="取消" onOk={() => form.submit()} confirmLoading={create.isPending} onCancel={onClose} width={640}>
      {draft.source && (
        <Typography.Paragraph type="secondary" data-testid="topic-source">
          来源：{String(draft.source.label ?? '热点分析')}
        </Typography.Paragraph>
      )}
      <ErrorText error={create.error} fields={[...FIELDS]} />
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ title: draft.title, problem: draft.problem, month: thisMonth(), categoryIds: draft.categoryIds ?? [], words: draft.words ?? [], communityIds: draft.communityIds ?? [] }}
        onFinish={(v) => create.mutate(v)}
        fields={apiFieldErrors(create.error, [...FIELDS])}
      >
        <Form.Item name="title" label="专题名称" rules={[{ required: true, min: 2, message: '请输入专题名称（至少 2 个字）' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="problem" label="问题描述" rules={[{ required: true, min: 2, message: '请描述要解决的问题' }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="month" label="月份" rules={[{ required: true, message: '请选择月份' }]}>
          <Input type="month" style={{ width: 200 }} />
        </Form.Item>
        <Typography.Text strong>匹配规则</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          属于任一分类或含任一关键词的诉求会自动关联到本专题；限定社区时只匹配这些社区。分类与关键词至少填一项。
        </Typography.Paragraph>
        <Form.Item name="categoryIds" label="分类">
          <Select mode="multiple" options={categoryOptions} optionFilterProp="label" placeholder="输入分类名称搜索" loading={categories.isPending} />
        </Form.Item>
        <Form.Item name="words" label="关键词">
          <Select mode="tags" tokenSeparators={[',', '，', ' ']} placeholder="输入关键词后回车，如：暖气" open={false} />
        </Form.Item>
        <Form.Item
          name="communityIds"
          label="社区（不选为全市）"
          rules={[
            {
              validator: async () => {
                const v = form.getFieldsValue();
                if ((v.categoryIds ?? []).length === 0 && (v.words ?? []).length === 0) throw new Error('分类与关键词至少填一项');
              },
            },
          ]}
        >
          <Select mode="multiple" options={communityOptions} optionFilterProp="label" placeholder="输入社区名称搜索" loading={units.isPending} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
