import { useQuery } from '@tanstack/react-query';
import { Button, Card, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { QueryState } from '../../components/QueryState';
import { useAccess } from '../../hooks/session';
import { proactiveKeys, proactiveService, type Topic, TOPIC_STATUS_COLORS, TOPIC_STATUS_LABELS, VERDICT_LABELS } from '../../services/proactive';
import { CreateTopicModal } from './CreateTopicModal';

/** 每月一题: the centre sees every topic; a unit handler the ones their unit leads or cooperates on. */
export default function TopicsPage() {
  const access = useAccess();
  const topics = useQuery({ queryKey: proactiveKeys.topics(), queryFn: proactiveService.topics });
  const [creating, setCreating] = useState(false);
  return (
    <Card
      title="每月一题"
      extra={
        access.manageTopics && (
          <Button type="primary" onClick={() => setCreating(true)}>
            新建专题
          </Button>
        )
      }
    >
      <QueryState query={topics} isEmpty={(d) => d.length === 0} empty={access.reportTopics ? '本单位暂无参与的专题' : '暂无专题，可在“热点”页从上升问题选题'}>
        {(d) => (
          <Table<Topic>
            data-testid="topics"
            rowKey="id"
            dataSource={d}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: '月份', dataIndex: 'month', width: 90 },
              { title: '专题', render: (_, t) => <Link to={`/proactive/topics/${t.id}`}>{t.title}</Link> },
              { title: '状态', width: 100, render: (_, t) => <Tag color={TOPIC_STATUS_COLORS[t.status]}>{TOPIC_STATUS_LABELS[t.status]}</Tag> },
              { title: '牵头单位', render: (_, t) => t.leadUnitName ?? <Typography.Text type="secondary">待交题</Typography.Text> },
              { title: '配合单位', render: (_, t) => t.cooperatingUnits.map((u) => u.name).join('、') || '—' },
              { title: '期限', dataIndex: 'deadline', width: 110, render: (v: string | null) => v ?? '—' },
              { title: '关联诉求', dataIndex: 'taggedTickets', align: 'right', width: 90 },
              { title: '评题结果', width: 100, render: (_, t) => (t.verdict ? VERDICT_LABELS[t.verdict] : '—') },
            ]}
          />
        )}
      </QueryState>
      {creating && <CreateTopicModal draft={{}} onClose={() => setCreating(false)} />}
    </Card>
  );
}
