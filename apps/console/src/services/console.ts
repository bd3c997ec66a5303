import type { FailingDeliveryView, TicketView } from '@jyg12345/shared';
import { http } from './http';

/** The console's own endpoints (apps/api/src/console). */
export const consoleKeys = {
  callerTickets: (phone: string) => ['console', 'callers', phone] as const,
  failingDeliveries: () => ['console', 'province', 'failing'] as const,
};

export const consoleService = {
  callerTickets: (phone: string) => http.get<TicketView[]>(`/console/callers/${encodeURIComponent(phone)}/tickets`),
  failingDeliveries: () => http.get<FailingDeliveryView[]>('/console/province/failing-deliveries'),
};
