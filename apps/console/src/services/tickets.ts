import type {
  Channel,
  DuplicateCandidateView,
  Page,
  TicketAction,
  TicketEventView,
  TicketStatus,
  TicketType,
  TicketView,
} from '@jyg12345/shared';
import { http } from './http';

/** The list filters GET /tickets understands (shared listTicketsQuerySchema). */
export interface TicketListQuery {
  status?: TicketStatus[];
  channel?: Channel[];
  type?: TicketType[];
  unitId?: string;
  dueSoon?: boolean;
  overdue?: boolean;
  q?: string;
  sort?: 'time' | 'deadline';
  limit?: number;
  cursor?: string;
}

export interface RegisterTicketBody {
  channel: 'phone';
  type: TicketType;
  categoryId: string;
  title?: string;
  description: string;
  contact?: { name?: string; phone?: string };
  location?: { lat: number; lng: number; coordSystem: 'gcj02' | 'wgs84'; address?: string };
  confidential: boolean;
  urgent: boolean;
}

export const ticketKeys = {
  all: ['tickets'] as const,
  lists: () => [...ticketKeys.all, 'list'] as const,
  list: (q: TicketListQuery) => [...ticketKeys.lists(), q] as const,
  detail: (id: string) => [...ticketKeys.all, 'detail', id] as const,
  events: (id: string) => [...ticketKeys.all, 'events', id] as const,
  duplicates: (id: string) => [...ticketKeys.all, 'duplicates', id] as const,
};

const csv = (values?: readonly string[]) => (values && values.length > 0 ? values.join(',') : undefined);

function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

export const ticketService = {
  list: (q: TicketListQuery) =>
    http.get<Page<TicketView>>('/tickets', {
      status: csv(q.status),
      channel: csv(q.channel),
      type: csv(q.type),
      unitId: q.unitId,
      dueSoon: q.dueSoon,
      overdue: q.overdue,
      q: q.q,
      sort: q.sort,
      limit: q.limit,
      cursor: q.cursor,
    }),
  /** Every page of a list, up to `max` tickets: the supervisor's queues are read whole and grouped here. */
  async listAll(q: TicketListQuery, max = 500): Promise<TicketView[]> {
    const items: TicketView[] = [];
    let cursor: string | undefined;
    do {
      const page = await ticketService.list({ ...q, limit: 100, cursor });
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && items.length < max);
    return items;
  },
  get: (id: string) => http.get<TicketView>(`/tickets/${id}`),
  events: (id: string) => http.get<TicketEventView[]>(`/tickets/${id}/events`),
  duplicates: (id: string) => http.get<DuplicateCandidateView[]>(`/tickets/${id}/duplicates`),
  register: (body: RegisterTicketBody) => http.post<TicketView>('/tickets', body, { 'Idempotency-Key': newIdempotencyKey() }),
  act: (id: string, action: TicketAction, body: Record<string, unknown> & { version: number }) =>
    http.post<TicketView>(`/tickets/${id}/actions/${action}`, body, { 'Idempotency-Key': newIdempotencyKey() }),
};
