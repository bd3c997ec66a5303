import type { CategoryView, TicketView } from '@jyg12345/shared';

/** A freshly filed resident ticket, as GET /tickets/:id returns it. */
export function ticketView(patch: Partial<TicketView> = {}): TicketView {
  return {
    id: 't1',
    number: 'JYG20261128000001',
    status: 'submitted',
    version: 1,
    channel: 'miniprogram',
    type: 'complaint',
    categoryId: null,
    title: null,
    description: '小区门口路灯坏了一个多月',
    location: null,
    contact: { name: null, phone: null },
    confidential: false,
    wgs84: null,
    outsideArea: false,
    streetId: null,
    communityId: null,
    photos: [],
    leadUnitId: null,
    cooperatingUnitIds: [],
    assignedUnitId: null,
    urgent: false,
    dispatchedAt: null,
    signDueAt: null,
    signedAt: null,
    replyDueAt: null,
    dueSoon: false,
    overdue: false,
    urgeCount: 0,
    pendingExtensionDays: null,
    reply: null,
    rating: null,
    rejectReason: null,
    mergedIntoId: null,
    closedAt: null,
    actions: ['withdraw', 'supplement'],
    createdAt: '2026-11-28T08:00:00Z',
    updatedAt: '2026-11-28T08:00:00Z',
    ...patch,
  };
}

/** A category of the three-level tree, as GET /categories returns it. */
export function categoryView(id: string, level1: string, level2: string, level3: string, active = true): CategoryView {
  return { id, code: id, level1, level2, level3, defaultUnitId: null, replyDays: null, active };
}
