import { Text } from '@tarojs/components';
import { TICKET_STATUS_LABELS, type TicketStatus } from '@jyg12345/shared';

const TONE: Record<TicketStatus, 'brand' | 'orange' | 'grey' | 'red'> = {
  submitted: 'orange',
  accepted: 'orange',
  dispatched: 'orange',
  in_progress: 'orange',
  return_requested: 'orange',
  replied: 'brand',
  closed: 'brand',
  rejected: 'grey',
  withdrawn: 'grey',
  merged: 'grey',
};

/** A status as text in a tag: the colour only repeats what the word says. */
export function StatusTag({ status }: { status: TicketStatus }) {
  return <Text className={`tag tag--${TONE[status]}`}>{TICKET_STATUS_LABELS[status]}</Text>;
}
