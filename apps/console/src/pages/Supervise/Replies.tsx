import { SupervisionQueue } from '../../components/SupervisionQueue';
import { formatTime } from '../../components/format';

/** Units have replied; the centre closes (unsatisfied ones are in their own queue). */
export default function RepliesPage() {
  return (
    <SupervisionQueue
      title="待办结"
      query={{ status: ['replied'] }}
      narrow={(t) => t.rating?.satisfaction !== 'unsatisfied'}
      actions={['close', 'reopen']}
      columns={['number', 'channel', 'category', 'lead', 'description']}
      extra={[{ title: '答复时间', key: 'repliedAt', width: 150, render: (_, t) => formatTime(t.reply?.at) }]}
      empty="暂无待办结的诉求"
    />
  );
}
