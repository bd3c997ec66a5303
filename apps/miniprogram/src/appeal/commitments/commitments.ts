import type { CategoryView, TicketView, UnitView } from '@jyg12345/shared';
import { categoryName } from '../../services/categories';
import { formatDateTime } from '../../utils/format';

/**
 * What the hotline has promised a resident about one appeal, in words, from the view's own fields: its
 * category, who handles it, and by when they must reply. The reply deadline is set at dispatch; before that
 * the category's time limit is what the centre will apply.
 */
export interface Commitments {
  category: string;
  unit: string;
  reply: string;
  /** The reply is late (said in words too, never by colour alone). */
  overdue: boolean;
}

const WAITING = new Set(['submitted', 'accepted']);
const ENDED_UNHANDLED = new Set(['rejected', 'withdrawn', 'merged']);

export function commitmentsOf(ticket: TicketView, categories: readonly CategoryView[] | null, units: readonly UnitView[] | null): Commitments {
  const category = ticket.categoryId ? categories?.find((c) => c.id === ticket.categoryId) : undefined;
  const unitName = (id: string | null) => (id ? (units?.find((u) => u.id === id)?.name ?? null) : null);

  const categoryText = categoryName(category) ?? (ticket.categoryId ? '已分类' : '待中心分类');

  let unit: string;
  if (ENDED_UNHANDLED.has(ticket.status)) unit = '—';
  else if (!ticket.leadUnitId) unit = ticket.status === 'replied' || ticket.status === 'closed' ? '12345 热线中心' : '待中心派单';
  else {
    const lead = unitName(ticket.leadUnitId) ?? '已派单';
    const cooperating = ticket.cooperatingUnitIds.map(unitName).filter((n): n is string => Boolean(n));
    unit = cooperating.length > 0 ? `${lead}（协办：${cooperating.join('、')}）` : lead;
  }

  let reply: string;
  let overdue = false;
  if (ticket.reply) reply = `已于 ${formatDateTime(ticket.reply.at)} 答复`;
  else if (ENDED_UNHANDLED.has(ticket.status)) reply = '—';
  else if (ticket.replyDueAt) {
    overdue = ticket.overdue;
    reply = `${formatDateTime(ticket.replyDueAt)} 前答复${overdue ? '（已超期）' : ''}`;
  } else if (WAITING.has(ticket.status) && ticket.urgent) reply = '紧急诉求，派单当日答复';
  else if (WAITING.has(ticket.status) && category?.replyDays) reply = `派单后 ${category.replyDays} 个工作日内答复`;
  else reply = '派单后按规定时限答复';

  return { category: categoryText, unit, reply, overdue };
}
