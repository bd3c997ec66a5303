import { Text } from '@tarojs/components';
import type { TicketView } from '@jyg12345/shared';
import { deadlineOf, type WorkCalendar } from './deadline';

/** Time left before the ticket's current deadline; overdue says 超期 in words (red only repeats it). */
export function DeadlineText({ ticket, cal, now }: { ticket: TicketView; cal: WorkCalendar; now?: Date }) {
  const info = deadlineOf(ticket, cal, now);
  if (!info) return null;
  return <Text className={`deadline deadline--${info.tone}`}>{info.text}</Text>;
}
