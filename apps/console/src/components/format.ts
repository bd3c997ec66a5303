import { type Channel, TICKET_ACTION_LABELS, type TicketAction } from '@jyg12345/shared';

export const CHANNEL_LABELS: Record<Channel, string> = {
  miniprogram: '小程序',
  phone: '电话',
  web: '网站',
  province: '省级平台',
  open311: 'Open311',
};

/** Timeline events include a few that are not actions (the appeal's first event). */
const EVENT_LABELS: Record<string, string> = { submit: '提交诉求', register: '来电登记', ...TICKET_ACTION_LABELS };

export const eventLabel = (action: string) => EVENT_LABELS[action] ?? action;
export const actionLabel = (action: TicketAction) => TICKET_ACTION_LABELS[action];

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "2天3小时", "45分钟": a span in the words a desk uses. */
export function formatSpan(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return `${days}天${hours}小时`;
  if (hours > 0) return `${hours}小时${mins}分钟`;
  return `${mins}分钟`;
}
