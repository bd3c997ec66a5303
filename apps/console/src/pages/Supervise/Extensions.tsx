import { Tag } from 'antd';
import { SupervisionQueue } from '../../components/SupervisionQueue';

/** Units asking for more days: approve or refuse with a reason. */
export default function ExtensionsPage() {
  return (
    <SupervisionQueue
      title="延期审核"
      query={{ status: ['in_progress'] }}
      narrow={(t) => t.pendingExtensionDays !== null}
      actions={['approve_extension', 'refuse_extension']}
      columns={['number', 'category', 'lead', 'replyDue', 'description']}
      extra={[{ title: '申请延期', key: 'days', width: 100, render: (_, t) => <Tag color="purple">{t.pendingExtensionDays} 天</Tag> }]}
      empty="暂无待审核的延期申请"
    />
  );
}
