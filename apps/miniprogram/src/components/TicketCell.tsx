import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { TICKET_TYPE_LABELS, type TicketView } from '@jyg12345/shared';
import { excerpt, formatDateTime } from '../utils/format';
import { StatusTag } from './StatusTag';

export function openTicket(id: string) {
  void Taro.navigateTo({ url: `/appeal/detail/index?id=${encodeURIComponent(id)}` });
}

/** One appeal in a list: type, first line, number and time, status as a word. */
export function TicketCell({ ticket }: { ticket: TicketView }) {
  return (
    <View className="cell cell--link cell--top ticket-cell" onClick={() => openTicket(ticket.id)} data-ticket-id={ticket.id}>
      <View className="cell__bd">
        <View className="ticket-cell__title">
          【{TICKET_TYPE_LABELS[ticket.type]}】{excerpt(ticket.title ?? ticket.description)}
        </View>
        <View className="cell__desc">
          <Text className="nowrap">{ticket.number}</Text> · <Text className="nowrap">{formatDateTime(ticket.createdAt)}</Text>
        </View>
      </View>
      <View className="cell__ft">
        <StatusTag status={ticket.status} />
      </View>
    </View>
  );
}
