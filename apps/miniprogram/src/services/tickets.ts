import type { CreateTicketInput, VersionedBody, Page, TicketEventView, TicketStatus, TicketView } from '@jyg12345/shared';
import { ErrorCode } from '@jyg12345/shared';
import { ApiError } from './api-error';
import { request } from './http';
import { authed } from './session';

export interface ListTicketsParams {
  status?: readonly TicketStatus[];
  limit?: number;
  cursor?: string | null;
}

/** The body POST /tickets accepts: createTicketSchema's input (confidential may be omitted there). */
export type CreateTicketBody = Omit<CreateTicketInput, 'confidential'> & { confidential: boolean };

/** The actions a resident may take; their bodies are shared's action body types. */
export type ResidentAction = 'withdraw' | 'supplement' | 'rate';
export type ResidentActionBodies = { [A in ResidentAction]: VersionedBody<A> };
export const RESIDENT_ACTIONS: readonly ResidentAction[] = ['supplement', 'rate', 'withdraw'];

export const ticketsService = {
  list(params: ListTicketsParams = {}): Promise<Page<TicketView>> {
    return authed(() =>
      request<Page<TicketView>>('/tickets', {
        query: { status: params.status, limit: params.limit, cursor: params.cursor ?? undefined },
      }),
    );
  },

  get(id: string): Promise<TicketView> {
    return authed(() => request<TicketView>(`/tickets/${encodeURIComponent(id)}`));
  },

  /** The ticket's timeline; null when this API version has no events route yet. */
  async events(id: string): Promise<TicketEventView[] | null> {
    try {
      return await authed(() => request<TicketEventView[]>(`/tickets/${encodeURIComponent(id)}/events`));
    } catch (error) {
      if (error instanceof ApiError && error.code === ErrorCode.ROUTE_NOT_FOUND) return null;
      throw error;
    }
  },

  /** A workflow action; `version` must be the ticket's current one (else VERSION_CONFLICT). */
  act<A extends ResidentAction>(id: string, action: A, body: ResidentActionBodies[A], idempotencyKey: string): Promise<TicketView> {
    return authed(() =>
      request<TicketView>(`/tickets/${encodeURIComponent(id)}/actions/${action}`, {
        method: 'POST',
        body,
        headers: { 'Idempotency-Key': idempotencyKey },
      }),
    );
  },

  /** Files an appeal. The same idempotencyKey always yields the same ticket, so retrying is safe. */
  create(body: CreateTicketBody, idempotencyKey: string): Promise<TicketView> {
    return authed(() =>
      request<TicketView>('/tickets', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } }),
    );
  },
};
