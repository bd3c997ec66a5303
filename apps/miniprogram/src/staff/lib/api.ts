import type { ActionBodies, AttachmentView, CalendarDayView, CategoryView, Page, TicketEventView, TicketView, UnitView } from '@jyg12345/shared';
import { uuidv4 } from '../../utils/uuid';
import { staffRequest, staffUpload } from './session';

/** The work queues of a unit handler: GET /tickets filters, oldest deadline first. */
export type QueueKey = 'dispatched' | 'in_progress' | 'due_soon' | 'overdue' | 'return_requested';

export const QUEUES: { key: QueueKey; label: string; query: Record<string, string> }[] = [
  { key: 'dispatched', label: '待签收', query: { status: 'dispatched' } },
  { key: 'in_progress', label: '办理中', query: { status: 'in_progress' } },
  { key: 'due_soon', label: '即将到期', query: { dueSoon: 'true', overdue: 'false' } },
  { key: 'overdue', label: '已超期', query: { overdue: 'true' } },
  { key: 'return_requested', label: '退单中', query: { status: 'return_requested' } },
];

export const QUEUE_PAGE_SIZE = 20;

/** The actions a unit handler takes; bodies are shared's action body types (act() adds `version`). */
export type HandlerAction = 'sign' | 'reply' | 'pass_down' | 'request_extension' | 'request_return';
export type HandlerActionBodies = Pick<ActionBodies, HandlerAction>;
export const HANDLER_ACTIONS: readonly HandlerAction[] = ['sign', 'reply', 'pass_down', 'request_extension', 'request_return'];

export const staffApi = {
  queue(key: QueueKey, cursor: string | null): Promise<Page<TicketView>> {
    const queue = QUEUES.find((q) => q.key === key) ?? QUEUES[0]!;
    return staffRequest<Page<TicketView>>('/tickets', {
      query: { ...queue.query, sort: 'deadline', limit: QUEUE_PAGE_SIZE, cursor: cursor ?? undefined },
    });
  },

  ticket(id: string): Promise<TicketView> {
    return staffRequest<TicketView>(`/tickets/${encodeURIComponent(id)}`);
  },

  events(id: string): Promise<TicketEventView[]> {
    return staffRequest<TicketEventView[]>(`/tickets/${encodeURIComponent(id)}/events`);
  },

  /** `version` must be the ticket's current one, else 409 VERSION_CONFLICT. */
  act<A extends HandlerAction>(id: string, action: A, version: number, body: HandlerActionBodies[A], idempotencyKey = uuidv4()): Promise<TicketView> {
    return staffRequest<TicketView>(`/tickets/${encodeURIComponent(id)}/actions/${action}`, {
      method: 'POST',
      body: { version, ...body },
      headers: { 'Idempotency-Key': idempotencyKey },
    });
  },

  categories(): Promise<CategoryView[]> {
    return staffRequest<CategoryView[]>('/categories');
  },

  units(): Promise<UnitView[]> {
    return staffRequest<UnitView[]>('/units');
  },

  calendar(year: number): Promise<CalendarDayView[]> {
    return staffRequest<CalendarDayView[]>('/calendar', { query: { year } });
  },

  /** Uploads one photo (multipart field `file`). */
  upload(filePath: string): Promise<AttachmentView> {
    return staffUpload<AttachmentView>('/attachments', filePath);
  },
};

/** Units strictly below `rootId` (sub-units a handler may pass a ticket down to), nearest first. */
export function unitsBelow(units: readonly UnitView[], rootId: string | null | undefined): UnitView[] {
  if (!rootId) return [];
  const byId = new Map(units.map((u) => [u.id, u]));
  const depthUnder = (unit: UnitView): number | null => {
    let depth = 0;
    const seen = new Set<string>();
    for (let p = unit.parentId; p; p = byId.get(p)?.parentId ?? null) {
      if (seen.has(p)) return null;
      seen.add(p);
      depth += 1;
      if (p === rootId) return depth;
    }
    return null;
  };
  return units
    .filter((u) => u.active && u.id !== rootId)
    .map((u) => ({ u, depth: depthUnder(u) }))
    .filter((x): x is { u: UnitView; depth: number } => x.depth !== null)
    .sort((a, b) => a.depth - b.depth || a.u.code.localeCompare(b.u.code))
    .map((x) => x.u);
}
