import { Tag } from 'antd';
import { useNow } from '../hooks/useNow';
import { formatSpan, formatTime } from './format';

/** A deadline with the time left (or how long overdue), coloured as it gets close. */
export function TimeLeft({ due, done }: { due: string | null; done?: boolean }) {
  const now = useNow();
  if (!due) return <span>—</span>;
  const left = new Date(due).getTime() - now;
  if (done) return <span>{formatTime(due)}</span>;
  return (
    <span>
      {formatTime(due)}{' '}
      {left < 0 ? <Tag color="red">已超期 {formatSpan(-left)}</Tag> : <Tag color={left < 24 * 3600_000 ? 'orange' : 'blue'}>剩余 {formatSpan(left)}</Tag>}
    </span>
  );
}
