import { SupervisionQueue } from '../../components/SupervisionQueue';
import { formatTime } from '../../components/format';

/** 回访: phone appeals that were replied to; call the caller back and record their rating. */
export default function VisitsPage() {
  return (
    <SupervisionQueue
      title="电话回访"
      hint="致电来电人，记录其对办理结果的评价"
      query={{ status: ['replied'], channel: ['phone'] }}
      narrow={(t) => t.rating === null}
      actions={['record_visit']}
      columns={['number', 'category', 'lead', 'description']}
      extra={[
        { title: '来电人', key: 'caller', width: 160, render: (_, t) => `${t.contact.name ?? ''} ${t.contact.phone ?? ''}` },
        { title: '答复时间', key: 'repliedAt', width: 150, render: (_, t) => formatTime(t.reply?.at) },
      ]}
      empty="暂无待回访的电话诉求"
    />
  );
}
