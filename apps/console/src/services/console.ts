import type { TicketView } from '@jyg12345/shared';
import { http } from './http';

/** The console's own endpoints (apps/api/src/console). */
export const consoleKeys = {
  callerTickets: (phone: string) => ['console', 'callers', phone] as const,
  failingDeliveries: () => ['console', 'province', 'failing'] as const,
};

export interface FailingDeliveryView {
  id: string;
  ticketId: string;
  ticketNumber: string | null;
  event: string;
  status: 'pending' | 'sent' | 'rejected';
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string;
}

export const consoleService = {
  callerTickets: (phone: string) => http.get<TicketView[]>(`/console/callers/${encodeURIComponent(phone)}/tickets`),
  failingDeliveries: () => http.get<FailingDeliveryView[]>('/console/province/failing-deliveries'),
};
