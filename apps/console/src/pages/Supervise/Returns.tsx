import { SupervisionQueue } from '../../components/SupervisionQueue';

/** A unit asked to hand a ticket back: approve (then dispatch it again) or refuse with a reason. */
export default function ReturnsPage() {
  return (
    <SupervisionQueue
      title="退单审核"
      hint="同意后可立即重新派单；退单原因见诉求详情的办理过程"
      query={{ status: ['return_requested'] }}
      actions={['approve_return', 'refuse_return']}
      columns={['number', 'category', 'lead', 'replyDue', 'description']}
      after={(action) => (action === 'approve_return' ? 'dispatch' : null)}
      empty="暂无待审核的退单申请"
    />
  );
}
