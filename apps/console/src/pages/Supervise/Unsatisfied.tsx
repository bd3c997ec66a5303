import { SupervisionQueue } from '../../components/SupervisionQueue';
import { SATISFACTION_LABELS } from '@jyg12345/shared';

/** Residents unsatisfied with the reply: reopen to the unit (or close with a note). */
export default function UnsatisfiedPage() {
  return (
    <SupervisionQueue
      title="不满意待重办"
      query={{ status: ['replied'] }}
      narrow={(t) => t.rating?.satisfaction === 'unsatisfied'}
      actions={['reopen', 'close']}
      columns={['number', 'channel', 'category', 'lead', 'description']}
      extra={[
        { title: '评价', key: 'rating', width: 200, render: (_, t) => `${t.rating ? SATISFACTION_LABELS[t.rating.satisfaction] : ''} ${t.rating?.comment ?? ''}` },
      ]}
      empty="暂无不满意评价"
    />
  );
}
